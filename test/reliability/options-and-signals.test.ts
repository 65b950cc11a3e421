/**
 * Smaller findings of the second attack: options read from own properties only, a refused
 * redirect that is not retryable anywhere, and no listener warning at high concurrency.
 */
import { describe, expect, it } from 'vitest';
import { createKustomerClient } from '../../src/client/index.js';
import { createKustomerDestination } from '../../src/destination.js';
import { processorTransform } from '../../src/rudder/index.js';
import { identify, track } from '../support/events.js';

const API_KEY = 'options-signals-key';

/** Answers every request as a 201 from Kustomer, recording the URLs asked for. */
function recordingFetch(urls: string[], delayMs = 0) {
  return async (request: Request): Promise<Response> => {
    urls.push(request.url);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return new Response(JSON.stringify({ data: { type: 'customer', id: 'c1', attributes: {} } }), {
      status: 201,
      headers: { 'content-type': 'application/json' },
    });
  };
}

/** What undici does on a 3xx with `redirect: 'error'`. */
const redirectingFetch = async (): Promise<Response> => {
  throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
};

describe('options inherited through a polluted Object.prototype', () => {
  it('are ignored by the client, the destination and the transformer', async () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.baseUrl = 'http://127.0.0.1:9';
    proto.allowInsecureBaseUrl = true;
    proto.allowInsecureBaseEndpoint = true;
    try {
      const urls: string[] = [];
      const client = createKustomerClient({ apiKey: API_KEY, fetch: recordingFetch(urls) });
      const destination = createKustomerDestination({
        apiKey: API_KEY,
        fetch: recordingFetch(urls),
      });
      await destination.send(track('u1', 'Paid'));
      const [answer] = await processorTransform([
        {
          message: identify('u1'),
          destination: { Config: { apiKey: API_KEY, baseEndpoint: 'http://127.0.0.1:9' } },
          metadata: { jobId: 1 },
        },
      ] as never);
      console.log(
        `reliability/options polluted prototype: client ${client.baseUrl}, destination sent to ${new URL(urls[0] ?? 'http://none').origin}, transformer ${String(answer?.statusCode)}`,
      );
      expect(client.baseUrl).toBe('https://api.kustomerapp.com');
      expect(urls.map((url) => new URL(url).origin)).toEqual(['https://api.kustomerapp.com']);
      expect(answer).toMatchObject({ statusCode: 400 });
    } finally {
      delete proto.baseUrl;
      delete proto.allowInsecureBaseUrl;
      delete proto.allowInsecureBaseEndpoint;
    }
  });
});

describe('a refused redirect', () => {
  it('is not retryable in the library and not retried by rudder-server through the transformer', async () => {
    const destination = createKustomerDestination({ apiKey: API_KEY, fetch: redirectingFetch });
    const result = await destination.send(identify('u1'));
    const [answer] = await processorTransform(
      [
        {
          message: identify('u1'),
          destination: { Config: { apiKey: API_KEY } },
          metadata: { jobId: 1 },
        },
      ] as never,
      { fetch: redirectingFetch },
    );
    console.log(
      `reliability/redirect one rule: library retryable=${String(!result.ok && result.error.retryable)}, transformer ${String(answer?.statusCode)}`,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'redirect', retryable: false } });
    expect(answer?.statusCode).toBeGreaterThanOrEqual(400);
    expect(answer?.statusCode).toBeLessThan(500);
    expect(answer?.statusCode).not.toBe(429);
  });
});

describe('one signal shared by a batch at concurrency 64', () => {
  it('prints no MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const urls: string[] = [];
      const destination = createKustomerDestination({
        apiKey: API_KEY,
        concurrency: 64,
        fetch: recordingFetch(urls, 20),
      });
      const events = Array.from({ length: 200 }, (_, i) => track(`u${i}`, 'Paid'));
      const results = await destination.sendBatch(events, { signal: new AbortController().signal });
      await new Promise((resolve) => setImmediate(resolve));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
