import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/kustomer.js';
import { createKustomerClient } from '../../src/client/index.js';
import type { AttemptInfo } from '../../src/client/types.js';
import { systemClock } from '../../src/clock.js';
import { KustomerApiError } from '../../src/errors.js';
import { specHttp, useSpecServer } from './support/spec-server.js';

const BASE = 'https://api.kustomerapp.com';
const API_KEY = 'test-key.timeouts-contract-0123456789';
const http = specHttp(BASE);
const specServer = useSpecServer();

const ada: components['schemas']['CustomerResource'] = {
  type: 'customer',
  id: 'c-1',
  attributes: { name: 'Ada' },
};
const noWait = { ...systemClock, sleep: async () => undefined };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to reject');
    },
    (reason: unknown) => reason,
  );
}

/** Answers nothing to the first `hang` requests, then the customer. */
function hangThenAnswer(hang: number) {
  let seen = 0;
  return http.get('/v1/customers/{id}', async ({ response }) => {
    seen += 1;
    if (seen <= hang) await delay('infinite');
    return response(200).json({ data: ada });
  });
}

describe('per-attempt timeout', () => {
  it('fails with status 0 and code timeout when no answer comes in time', async () => {
    specServer.use(hangThenAnswer(Number.POSITIVE_INFINITY));
    const client = createKustomerClient({ apiKey: API_KEY, timeoutMs: 50, retry: false });
    const error = await rejection(client.customers.get('c-1'));
    expect(error).toBeInstanceOf(KustomerApiError);
    expect(error).toMatchObject({ status: 0, code: 'timeout', retryable: true });
    expect(error).toHaveProperty('messages', ['no response within 50 ms']);
  });

  it('gives each attempt its own timeout, so a retry can still succeed', async () => {
    specServer.use(hangThenAnswer(1));
    const client = createKustomerClient({ apiKey: API_KEY, timeoutMs: 50, clock: noWait });
    await expect(client.customers.get('c-1')).resolves.toEqual(ada);
    expect(await specServer.recorded()).toHaveLength(2);
  });
});

describe('network errors', () => {
  it('fails with status 0 and code network_error, keeping the cause', async () => {
    specServer.use(http.untyped.get(`${BASE}/v1/customers/:id`, () => HttpResponse.error()));
    const client = createKustomerClient({ apiKey: API_KEY, retry: false });
    const error = await rejection(client.customers.get('c-1'));
    expect(error).toBeInstanceOf(KustomerApiError);
    expect(error).toMatchObject({ status: 0, code: 'network_error', retryable: true });
    if (!(error instanceof KustomerApiError)) return;
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.request.url).toBe(`${BASE}/v1/customers/c-1`);
  });

  it('retries a dropped connection', async () => {
    let seen = 0;
    specServer.use(
      http.get('/v1/customers/{id}', ({ response }) => {
        seen += 1;
        return seen === 1 ? HttpResponse.error() : response(200).json({ data: ada });
      }),
    );
    const client = createKustomerClient({ apiKey: API_KEY, clock: noWait });
    await expect(client.customers.get('c-1')).resolves.toEqual(ada);
    expect(seen).toBe(2);
  });
});

describe('caller abort', () => {
  it('rejects with the signal reason and sends nothing when already aborted', async () => {
    const reason = new Error('shutting down');
    const client = createKustomerClient({ apiKey: API_KEY });
    await expect(client.customers.get('c-1', { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(await specServer.recorded()).toEqual([]);
  });

  it('rejects with the signal reason mid-request and does not retry', async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    specServer.use(
      http.get('/v1/customers/{id}', async ({ response }) => {
        controller.abort(reason);
        await delay('infinite');
        return response(200).json({ data: ada });
      }),
    );
    const attempts: AttemptInfo[] = [];
    const client = createKustomerClient({ apiKey: API_KEY, clock: noWait });
    await expect(
      client.customers.get('c-1', {
        signal: controller.signal,
        onAttempt: (info) => attempts.push(info),
      }),
    ).rejects.toBe(reason);
    expect(await specServer.recorded()).toHaveLength(1);
    expect(attempts).toEqual([expect.objectContaining({ status: 0, willRetry: false })]);
  });

  it('rejects with the signal reason while waiting between attempts', async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up while waiting');
    specServer.use(
      http.get('/v1/customers/{id}', ({ response }) =>
        response('5XX').json({ errors: [{ code: 'unavailable' }] }, { status: 503 }),
      ),
    );
    // The default sleep with an hour-long backoff: only the abort can end the wait.
    const client = createKustomerClient({
      apiKey: API_KEY,
      retry: { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
      clock: { ...systemClock, random: () => 0.5 },
    });
    const call = client.customers.get('c-1', {
      signal: controller.signal,
      onAttempt: (info) => {
        if (info.willRetry) controller.abort(reason);
      },
    });
    await expect(call).rejects.toBe(reason);
    expect(await specServer.recorded()).toHaveLength(1);
  });
});
