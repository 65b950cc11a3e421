import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/kustomer.js';
import { createKustomerClient } from '../../src/client/index.js';
import type { KustomerClientOptions } from '../../src/client/types.js';
import { specHttp, useSpecServer } from './support/spec-server.js';

type CustomerResource = components['schemas']['CustomerResource'];

const API_KEY = 'test-key.hosts-contract-0123456789';
// Fixed so a failure replays; fast-check prints it with the counterexample.
const SEED = 20_261_129;

const hosts: { name: string; options: Omit<KustomerClientOptions, 'apiKey'>; origin: string }[] = [
  { name: 'region us', options: { region: 'us' }, origin: 'https://api.kustomerapp.com' },
  { name: 'region eu', options: { region: 'eu' }, origin: 'https://api.prod2.kustomerapp.com' },
  { name: 'region in', options: { region: 'in' }, origin: 'https://api.prod4.kustomerapp.com' },
  {
    name: 'organisation host',
    options: { orgName: 'Acme', region: 'eu' },
    origin: 'https://acme.api.kustomerapp.com',
  },
  {
    name: 'explicit simulator base URL',
    options: { baseUrl: 'http://127.0.0.1:4010/', allowInsecureBaseUrl: true },
    origin: 'http://127.0.0.1:4010',
  },
];

/** Handlers that echo the looked-up value back, on one host. */
function echoHandlers(origin: string) {
  const http = specHttp(origin);
  const customer = (id: string, attributes: CustomerResource['attributes']) => ({
    data: { type: 'customer' as const, id, attributes },
  });
  return [
    http.get('/v1/customers/email={email}', ({ params, response }) =>
      response(200).json(customer('by-email', { emails: [{ email: params.email }] })),
    ),
    http.get('/v1/customers/externalId={externalId}', ({ params, response }) =>
      response(200).json(customer('by-external-id', { externalId: params.externalId })),
    ),
    http.put('/v1/customers/{id}', ({ params, response }) =>
      response(200).json(customer(params.id, {})),
    ),
    http.post('/v1/tracking/identityEvent', ({ response }) =>
      response(201).json({ data: { type: 'identity', id: 'ti', attributes: {} } }),
    ),
  ];
}

const specServer = useSpecServer(...hosts.flatMap(({ origin }) => echoHandlers(origin)));

describe.each(hosts)('on the $name', ({ options, origin }) => {
  const client = () => createKustomerClient({ apiKey: API_KEY, ...options });

  it(`exposes ${origin} as its base URL`, () => {
    expect(client().baseUrl).toBe(origin);
  });

  it('sends lookups, updates and tracking events to that host only', async () => {
    const c = client();
    await c.customers.getByEmail('ada@example.com');
    await c.customers.getByExternalId('user-42');
    await c.customers.update('c-1', { name: 'Ada' });
    await c.tracking.identityEvent({ identity: { externalId: 'u' }, event: { name: 'Signed-Up' } });
    const requests = await specServer.recorded();
    expect(requests.map((r) => r.url.origin)).toEqual([origin, origin, origin, origin]);
  });
});

describe('lookup values are one encoded path segment', () => {
  const client = () => createKustomerClient({ apiKey: API_KEY });

  it('sends a+b/c?d#e@x.com as exactly that email', async () => {
    const found = await client().customers.getByEmail('a+b/c?d#e@x.com');
    const [request] = await specServer.recorded();
    expect(request?.url.pathname).toBe('/v1/customers/email=a%2Bb%2Fc%3Fd%23e%40x.com');
    expect(request?.url.search).toBe('');
    expect(request?.url.hash).toBe('');
    expect(found?.attributes.emails?.[0]?.email).toBe('a+b/c?d#e@x.com');
  });

  it('keeps dot segments inside the email= segment', async () => {
    await client().customers.getByEmail('..');
    await client().customers.getByExternalId('.');
    const requests = await specServer.recorded();
    expect(requests.map((r) => r.url.pathname)).toEqual([
      '/v1/customers/email=..',
      '/v1/customers/externalId=.',
    ]);
  });

  // Strings rich in the characters that could break out of a segment, plus any Unicode grapheme.
  const lookupValue = fc.string({
    unit: fc.oneof(
      fc.constantFrom('/', '?', '#', '+', '@', '%', '&', '=', '.', ' ', '\\', ';', '%2F', '..'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    ),
    minLength: 1,
    maxLength: 40,
  });

  test.prop([lookupValue], { numRuns: 200, seed: SEED })(
    'round-trips any email through the path unchanged',
    async (email) => {
      const found = await client().customers.getByEmail(email);
      const requests = await specServer.recorded();
      const request = requests[requests.length - 1];
      expect(request?.url.pathname).toBe(`/v1/customers/email=${encodeURIComponent(email)}`);
      expect(found?.attributes.emails?.[0]?.email).toBe(email);
    },
  );

  test.prop([lookupValue], { numRuns: 200, seed: SEED + 1 })(
    'round-trips any external id through the path unchanged',
    async (externalId) => {
      const found = await client().customers.getByExternalId(externalId);
      const requests = await specServer.recorded();
      const request = requests[requests.length - 1];
      expect(request?.url.pathname).toBe(
        `/v1/customers/externalId=${encodeURIComponent(externalId)}`,
      );
      expect(found?.attributes.externalId).toBe(externalId);
    },
  );
});
