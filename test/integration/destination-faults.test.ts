import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { identify, track } from '../support/events.js';
import { createVirtualClock } from '../support/virtual-clock.js';

const simulator = createKustomerSimulator({ strict: true });
const server = setupServer(...simulator.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => simulator.reset());
afterAll(() => server.close());

const destination = (extra: Record<string, unknown> = {}) =>
  createKustomerDestination({ apiKey: 'k', retry: { baseDelayMs: 1, maxAttempts: 4 }, ...extra });

describe('delivery when Kustomer fails', () => {
  it('retries a 429 and then succeeds', async () => {
    simulator.inject({ status: 429, path: '/v1/tracking', times: 1 });
    // The 429 says to wait for the window's reset: virtual time keeps the test short.
    const clock = createVirtualClock(Date.now());
    const result = await destination({ clock }).send(track('u1', 'Clicked'));
    expect(result).toMatchObject({ ok: true, action: 'tracked', requests: 2, retries: 1 });
    expect(simulator.events).toHaveLength(1);
  });

  it('retries a 503 and then succeeds', async () => {
    simulator.inject({ status: 503, path: '/v1/customers', method: 'POST', times: 2 });
    const result = await destination().send(identify('u1'));
    expect(result).toMatchObject({ ok: true, action: 'created', retries: 2 });
    expect(simulator.customers).toHaveLength(1);
  });

  it('does not retry a 400', async () => {
    simulator.inject({ status: 400, path: '/v1/tracking', times: 1 });
    const result = await destination().send(track('u1', 'Clicked'));
    expect(result).toMatchObject({
      ok: false,
      requests: 1,
      retries: 0,
      error: { name: 'KustomerApiError', status: 400, retryable: false },
    });
  });

  it('gives up after the last attempt and says the error is retryable', async () => {
    simulator.inject({ status: 502, path: '/v1/tracking' });
    const result = await destination().send(track('u1', 'Clicked'));
    expect(result).toMatchObject({
      ok: false,
      requests: 4,
      error: { status: 502, retryable: true },
    });
  });

  it('fails an attempt that takes longer than the timeout', async () => {
    simulator.inject({ delayMs: 500, path: '/v1/tracking' });
    const result = await destination({ timeoutMs: 50, retry: false }).send(track('u1', 'Slow'));
    expect(result).toMatchObject({ ok: false, error: { status: 0, retryable: true } });
  });

  it('retries a dropped connection', async () => {
    simulator.inject({ drop: true, path: '/v1/tracking', times: 1 });
    const result = await destination({ lostWriteHoldMs: 5 }).send(track('u1', 'Clicked'));
    // The dropped write may have landed: it is counted as uncertain.
    expect(result).toMatchObject({ ok: true, retries: 1, uncertain: 1 });
  });
});

describe('delivery within the rate budget', () => {
  it('delivers a batch larger than the budget with few 429s', async () => {
    const clock = createVirtualClock();
    const limited = createKustomerSimulator({ rateLimitPerMinute: 60, clock, strict: true });
    const limitedServer = setupServer(...limited.handlers);
    server.close();
    limitedServer.listen({ onUnhandledRequest: 'error' });
    try {
      const dest = createKustomerDestination({
        apiKey: 'k',
        clock,
        retry: { baseDelayMs: 1, maxAttempts: 6 },
        concurrency: 8,
      });
      const events = Array.from({ length: 150 }, (_, i) => track(`u${i % 10}`, `Event-${i}`));
      const results = await dest.sendBatch(events);
      const throttled = limited.requests.filter((r) => r.status === 429).length;
      expect(results.every((r) => r.ok)).toBe(true);
      expect(limited.events).toHaveLength(150);
      expect(throttled).toBeLessThanOrEqual(8);
    } finally {
      limitedServer.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});
