import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformerHandler } from '../../../src/rudder/index.js';

const KEY = 'metrics-key-0123456789';
let server: Server;
let base: string;
let failing = false;

beforeAll(async () => {
  const fetch = async () =>
    failing ? new Response(null, { status: 503 }) : new Response(null, { status: 404 });
  server = createServer(
    createTransformerHandler({ fetch, retry: false, maxConcurrentRequests: 1 }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const destination = { ID: 'd1', Config: { apiKey: KEY } };
const input = (jobId: number, message: object) => ({
  message,
  metadata: { jobId, messageId: `m${jobId}`, destinationId: 'd1' },
  destination,
});
const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function metrics(): Promise<string> {
  const response = await fetch(`${base}/metrics`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

describe('GET /metrics (docs/metrics.md)', () => {
  it('counts events by type and status, requests to Kustomer and whole-call retries', async () => {
    await post('/v0/destinations/kustomer', [
      input(1, { type: 'track', event: 'Signed Up', userId: 'u1' }),
      input(2, { type: 'identify', userId: 'u2' }),
      input(3, { type: 'track', userId: 'u3' }),
    ]);
    await post('/routerTransform', {
      destType: 'kustomer',
      input: [input(4, { type: 'page', userId: 'u4' })],
    });
    failing = true;
    const retried = await post('/v0/destinations/kustomer', [
      input(5, { type: 'identify', userId: 'u5' }),
    ]);
    failing = false;
    expect(retried.status).toBe(503);
    const text = await metrics();
    expect(text).toContain(
      'kustomer_transformer_events_total{feature="processor",type="track",status="200"} 1',
    );
    expect(text).toContain(
      'kustomer_transformer_events_total{feature="processor",type="identify",status="200"} 1',
    );
    expect(text).toContain(
      'kustomer_transformer_events_total{feature="processor",type="track",status="400"} 1',
    );
    expect(text).toContain(
      'kustomer_transformer_events_total{feature="router",type="page",status="200"} 1',
    );
    expect(text).toContain(
      'kustomer_transformer_kustomer_requests_total{method="GET",status="404"} 1',
    );
    expect(text).toContain(
      'kustomer_transformer_kustomer_requests_total{method="GET",status="503"} 1',
    );
    expect(text).toMatch(
      /kustomer_transformer_kustomer_request_duration_seconds_count\{method="GET"\} 2/,
    );
    expect(text).toContain(
      'kustomer_transformer_retry_answers_total{status="503",reason="transient"} 1',
    );
    expect(text).toContain('kustomer_transformer_requests_in_flight{kind="transforms"} 0');
    expect(text).toContain('kustomer_transformer_process_resident_memory_bytes');
    expect(text).not.toContain(KEY);
  });
});
