import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createKustomerClient } from '../../src/client/index.js';
import { KustomerApiError, KustomerError } from '../../src/errors.js';
import { specHttp, useSpecServer } from './support/spec-server.js';

const BASE = 'https://api.kustomerapp.com';
const API_KEY = 'test-key.errors-contract-0123456789abcdef';
const http = specHttp(BASE);
const specServer = useSpecServer();

const client = () => createKustomerClient({ apiKey: API_KEY, retry: false });

async function rejection(promise: Promise<unknown>): Promise<KustomerApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(KustomerApiError);
  if (!(error instanceof KustomerApiError)) throw new Error('expected a KustomerApiError');
  return error;
}

const kustomerShape = (code: string, message: string) => ({ errors: [{ code, message }] });

describe('error statuses on customers.create', () => {
  const cases = [
    { status: 400, code: 'bad_request', retryable: false },
    { status: 401, code: 'unauthorized', retryable: false },
    { status: 403, code: 'forbidden', retryable: false },
    { status: 409, code: 'conflict', retryable: false },
    { status: 413, code: 'payload_too_large', retryable: false },
    { status: 429, code: 'too_many_requests', retryable: true },
  ] as const;

  it.each(cases)('throws a KustomerApiError for $status with code $code', async (c) => {
    specServer.use(
      http.post('/v1/customers', ({ response }) =>
        response(c.status).json(kustomerShape(c.code, `status ${c.status} happened`)),
      ),
    );
    const error = await rejection(client().customers.create({ name: 'Ada' }));
    expect(error.status).toBe(c.status);
    expect(error.code).toBe(c.code);
    expect(error.messages).toEqual([`status ${c.status} happened`]);
    expect(error.retryable).toBe(c.retryable);
    expect(error.message).toBe(
      `Kustomer POST /v1/customers failed with HTTP ${c.status}: status ${c.status} happened`,
    );
  });

  it.each([
    { status: 500, retryable: true },
    { status: 501, retryable: false },
    { status: 503, retryable: true },
  ] as const)(
    'throws a KustomerApiError for server error $status',
    async ({ status, retryable }) => {
      specServer.use(
        http.post('/v1/customers', ({ response }) =>
          response('5XX').json(kustomerShape('server_error', 'try later'), { status }),
        ),
      );
      const error = await rejection(client().customers.create({ name: 'Ada' }));
      expect(error.status).toBe(status);
      expect(error.code).toBe('server_error');
      expect(error.retryable).toBe(retryable);
    },
  );
});

describe('404 outside lookups', () => {
  it('throws for a 404 on update: the customer to change does not exist', async () => {
    specServer.use(
      http.put('/v1/customers/{id}', ({ response }) =>
        response(404).json(kustomerShape('not_found', 'customer not found')),
      ),
    );
    const error = await rejection(client().customers.update('gone', { name: 'Ada' }));
    expect(error.status).toBe(404);
    expect(error.code).toBe('not_found');
    expect(error.retryable).toBe(false);
  });
});

describe('error body shapes', () => {
  it('reads code and message from errors[].code/message', async () => {
    specServer.use(
      http.post('/v1/customers', ({ response }) =>
        response(400).json({
          errors: [
            { code: 'bad_request', message: 'name is too long' },
            { code: 'bad_request', message: 'emails/0/type is not one of home, work, other' },
          ],
        }),
      ),
    );
    const error = await rejection(client().customers.create({ name: 'Ada' }));
    expect(error.code).toBe('bad_request');
    expect(error.messages).toEqual([
      'name is too long',
      'emails/0/type is not one of home, work, other',
    ]);
  });

  it('reads code, title and detail from JSON:API error objects', async () => {
    const body = {
      errors: [
        {
          status: '400',
          code: 'invalid_attribute',
          title: 'Invalid attribute',
          detail: 'custom.ageStr must be a string',
          source: { pointer: '/data/attributes/custom/ageStr' },
        },
      ],
    };
    specServer.use(http.post('/v1/customers', ({ response }) => response(400).json(body)));
    const error = await rejection(client().customers.create({ name: 'Ada' }));
    expect(error.code).toBe('invalid_attribute');
    expect(error.messages).toEqual(['Invalid attribute: custom.ageStr must be a string']);
    expect(error.body).toEqual(body);
  });

  it('keeps status and request when an error body has neither shape', async () => {
    specServer.use(
      http.post('/v1/tracking/identityEvent', ({ response }) =>
        response('5XX').json({ errors: [{ status: 502 }] }, { status: 502 }),
      ),
    );
    const error = await rejection(
      client().tracking.identityEvent({ identity: { externalId: 'u1' }, event: { name: 'Ok' } }),
    );
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    expect(error.messages).toEqual([]);
    expect(error.request.url).toBe(`${BASE}/v1/tracking/identityEvent`);
  });
});

describe('the API key never leaves in an error', () => {
  function expectNoKey(error: KustomerApiError) {
    expect(error.message).not.toContain(API_KEY);
    expect(error.stack ?? '').not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(JSON.stringify(error.request)).not.toContain(API_KEY);
    expect(JSON.stringify(error.body) ?? '').not.toContain(API_KEY);
    expect(String(error.cause ?? '')).not.toContain(API_KEY);
  }

  it('redacts Authorization in the request an HTTP error keeps', async () => {
    specServer.use(
      http.post('/v1/customers', ({ response }) =>
        response(401).json(kustomerShape('unauthorized', 'invalid token')),
      ),
    );
    const error = await rejection(client().customers.create({ name: 'Ada' }));
    expect(error.request.headers.authorization).toBe('[REDACTED]');
    expect(error.request.method).toBe('POST');
    expectNoKey(error);
  });

  it('redacts the key even when the answer echoes it back', async () => {
    specServer.use(
      http.post('/v1/customers', ({ request, response }) =>
        response(401).json(
          kustomerShape('unauthorized', `token ${request.headers.get('authorization')} expired`),
        ),
      ),
    );
    const error = await rejection(client().customers.create({ name: 'Ada' }));
    expect(error.messages).toEqual(['token Bearer [REDACTED] expired']);
    expectNoKey(error);
  });

  it('keeps no key in a network error', async () => {
    specServer.use(http.untyped.post(`${BASE}/v1/customers`, () => HttpResponse.error()));
    const noHold = createKustomerClient({ apiKey: API_KEY, retry: false, lostWriteHoldMs: 0 });
    const error = await rejection(noHold.customers.create({ name: 'Ada' }));
    expect(error.status).toBe(0);
    expectNoKey(error);
  });
});

describe('answers that are not what the spec promises (injected fetch)', () => {
  const withFetch = (answer: () => Response) =>
    createKustomerClient({ apiKey: API_KEY, retry: false, fetch: async () => answer() });

  it('resolves a lookup to null when the 404 has no body at all', async () => {
    const lookup = withFetch(() => new Response(null, { status: 404 }));
    await expect(lookup.customers.getByExternalId('user-0')).resolves.toBeNull();
  });

  it('rejects a 200 without a data envelope as an invalid response', async () => {
    const broken = withFetch(() => Response.json({ ok: true }, { status: 200 }));
    const error = await rejection(broken.customers.get('c-1'));
    expect(error.code).toBe('invalid_response');
    expect(error.retryable).toBe(false);
  });

  it('keeps an error body that is not JSON as text, with no code', async () => {
    const html = withFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await rejection(html.customers.create({ name: 'Ada' }));
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    expect(error.body).toBe('<html>Bad gateway</html>');
  });
});

describe("a 403 keeps the answer's reason, whatever its shape", () => {
  const withFetch = (answer: () => Response) =>
    createKustomerClient({ apiKey: API_KEY, retry: false, fetch: async () => answer() });
  const reason = 'The API key lacks the role org.permission.customer.create';

  it.each([
    [
      'errors[] items',
      () => Response.json({ errors: [{ code: 'forbidden', message: reason }] }, { status: 403 }),
    ],
    ['a top-level message', () => Response.json({ message: reason }, { status: 403 })],
    ['a top-level error', () => Response.json({ error: reason }, { status: 403 })],
    [
      'plain text',
      () => new Response(reason, { status: 403, headers: { 'content-type': 'text/plain' } }),
    ],
  ])('from %s', async (_, answer) => {
    const error = await rejection(withFetch(answer).customers.create({ name: 'Ada' }));
    expect(error.status).toBe(403);
    expect(error.message).toBe(`Kustomer POST /v1/customers failed with HTTP 403: ${reason}`);
  });
});

describe('path values that would change the request path', () => {
  it.each(['', '.', '..'])('refuses the customer id %j before sending anything', async (id) => {
    const error = await client()
      .customers.get(id)
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(KustomerError);
    expect(error).not.toBeInstanceOf(KustomerApiError);
    expect(await specServer.recorded()).toEqual([]);
  });

  it('refuses an empty email and an unpaired surrogate in an external id', async () => {
    await expect(client().customers.getByEmail('')).rejects.toThrow(/email.*empty/);
    await expect(client().customers.getByExternalId('a\uD800b')).rejects.toThrow(/surrogate/);
    expect(await specServer.recorded()).toEqual([]);
  });
});

describe('the contract spec server', () => {
  it('reports a request body the spec rejects', async () => {
    specServer.use(
      http.post('/v1/customers', ({ response }) =>
        response(400).json(kustomerShape('bad_request', 'bad body')),
      ),
    );
    const answer = await fetch(`${BASE}/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', gender: 'x' }),
    });
    await answer.arrayBuffer();
    const violations = await specServer.settle();
    specServer.reset();
    expect(violations).toEqual([
      expect.objectContaining({ side: 'request', message: expect.stringContaining('/gender') }),
    ]);
  });

  it('reports an answer with a status the operation does not document', async () => {
    specServer.use(
      http.untyped.post(`${BASE}/v1/tracking/identityEvent`, () =>
        HttpResponse.json(kustomerShape('not_found', 'nope'), { status: 404 }),
      ),
    );
    await client()
      .tracking.identityEvent({ identity: { externalId: 'u1' }, event: { name: 'Ok' } })
      .catch(() => undefined);
    const violations = await specServer.settle();
    specServer.reset();
    expect(violations).toEqual([
      expect.objectContaining({ side: 'response', message: expect.stringContaining('404') }),
    ]);
  });
});
