import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTransformerHandler,
  type TransformerHandlerOptions,
} from '../../../src/rudder/index.js';
import { createKustomerSimulator } from '../../../src/simulator/index.js';

const KEY = 'transient-key-0123456789';
const simulator = createKustomerSimulator({ apiKey: KEY });
let kustomer: string;
const servers: Server[] = [];

beforeAll(async () => {
  kustomer = (await simulator.listen()).url;
});
afterEach(async () => {
  simulator.reset();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
afterAll(() => simulator.close());

async function serve(options: TransformerHandlerOptions = {}): Promise<string> {
  const server = createServer(
    createTransformerHandler({
      allowInsecureBaseEndpoint: true,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      ...options,
    }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const identify = (jobId: number, userId: string) => ({
  message: { type: 'identify', userId, traits: { email: `${userId}@example.com` } },
  metadata: { jobId, messageId: `m${jobId}`, destinationId: 'd1', workspaceId: 'w1' },
  destination: { ID: 'd1', Config: { apiKey: KEY, baseEndpoint: kustomer } },
});

const post = (base: string, body: unknown) =>
  fetch(`${base}/v0/destinations/kustomer`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });

describe('processor requests when Kustomer fails transiently (docs/rudder-contract.md §9)', () => {
  it('answers the whole request 503 with Retry-After during a 503 storm, then delivers every identify', async () => {
    const base = await serve();
    const batch = [identify(1, 'u1'), identify(2, 'u2'), identify(3, 'u3')];
    const stop = simulator.inject({ status: 503, method: 'GET' });
    for (let round = 0; round < 3; round++) {
      const during = await post(base, batch);
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
      await during.body?.cancel();
    }
    stop();
    const after = await post(base, batch);
    expect(after.status).toBe(200);
    const outputs = (await after.json()) as { statusCode: number; output: { method: string } }[];
    expect(outputs.map((output) => output.statusCode)).toEqual([200, 200, 200]);
    expect(outputs.map((output) => output.output.method)).toEqual(['POST', 'POST', 'POST']);
  });

  it('answers 429 when every transient failure was a 429', async () => {
    const base = await serve();
    simulator.inject({ status: 429, method: 'GET' });
    const response = await post(base, [identify(1, 'u1')]);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('retries a lookup inside the call, so a single 503 costs no round trip', async () => {
    const base = await serve();
    simulator.inject({ status: 503, method: 'GET', times: 1 });
    const response = await post(base, [identify(1, 'u1')]);
    expect(response.status).toBe(200);
  });

  it('answers a permanently failing event per event once its bound has passed, and the rest of its batch goes through', async () => {
    const base = await serve({ poisonAfterMs: 50 });
    simulator.inject({ status: 500, method: 'GET', path: '/v1/customers/email=poison@' });
    const batch = [identify(1, 'poison'), identify(2, 'u2')];
    const first = await post(base, batch);
    expect(first.status).toBe(503);
    await first.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const later = await post(base, batch);
    expect(later.status).toBe(200);
    const outputs = (await later.json()) as { statusCode: number; statTags?: object }[];
    expect(outputs.map((output) => output.statusCode)).toEqual([500, 200]);
    expect(outputs[0]?.statTags).toMatchObject({
      errorCategory: 'network',
      errorType: 'retryable',
    });
  });

  it('keeps answering per event for a failure that can never succeed', async () => {
    const base = await serve();
    simulator.inject({ status: 401, method: 'GET' });
    const response = await post(base, [identify(1, 'u1')]);
    expect(response.status).toBe(200);
    const [output] = (await response.json()) as { statusCode: number }[];
    expect(output?.statusCode).toBe(401);
  });
});
