/**
 * The transformer server's bounds, one at a time and without timing: requests held open by a client
 * that has not finished its body fill the caps on bodies arriving and bytes, requests stalled in
 * their lookups fill the cap on requests handled, and the next request is turned away with 503
 * and `Retry-After` rather than buffered.
 */
import { type ClientRequest, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTransformerHandler,
  type TransformerHandlerOptions,
} from '../../src/rudder/index.js';
import { limitFetch } from '../../src/rudder/outbound-limit.js';

const open: ClientRequest[] = [];
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  for (const held of open.splice(0)) held.destroy();
  await closeServer?.();
});

async function serve(options: TransformerHandlerOptions): Promise<string> {
  const server = createServer(createTransformerHandler(options));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeServer = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Answer {
  status: number;
  retryAfter: string | undefined;
}

/** Starts a POST declaring `length` bytes and sends only the first one: the server holds it. */
function holdOpen(
  url: string,
  length: number,
): { request: ClientRequest; answer: Promise<Answer> } {
  const held = request(`${url}/v0/destinations/kustomer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(length) },
  });
  open.push(held);
  const answer = new Promise<Answer>((resolve, reject) => {
    held.once('response', (response) => {
      response.resume();
      const retryAfter = response.headers['retry-after'];
      resolve({ status: response.statusCode ?? 0, retryAfter });
    });
    held.once('error', reject);
  });
  held.write('[');
  return { request: held, answer };
}

/** Finishes a held body as a JSON array padded with spaces to its declared length. */
function finish(held: ClientRequest, length: number): void {
  held.end(`${' '.repeat(length - 2)}]`);
}

/** Resolves once the server has read the headers of every held request (the health check queues after). */
async function settle(url: string): Promise<void> {
  await fetch(`${url}/health`);
}

describe('serve under load', () => {
  it('answers 503 with Retry-After past the cap on bodies arriving (four times the request cap)', async () => {
    const url = await serve({ maxConcurrentRequests: 2 });
    const held = Array.from({ length: 8 }, () => holdOpen(url, 100));
    await settle(url);
    const ninth = holdOpen(url, 100);
    expect(await ninth.answer).toEqual({ status: 503, retryAfter: '1' });
    for (const { request } of held) finish(request, 100);
    for (const { answer } of held) expect((await answer).status).toBe(200);
    const again = holdOpen(url, 100);
    finish(again.request, 100);
    expect((await again.answer).status).toBe(200);
  });

  it('drops a sender whose body has not arrived by the deadline', async () => {
    const url = await serve({ bodyTimeoutMs: 300 });
    const started = performance.now();
    const slow = holdOpen(url, 100);
    await expect(slow.answer).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(3_000);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^kustomer_transformer_slow_senders_total 1$/m);
  });

  it('queues requests past the cap on requests being handled, and answers 503 with Retry-After past the queue', async () => {
    // Every lookup to Kustomer stalls until released, so the handled requests stay handled.
    const stalled: Array<() => void> = [];
    const fetch = (request: Request) =>
      new Promise<Response>((resolve) => {
        stalled.push(() => resolve(new Response('{"errors":[]}', { status: 404 })));
        void request;
      });
    const url = await serve({ maxConcurrentRequests: 2, fetch, allowInsecureBaseEndpoint: true });
    const body = JSON.stringify([
      {
        message: { type: 'identify', userId: 'u1', traits: { email: 'u1@example.com' } },
        destination: { Config: { apiKey: 'bounds-key' } },
        metadata: { jobId: 1 },
      },
    ]);
    const post = () =>
      globalThis.fetch(`${url}/v0/destinations/kustomer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const queuedNow = async () =>
      Number(
        /^kustomer_transformer_requests_queued (\d+)$/m.exec(
          await (await globalThis.fetch(`${url}/metrics`)).text(),
        )?.[1],
      );
    const handled = [post(), post()];
    while (stalled.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    // Two handled, then four times as many wait in arrival order.
    const waiting: Promise<Response>[] = [];
    for (let i = 0; i < 8; i++) {
      waiting.push(post());
      while ((await queuedNow()) < i + 1) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    let settled = 0;
    const all = [...handled, ...waiting].map((answer) => answer.finally(() => settled++));
    for (let i = 0; i < 500 && settled < all.length; i++) {
      for (const release of stalled.splice(0)) release();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await Promise.all(all)).map((answer) => answer.status)).toEqual(Array(10).fill(200));
  });

  it('answers 503 with Retry-After when the bodies in progress would pass the byte budget', async () => {
    const size = 3_000_000;
    const url = await serve({ maxInflightBodyBytes: 8_000_000, maxBodyBytes: 4_000_000 });
    const first = holdOpen(url, size);
    const second = holdOpen(url, size);
    await settle(url);
    const third = holdOpen(url, size);
    expect(await third.answer).toEqual({ status: 503, retryAfter: '1' });
    // A small body still fits beside the two large ones.
    const small = holdOpen(url, 1_000);
    finish(small.request, 1_000);
    expect((await small.answer).status).toBe(200);
    finish(first.request, size);
    finish(second.request, size);
    expect((await first.answer).status).toBe(200);
    expect((await second.answer).status).toBe(200);
  });
});

describe('the outbound cap', () => {
  /** A fetch whose answers the test releases by hand, counting requests in flight. */
  function heldFetch() {
    const waiting: (() => void)[] = [];
    let inFlight = 0;
    let peak = 0;
    const fetch = async (_request: Request) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight -= 1;
      return new Response('{}', { status: 200 });
    };
    return { fetch, waiting, peak: () => peak };
  }
  const call = (key: string) =>
    new Request('https://api.kustomerapp.com/v1/customers', {
      headers: { authorization: `Bearer ${key}` },
    });
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  /** Answers held requests one at a time until every call settled, checking the cap each step. */
  async function drain(
    held: ReturnType<typeof heldFetch>,
    limited: ReturnType<typeof limitFetch>,
    calls: Promise<Response>[],
    cap: number,
  ): Promise<void> {
    let settled = 0;
    for (const pending of calls) void pending.then(() => settled++);
    while (settled < calls.length) {
      await tick();
      expect(limited.inFlight()).toBeLessThanOrEqual(cap);
      held.waiting.shift()?.();
    }
  }

  it('holds requests past the per-key cap while another key still gets through', async () => {
    const held = heldFetch();
    const limited = limitFetch(held.fetch, { maxRequests: 10, maxPerKey: 2 });
    const calls = [call('a'), call('a'), call('a'), call('b')].map((r) => limited(r));
    await tick();
    expect(held.waiting).toHaveLength(3);
    await drain(held, limited, calls, 3);
    expect(held.peak()).toBe(3);
  });

  it('never has more than the overall cap in flight', async () => {
    const held = heldFetch();
    const limited = limitFetch(held.fetch, { maxRequests: 4, maxPerKey: 4 });
    const calls = Array.from({ length: 20 }, (_, index) => limited(call(`key-${index % 5}`)));
    await drain(held, limited, calls, 4);
    expect(held.peak()).toBe(4);
  });

  it('gives up waiting when the request is aborted', async () => {
    const held = heldFetch();
    const limited = limitFetch(held.fetch, { maxRequests: 1, maxPerKey: 1 });
    const first = limited(call('a'));
    const controller = new AbortController();
    const second = limited(
      new Request('https://api.kustomerapp.com/v1/customers', { signal: controller.signal }),
    );
    controller.abort(new Error('timed out'));
    await expect(second).rejects.toThrow('timed out');
    await tick();
    held.waiting.shift()?.();
    await first;
    expect(limited.inFlight()).toBe(0);
  });
});
