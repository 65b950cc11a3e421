import { describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { processorTransform } from '../../src/rudder/index.js';
import { identify, track } from '../support/events.js';

const KEY = 'pipeline-key';
const destination = (fetch: (request: Request) => Promise<Response>, extra = {}) =>
  createKustomerDestination({ apiKey: KEY, fetch, retry: false, ...extra });
const noRequest = async (request: Request): Promise<Response> => {
  throw new Error(`unexpected request ${request.method} ${request.url}`);
};

const withKustomerId = (id: string) => ({
  ...identify('u1', { name: 'Ada' }),
  context: { externalId: [{ type: 'kustomerId', id }] },
});
const withEmail = (email: string) => identify('u1', { email });

describe('a path value that cannot be one path segment', () => {
  it.each([
    ['a kustomerId of ..', withKustomerId('..')],
    ['a kustomerId of .', withKustomerId('.')],
    ['an email with a lone surrogate', withEmail('a\uD800@example.com')],
  ])('refuses %s the same way in send, plan and processorTransform', async (_, event) => {
    const dest = destination(noRequest);
    const sent = await dest.send(event);
    const planned = await dest.plan(event);
    const [transformed] = await processorTransform(
      [{ message: event, destination: { Config: { apiKey: KEY } }, metadata: { jobId: 1 } }],
      { fetch: noRequest },
    );
    expect(sent).toMatchObject({ ok: false, requests: 0, error: { name: 'InvalidEventError' } });
    expect(planned).toEqual({ ok: false, error: !sent.ok && sent.error });
    expect(transformed).toMatchObject({ statusCode: 400, error: !sent.ok && sent.error.message });
    expect(!sent.ok && sent.error.message).toMatch(/^The (id|email) for \/v1\/customers\//);
  });

  it('never names the refused value in the message', async () => {
    const result = await destination(noRequest).send(withEmail('ada\uDC00@secret.example'));
    expect(!result.ok && result.error.message).not.toContain('secret.example');
  });
});

describe('one concurrency limit per destination', () => {
  it('keeps send and sendBatch together within concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const fetch = async (): Promise<Response> => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      const body = { data: { type: 'tracking_identity', id: 't', attributes: {} } };
      return Response.json(body, { status: 201 });
    };
    const dest = destination(fetch, { concurrency: 4 });
    const users = Array.from({ length: 24 }, (_, i) => `u${i}`);
    const results = await Promise.all([
      dest.sendBatch(users.map((u) => track(u, 'Batched'))),
      ...users.map((u) => dest.send(track(`${u}-single`, 'Single'))),
    ]);
    expect(results.flat().every((r) => r.ok)).toBe(true);
    expect(peak).toBe(4);
  });
});

describe('a write whose answer was lost', () => {
  it('is held before its retry and counted as uncertain', async () => {
    const sleeps: number[] = [];
    const clock = {
      now: () => 0,
      random: () => 0.5,
      sleep: async (ms: number) => void sleeps.push(ms),
    };
    let attempts = 0;
    const fetch = async (request: Request): Promise<Response> => {
      attempts++;
      if (attempts === 1) {
        // No answer before the timeout: the write may still land.
        await new Promise((_, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        );
      }
      const body = { data: { type: 'tracking_identity', id: 't', attributes: {} } };
      return Response.json(body, { status: 201 });
    };
    const dest = destination(fetch, {
      clock,
      timeoutMs: 20,
      lostWriteHoldMs: 5_000,
      retry: { baseDelayMs: 1 },
    });
    const result = await dest.send(track('u1', 'Paid'));
    expect(result).toMatchObject({ ok: true, requests: 2, retries: 1, uncertain: 1 });
    expect(sleeps).toEqual([5_000]);
  });

  it('holds the lane after a final lost write, before the user’s next event', async () => {
    const order: string[] = [];
    const clock = {
      now: () => 0,
      random: () => 0.5,
      sleep: async (ms: number) => void order.push(`hold ${ms}`),
    };
    const fetch = async (request: Request): Promise<Response> => {
      const name = ((await request.json()) as { event: { name: string } }).event.name;
      order.push(`send ${name}`);
      if (name === 'First') throw new TypeError('fetch failed: socket hang up');
      const body = { data: { type: 'tracking_identity', id: 't', attributes: {} } };
      return Response.json(body, { status: 201 });
    };
    const dest = destination(fetch, { clock, lostWriteHoldMs: 3_000 });
    const [first, second] = await Promise.all([
      dest.send(track('u1', 'First')),
      dest.send(track('u1', 'Second')),
    ]);
    expect(first).toMatchObject({ ok: false, uncertain: 1 });
    expect(second).toMatchObject({ ok: true });
    expect(order).toEqual(['send First', 'hold 3000', 'send Second']);
  });

  it('is not held when the connection was refused: nothing was sent', async () => {
    const sleeps: number[] = [];
    const clock = {
      now: () => 0,
      random: () => 0.5,
      sleep: async (ms: number) => void sleeps.push(ms),
    };
    const fetch = async (): Promise<Response> => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    };
    const result = await destination(fetch, { clock }).send(track('u1', 'Paid'));
    expect(result).toMatchObject({ ok: false, requests: 1 });
    expect(result).not.toHaveProperty('uncertain');
    expect(sleeps).toEqual([]);
  });
});
