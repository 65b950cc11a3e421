import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../generated/kustomer.js';
import { createGatedClient } from '../../src/client/index.js';
import type { AttemptInfo, KustomerClientOptions, RequestGate } from '../../src/client/types.js';
import { KustomerApiError } from '../../src/errors.js';
import { specHttp, useSpecServer } from './support/spec-server.js';

const BASE = 'https://api.kustomerapp.com';
const API_KEY = 'test-key.retries-contract-0123456789';
const http = specHttp(BASE);
const specServer = useSpecServer();

const ada: components['schemas']['CustomerResource'] = {
  type: 'customer',
  id: 'c-1',
  attributes: { name: 'Ada' },
};
const failure = (code: string) => ({ errors: [{ code, message: `${code} for now` }] });

/** A client whose waits are recorded instead of slept, with jitter fixed at `random`. */
function recordingClient(
  options: Partial<KustomerClientOptions> = {},
  random = 0.5,
  gate?: RequestGate,
) {
  const sleeps: number[] = [];
  const client = createGatedClient(
    {
      apiKey: API_KEY,
      clock: {
        now: () => Date.now(),
        sleep: async (ms: number) => {
          sleeps.push(ms);
        },
        random: () => random,
      },
      ...options,
    },
    gate,
  );
  return { client, sleeps };
}

type Scripted = 200 | 400 | 429 | 500 | 501 | 503;

/** Answers create with the scripted statuses in turn (the last one repeats). */
function scriptCreate(statuses: Scripted[], headers: Record<string, string> = {}) {
  const bodies: unknown[] = [];
  const handler = http.post('/v1/customers', async ({ request, response }) => {
    bodies.push(await request.json());
    const status = statuses[Math.min(bodies.length, statuses.length) - 1] ?? 200;
    switch (status) {
      case 200:
        return response(201).json({ data: ada });
      case 400:
        return response(400).json(failure('bad_request'));
      case 429:
        return response(429).json(failure('too_many_requests'), { headers });
      default:
        return response('5XX').json(failure('server_error'), { status });
    }
  });
  specServer.use(handler);
  return bodies;
}

async function apiRejection(promise: Promise<unknown>): Promise<KustomerApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof KustomerApiError)) throw new Error(`expected a KustomerApiError`);
  return error;
}

describe('retrying retryable answers', () => {
  it('retries a 503 and returns the customer from the next attempt', async () => {
    const bodies = scriptCreate([503, 200]);
    const { client, sleeps } = recordingClient();
    await expect(client.customers.create({ name: 'Ada' })).resolves.toEqual(ada);
    expect(bodies).toEqual([{ name: 'Ada' }, { name: 'Ada' }]);
    expect(sleeps).toEqual([125]);
  });

  it('doubles the backoff ceiling each attempt, with full jitter', async () => {
    scriptCreate([500, 500, 500, 200]);
    const { client, sleeps } = recordingClient({}, 0.5);
    await client.customers.create({ name: 'Ada' });
    expect(sleeps).toEqual([125, 250, 500]);
  });

  it('never waits longer than base * 2^(attempt-1), however high the jitter', async () => {
    scriptCreate([500, 500, 500, 200]);
    const { client, sleeps } = recordingClient({ retry: { baseDelayMs: 100 } }, 0.999_999);
    await client.customers.create({ name: 'Ada' });
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, index) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(100 * 2 ** index);
    });
  });

  it('gives up after maxAttempts and throws the last answer', async () => {
    const bodies = scriptCreate([503]);
    const { client, sleeps } = recordingClient();
    const error = await apiRejection(client.customers.create({ name: 'Ada' }));
    expect(error.status).toBe(503);
    expect(bodies).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('makes as many attempts as the policy allows', async () => {
    const bodies = scriptCreate([503]);
    const { client } = recordingClient({ retry: { maxAttempts: 2 } });
    await apiRejection(client.customers.create({ name: 'Ada' }));
    expect(bodies).toHaveLength(2);
  });

  it('makes one attempt only with retry: false', async () => {
    const bodies = scriptCreate([503, 200]);
    const { client, sleeps } = recordingClient({ retry: false });
    await apiRejection(client.customers.create({ name: 'Ada' }));
    expect(bodies).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('answers that are not retried', () => {
  it.each([400, 501] as const)('throws %i after one attempt', async (status) => {
    const bodies = scriptCreate([status, 200]);
    const { client, sleeps } = recordingClient();
    const error = await apiRejection(client.customers.create({ name: 'Ada' }));
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(false);
    expect(bodies).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('x-ratelimit-reset', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits until the reset given as UTC epoch seconds, by the injected clock', async () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    const resetAt = Date.parse('2026-11-29T12:00:30Z') / 1000;
    scriptCreate([429, 200], { 'x-ratelimit-reset': String(resetAt) });
    const { client, sleeps } = recordingClient({
      clock: { now: () => now, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    });
    await client.customers.create({ name: 'Ada' });
    expect(sleeps).toEqual([30_000]);
  });

  it('reads the epoch reset against the system clock by default', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-29T12:00:00Z'));
    const resetAt = Date.parse('2026-11-29T12:01:00Z') / 1000;
    scriptCreate([429, 200], { 'x-ratelimit-reset': String(resetAt) });
    const { client, sleeps } = recordingClient();
    await client.customers.create({ name: 'Ada' });
    expect(sleeps).toEqual([60_000]);
  });

  it('reads a small value as seconds from now', async () => {
    scriptCreate([429, 200], { 'x-ratelimit-reset': '2' });
    const { client, sleeps } = recordingClient();
    await client.customers.create({ name: 'Ada' });
    expect(sleeps).toEqual([2_000]);
  });

  it('caps the wait at maxDelayMs', async () => {
    scriptCreate([429, 200], { 'x-ratelimit-reset': '3600' });
    const { client, sleeps } = recordingClient({ retry: { maxDelayMs: 5_000 } });
    await client.customers.create({ name: 'Ada' });
    expect(sleeps).toEqual([5_000]);
  });

  it('reports the wait Kustomer asked for on the error', async () => {
    scriptCreate([429], { 'x-ratelimit-reset': '7' });
    const { client } = recordingClient({ retry: false });
    const error = await apiRejection(client.customers.create({ name: 'Ada' }));
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.retryable).toBe(true);
  });
});

describe('attempt reports', () => {
  it('tells onAttempt the operation, path template, status, wait and whether it will retry', async () => {
    let seen = 0;
    specServer.use(
      http.get('/v1/customers/email={email}', ({ response }) => {
        seen += 1;
        return seen === 1
          ? response('5XX').json(failure('server_error'), { status: 503 })
          : response(200).json({ data: ada });
      }),
    );
    const attempts: AttemptInfo[] = [];
    const { client } = recordingClient();
    await client.customers.getByEmail('ada@example.com', {
      onAttempt: (info) => attempts.push(info),
    });
    expect(attempts.map(({ headers, durationMs, ...rest }) => rest)).toEqual([
      {
        operation: 'getCustomerByEmail',
        method: 'GET',
        path: '/v1/customers/email={email}',
        attempt: 1,
        status: 503,
        willRetry: true,
        uncertain: false,
        waitMs: 125,
      },
      {
        operation: 'getCustomerByEmail',
        method: 'GET',
        path: '/v1/customers/email={email}',
        attempt: 2,
        status: 200,
        willRetry: false,
        uncertain: false,
        waitMs: 0,
      },
    ]);
    expect(attempts.every((info) => info.durationMs >= 0)).toBe(true);
    expect(attempts.every((info) => info.headers instanceof Headers)).toBe(true);
  });

  it('passes every attempt through the gate and tells it each outcome', async () => {
    scriptCreate([429, 200], { 'x-ratelimit-reset': '1' });
    const acquired: (AbortSignal | undefined)[] = [];
    const observed: number[] = [];
    const gate: RequestGate = {
      acquire: async (signal) => {
        acquired.push(signal);
      },
      observe: (status) => {
        observed.push(status);
      },
    };
    const controller = new AbortController();
    const { client } = recordingClient({}, 0.5, gate);
    await client.customers.create({ name: 'Ada' }, { signal: controller.signal });
    expect(acquired).toEqual([controller.signal, controller.signal]);
    expect(observed).toEqual([429, 201]);
  });
});
