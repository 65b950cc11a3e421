import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/kustomer.js';
import { createKustomerClient } from '../../src/client/index.js';
import { PACKAGE_USER_AGENT } from '../../src/client/middleware.js';
import { specHttp, useSpecServer } from './support/spec-server.js';

type CustomerResource = components['schemas']['CustomerResource'];

const BASE = 'https://api.kustomerapp.com';
const API_KEY = 'test-key.customers-contract-0123456789';
const http = specHttp(BASE);
const specServer = useSpecServer();

const client = () => createKustomerClient({ apiKey: API_KEY, retry: false });

function customer(id: string, attributes: CustomerResource['attributes'] = {}): CustomerResource {
  return { type: 'customer', id, attributes };
}

describe('customers.create', () => {
  it('posts the body to /v1/customers and returns the created customer', async () => {
    specServer.use(
      http.post('/v1/customers', async ({ request, response }) => {
        const body = await request.json();
        return response(201).json({ data: customer('c-new', { name: body.name ?? null }) });
      }),
    );
    const created = await client().customers.create({
      name: 'Ada Lovelace',
      emails: [{ email: 'ada@example.com', type: 'work' }],
    });
    expect(created).toEqual(customer('c-new', { name: 'Ada Lovelace' }));
    const requests = await specServer.recorded();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toEqual({
      name: 'Ada Lovelace',
      emails: [{ email: 'ada@example.com', type: 'work' }],
    });
  });
});

describe('customers.get', () => {
  it('returns the customer with that Kustomer id', async () => {
    specServer.use(
      http.get('/v1/customers/{id}', ({ params, response }) =>
        response(200).json({ data: customer(params.id, { name: 'Grace' }) }),
      ),
    );
    await expect(client().customers.get('5f1e')).resolves.toEqual(
      customer('5f1e', { name: 'Grace' }),
    );
  });

  it('resolves to null when no customer has the id', async () => {
    specServer.use(
      http.get('/v1/customers/{id}', ({ response }) =>
        response(404).json({ errors: [{ code: 'not_found', message: 'customer not found' }] }),
      ),
    );
    await expect(client().customers.get('missing')).resolves.toBeNull();
  });
});

describe('customers.getByEmail', () => {
  it('returns the customer with that email', async () => {
    specServer.use(
      http.get('/v1/customers/email={email}', ({ params, response }) =>
        response(200).json({ data: customer('c-mail', { emails: [{ email: params.email }] }) }),
      ),
    );
    const found = await client().customers.getByEmail('ada@example.com');
    expect(found?.attributes.emails?.[0]?.email).toBe('ada@example.com');
  });

  it('resolves to null when no customer has the email', async () => {
    specServer.use(
      http.get('/v1/customers/email={email}', ({ response }) =>
        response(404).json({ errors: [{ status: 404, code: 'not_found', title: 'Not Found' }] }),
      ),
    );
    await expect(client().customers.getByEmail('nobody@example.com')).resolves.toBeNull();
  });
});

describe('customers.getByExternalId', () => {
  it('returns the customer with that external id', async () => {
    specServer.use(
      http.get('/v1/customers/externalId={externalId}', ({ params, response }) =>
        response(200).json({ data: customer('c-ext', { externalId: params.externalId }) }),
      ),
    );
    const found = await client().customers.getByExternalId('user-42');
    expect(found?.attributes.externalId).toBe('user-42');
  });

  it('resolves to null when no customer has the external id', async () => {
    specServer.use(
      http.get('/v1/customers/externalId={externalId}', ({ response }) =>
        response(404).json({ errors: [{ code: 'not_found' }] }),
      ),
    );
    await expect(client().customers.getByExternalId('user-0')).resolves.toBeNull();
  });
});

describe('customers.update', () => {
  const echoUpdate = () =>
    http.put('/v1/customers/{id}', async ({ params, request, response }) => {
      const body = await request.json();
      return response(200).json({ data: customer(params.id, { name: body.name ?? null }) });
    });

  it('merges with PUT /v1/customers/{id}?replace=false by default', async () => {
    specServer.use(echoUpdate());
    const updated = await client().customers.update('c-7', { name: 'Ada' });
    expect(updated).toEqual(customer('c-7', { name: 'Ada' }));
    const [request] = await specServer.recorded();
    expect(request?.method).toBe('PUT');
    expect(request?.url.pathname).toBe('/v1/customers/c-7');
    expect(request?.url.search).toBe('?replace=false');
    expect(request?.body).toEqual({ name: 'Ada' });
  });

  it('sends replace=true only when asked to replace the document', async () => {
    specServer.use(echoUpdate());
    await client().customers.update('c-7', { name: 'Ada' }, { replace: true });
    expect((await specServer.recorded())[0]?.url.search).toBe('?replace=true');
  });
});

describe('request headers', () => {
  const answerLookup = () =>
    http.get('/v1/customers/{id}', ({ params, response }) =>
      response(200).json({ data: customer(params.id) }),
    );

  it('sends the API key as a bearer token on every request', async () => {
    specServer.use(answerLookup());
    await client().customers.get('c-1');
    expect((await specServer.recorded())[0]?.headers.get('authorization')).toBe(
      `Bearer ${API_KEY}`,
    );
  });

  it('names the package and its version in User-Agent', async () => {
    specServer.use(answerLookup());
    await client().customers.get('c-1');
    const userAgent = (await specServer.recorded())[0]?.headers.get('user-agent');
    expect(userAgent).toBe(PACKAGE_USER_AGENT);
    expect(userAgent).toMatch(
      /^kustomer-destination\/\d+\.\d+\.\d+\S* \(\+https:\/\/www\.npmjs\.com\/package\/kustomer-destination\)$/,
    );
  });

  it("puts the caller's userAgent before the package's own", async () => {
    specServer.use(answerLookup());
    await createKustomerClient({ apiKey: API_KEY, userAgent: 'acme-sync/2.1' }).customers.get(
      'c-1',
    );
    expect((await specServer.recorded())[0]?.headers.get('user-agent')).toBe(
      `acme-sync/2.1 ${PACKAGE_USER_AGENT}`,
    );
  });

  it('declares a JSON body only on requests that carry one', async () => {
    specServer.use(
      answerLookup(),
      http.post('/v1/customers', ({ response }) => response(201).json({ data: customer('c-2') })),
    );
    await client().customers.get('c-1');
    await client().customers.create({ name: 'Ada' });
    const [lookup, create] = await specServer.recorded();
    expect(lookup?.headers.get('content-type')).toBeNull();
    expect(create?.headers.get('content-type')).toBe('application/json');
  });
});
