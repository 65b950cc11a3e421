import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformerHandler } from '../../../src/rudder/index.js';

const KEY = 'http-key-0123456789';
const destination = { ID: 'd1', Config: { apiKey: KEY } };
const track = {
  message: { type: 'track', event: 'Signed Up', userId: 'u1' },
  metadata: { jobId: 1, destinationId: 'd1', sourceId: 's1' },
  destination,
};

let server: Server;
let base: string;

beforeAll(async () => {
  // Lookups answer 401 with the key echoed, to prove no error output carries it.
  const fetch = async () => Response.json({ message: `invalid key ${KEY}` }, { status: 401 });
  server = createServer(createTransformerHandler({ fetch, maxBodyBytes: 4096 }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

const post = (path: string, body: string, contentType = 'application/json; charset=utf-8') =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': contentType }, body });

describe('createTransformerHandler', () => {
  it('answers GET /health with ok', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('transforms a processor batch with the apiVersion 2 header', async () => {
    const response = await post('/v0/destinations/kustomer', JSON.stringify([track]));
    expect(response.status).toBe(200);
    expect(response.headers.get('apiVersion')).toBe('2');
    const body = (await response.json()) as Record<string, unknown>[];
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({
      statusCode: 200,
      metadata: { jobId: 1 },
      output: { userId: '' },
    });
  });

  it('expands the compacted processor body (json+compactedv1)', async () => {
    const { destination: _omitted, ...event } = track;
    const compacted = { input: [event], destinations: { d1: destination }, connections: {} };
    const response = await post('/v0/destinations/kustomer', JSON.stringify(compacted));
    const body = (await response.json()) as Record<string, unknown>[];
    expect(body[0]).toMatchObject({ statusCode: 200, output: { method: 'POST' } });
  });

  it('fails a compacted event whose destination is missing with a 400 of its own', async () => {
    const { destination: _omitted, ...event } = track;
    const response = await post(
      '/v0/destinations/kustomer',
      JSON.stringify({ input: [event], destinations: {} }),
    );
    expect(response.status).toBe(200);
    const [element] = (await response.json()) as unknown[];
    expect(element).toMatchObject({ statusCode: 400 });
  });

  it('serves POST /routerTransform with the apiVersion 2 header', async () => {
    const response = await post(
      '/routerTransform',
      JSON.stringify({ input: [track], destType: 'kustomer' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('apiVersion')).toBe('2');
    const body = (await response.json()) as { output: unknown[] };
    expect(body.output[0]).toMatchObject({
      statusCode: 200,
      batched: false,
      metadata: [{ jobId: 1 }],
    });
  });

  it('answers an unknown destination with 404', async () => {
    const response = await post('/v0/destinations/braze', '[]');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Unknown destination: braze' });
    const router = await post(
      '/routerTransform',
      JSON.stringify({ input: [track], destType: 'braze' }),
    );
    expect(router.status).toBe(404);
  });

  it('answers an unknown route with 404 and a wrong method with 405', async () => {
    expect((await fetch(`${base}/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${base}/routerTransform`)).status).toBe(405);
  });

  it('answers a body that is not JSON with 400', async () => {
    const response = await post('/v0/destinations/kustomer', '[{"message":');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'Request body is not valid JSON' });
  });

  it('answers a JSON value that is not a batch with 400', async () => {
    expect((await post('/v0/destinations/kustomer', '{"a":1}')).status).toBe(400);
  });

  it('answers a non-JSON content type with 415', async () => {
    expect((await post('/v0/destinations/kustomer', '[]', 'text/plain')).status).toBe(415);
  });

  it('answers a body over the limit with 413', async () => {
    const large = JSON.stringify([{ message: { pad: 'x'.repeat(5000) } }]);
    const response = await post('/v0/destinations/kustomer', large);
    expect(response.status).toBe(413);
  });

  it('puts the API key in no error output', async () => {
    const identify = {
      message: { type: 'identify', userId: 'u1' },
      metadata: { jobId: 2 },
      destination,
    };
    const badConfig = {
      ...track,
      destination: { Config: { apiKey: KEY, baseEndpoint: `https://x.io/${KEY}` } },
    };
    const processor = await post(
      '/v0/destinations/kustomer',
      JSON.stringify([identify, badConfig]),
    );
    const text = await processor.text();
    expect(JSON.parse(text).map((e: { statusCode: number }) => e.statusCode)).toEqual([401, 400]);
    expect(text).not.toContain(KEY);
    const router = await post(
      '/routerTransform',
      JSON.stringify({ input: [identify, badConfig], destType: 'kustomer' }),
    );
    // Router elements echo their input destination by contract (docs/rudder-contract.md §2); the rest must not carry the key.
    const { output } = (await router.json()) as { output: Record<string, unknown>[] };
    const withoutDestination = output.map(({ destination: _echoed, ...element }) => element);
    expect(withoutDestination.map((element) => element.statusCode)).toEqual([401, 400]);
    expect(JSON.stringify(withoutDestination)).not.toContain(KEY);
  });
});
