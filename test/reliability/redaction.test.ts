import { describe, expect, it } from 'vitest';
import { createKustomerClient } from '../../src/client/index.js';
import { KustomerApiError } from '../../src/errors.js';
import { expectNoKey, HOSTILE_KEY, keyForms } from './support/leaks.js';

const BASE = 'https://api.kustomerapp.com';
const escapedKey = JSON.stringify(HOSTILE_KEY).slice(1, -1);

/** A Kustomer (or a proxy in front of it) that quotes the credential back in its error. */
function echoingClient(body: (authorization: string) => string, contentType: string) {
  return createKustomerClient({
    apiKey: HOSTILE_KEY,
    baseUrl: BASE,
    retry: false,
    fetch: async (request) =>
      new Response(body(request.headers.get('authorization') ?? ''), {
        status: 401,
        headers: { 'content-type': contentType },
      }),
  });
}

async function failure(promise: Promise<unknown>): Promise<KustomerApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof KustomerApiError)) throw new Error('expected a KustomerApiError');
  return error;
}

describe('a key that JSON has to escape', () => {
  it('is one the client accepts, so it can reach a request', () => {
    expect(keyForms(HOSTILE_KEY)).toContain(escapedKey);
    expect(escapedKey).not.toBe(HOSTILE_KEY);
  });

  it('does not leak through the message or body when Kustomer echoes it in a JSON error', async () => {
    const client = echoingClient(
      (authorization) =>
        JSON.stringify({
          errors: [{ code: 'unauthorized', message: `bad credential ${authorization}` }],
          echo: { header: authorization, [authorization]: true, nested: [{ authorization }] },
        }),
      'application/json',
    );
    const error = await failure(client.customers.create({ name: 'Ada' }));
    expect(error.status).toBe(401);
    expect(error.message).toContain('[REDACTED]');
    expectNoKey('error', error, HOSTILE_KEY);
    expectNoKey('error.body', error.body, HOSTILE_KEY);
    expectNoKey('error.messages', error.messages, HOSTILE_KEY);
  });

  it('does not leak when an error message quotes the key already JSON-escaped', async () => {
    const client = echoingClient(
      () =>
        JSON.stringify({
          errors: [{ code: 'unauthorized', message: `header was "Bearer ${escapedKey}"` }],
        }),
      'application/json',
    );
    const error = await failure(client.customers.getByEmail('ada@example.com'));
    expect(error.messages).toEqual(['header was "Bearer [REDACTED]"']);
    expectNoKey('error', error, HOSTILE_KEY);
  });

  it('does not leak through a plain-text error page that shows the request as JSON', async () => {
    const client = echoingClient(
      (authorization) => `<pre>${JSON.stringify({ authorization })}</pre>`,
      'text/html',
    );
    const error = await failure(
      client.tracking.identityEvent({ identity: {}, event: { name: 'Signed Up' } }),
    );
    expect(String(error.body)).toContain('[REDACTED]');
    expectNoKey('error', error, HOSTILE_KEY);
  });

  it('keeps a __proto__ key of an echoed body as data while scrubbing it', async () => {
    const client = echoingClient(
      (authorization) =>
        `{"__proto__": {"polluted": "${JSON.stringify(authorization).slice(1, -1)}"}}`,
      'application/json',
    );
    const error = await failure(client.customers.create({ name: 'Ada' }));
    expect(Object.hasOwn(error.body as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectNoKey('error.body', error.body, HOSTILE_KEY);
  });
});
