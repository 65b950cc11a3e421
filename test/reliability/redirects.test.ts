import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKustomerClient } from '../../src/client/index.js';
import { createKustomerDestination } from '../../src/destination.js';
import { KustomerApiError } from '../../src/errors.js';
import { identify, track } from '../support/events.js';
import { bodyOf, type Started, startServer } from './support/http.js';

/** The host a hostile or misconfigured base URL redirects to, recording what reaches it. */
let elsewhere: Started;
let received: string[];
/** The configured base URL, answering every request with a redirect to `elsewhere`. */
let base: Started;
let baseRequests: number;
let redirectStatus: number;

beforeEach(async () => {
  received = [];
  baseRequests = 0;
  redirectStatus = 307;
  elsewhere = await startServer(async (req, res) => {
    received.push(await bodyOf(req));
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { type: 'customer', id: 'stolen', attributes: {} } }));
  });
  base = await startServer((req, res) => {
    baseRequests += 1;
    req.resume();
    res.writeHead(redirectStatus, { location: `${elsewhere.url}${req.url ?? '/'}` });
    res.end();
  });
});

afterEach(async () => {
  await base.close();
  await elsewhere.close();
});

const clientOptions = () => ({
  apiKey: 'redirect-test-key',
  baseUrl: base.url,
  allowInsecureBaseUrl: true,
  retry: { maxAttempts: 4, baseDelayMs: 1 },
});

describe('a redirect from the base URL', () => {
  it.each([307, 308, 301, 302, 303])(
    'is a non-retryable error named redirect for %i, and nothing reaches the other host',
    async (status) => {
      redirectStatus = status;
      const client = createKustomerClient(clientOptions());
      const error = await client.customers.create({ name: 'Ada', emails: [] }).catch((e) => e);
      expect(error).toBeInstanceOf(KustomerApiError);
      expect(error).toMatchObject({ code: 'redirect', retryable: false, status: 0 });
      expect(error.message).toContain('redirect');
      expect(baseRequests).toBe(1);
      expect(received).toEqual([]);
    },
  );

  it('fails the event in the destination instead of counting the other host as delivered', async () => {
    const destination = createKustomerDestination(clientOptions());
    const results = await destination.sendBatch([identify('ada'), track('ada', 'Paid')]);
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, error: { code: 'redirect', retryable: false } });
    }
    expect(received).toEqual([]);
  });
});
