/**
 * The attempt's timeout reaches a real connection only through the Request's own signal: undici's
 * `fetch(request)` follows the signal the Request was built with, not one a subclass hands out
 * through its `signal` getter (bench/README.md, CPU per lookup request). These hold that a stalled
 * server is cut off, by the global fetch and by a fetch that hands the Request on to it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKustomerClient } from '../../../src/client/index.js';
import type { KustomerClientOptions } from '../../../src/client/types.js';
import { KustomerApiError } from '../../../src/errors.js';
import { type StalledServer, startStalledServer } from '../../e2e/support/stalled-server.js';

const TIMEOUT_MS = 100;
// Far above the timeout, far below the test's own: a hang fails with a message, not a test timeout.
const GIVE_UP_MS = 2_000;

let stalled: StalledServer;
beforeEach(async () => {
  stalled = await startStalledServer();
});
afterEach(async () => {
  await stalled.close();
});

async function outcome(fetch?: KustomerClientOptions['fetch']): Promise<unknown> {
  const client = createKustomerClient({
    apiKey: 'test-key',
    baseUrl: stalled.url,
    allowInsecureBaseUrl: true,
    timeoutMs: TIMEOUT_MS,
    retry: false,
    ...(fetch ? { fetch } : {}),
  });
  const pending = new Promise((done) => setTimeout(done, GIVE_UP_MS, 'still pending'));
  return Promise.race([client.customers.getByEmail('ada@example.com').catch((e) => e), pending]);
}

describe('a Kustomer that takes the request and never answers', () => {
  it('is cut off by the attempt timeout with the global fetch', async () => {
    const error = await outcome();
    expect(error).toBeInstanceOf(KustomerApiError);
    expect(error).toMatchObject({ status: 0, code: 'timeout' });
    expect(stalled.received()).toBe(1);
  });

  it('is cut off by the attempt timeout with a fetch that hands the Request on', async () => {
    const forwarding = (request: Request) => globalThis.fetch(request);
    const error = await outcome(forwarding);
    expect(error).toBeInstanceOf(KustomerApiError);
    expect(error).toMatchObject({ status: 0, code: 'timeout' });
    expect(stalled.received()).toBe(1);
  });
});
