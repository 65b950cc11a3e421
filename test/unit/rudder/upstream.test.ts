/**
 * rudder-server's view of `serve --upstream`: one DEST_TRANSFORM_URL for Kustomer and every other
 * destination, with a stub standing in for rudder-transformer (docs/rudder-contract.md §10).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTransformerHandler } from '../../../src/rudder/index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const seen: Seen[] = [];
const servers: Server[] = [];
let upstream: string;
let base: string;

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A rudder-transformer stand-in: features for AM and Kustomer, and echoes for the rest. */
function stubTransformer(): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const send = (status: number, answer: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(answer));
      };
      if (req.url === '/features') {
        return send(200, {
          routerTransform: { AM: true, KUSTOMER: true },
          regulations: ['AM', 'BRAZE'],
          supportTransformerProxyV1: true,
          supportDestTransformCompactedPayloadV1: true,
        });
      }
      if (req.url?.startsWith('/v0/destinations/am')) {
        const inputs = JSON.parse(body) as { metadata: unknown }[];
        const outputs = inputs.map(({ metadata }) => ({
          output: { am: true },
          metadata,
          statusCode: 200,
        }));
        return send(200, outputs, { apiVersion: '2' });
      }
      if (req.url === '/routerTransform') {
        const { input } = JSON.parse(body) as { input: { metadata: unknown }[] };
        return send(200, {
          output: input.map(({ metadata }) => ({
            metadata: [metadata],
            statusCode: 200,
            batched: false,
          })),
        });
      }
      if (req.url === '/deleteUsers') {
        const requests = JSON.parse(body) as unknown[];
        return send(
          200,
          requests.map(() => ({ statusCode: 200, status: 'successful', by: 'upstream' })),
        );
      }
      send(200, { proxied: req.url, method: req.method });
    });
  });
}

beforeAll(async () => {
  upstream = await listen(stubTransformer());
  // Lookups answer "no customer" so Kustomer identifies need no real Kustomer.
  const fetch = async () => new Response(null, { status: 404 });
  base = await listen(createServer(createTransformerHandler({ fetch, upstream })));
});
beforeEach(() => {
  seen.length = 0;
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  });

const kustomer = {
  ID: 'k1',
  Config: { apiKey: 'upstream-key-0123456789' },
  DestinationDefinition: { Name: 'KUSTOMER' },
};
const amplitude = { ID: 'a1', Config: { apiKey: 'am' }, DestinationDefinition: { Name: 'AM' } };
const event = (jobId: number, destination: object) => ({
  message: { type: 'track', event: 'Signed Up', userId: `u${jobId}` },
  metadata: { jobId, destinationId: (destination as { ID: string }).ID },
  destination,
});

describe('serve with an upstream rudder-transformer', () => {
  it('transforms Kustomer itself and proxies another destination unchanged', async () => {
    const ours = await post('/v0/destinations/kustomer', [event(1, kustomer)]);
    expect(ours.status).toBe(200);
    expect(await ours.json()).toMatchObject([{ statusCode: 200, metadata: { jobId: 1 } }]);
    expect(seen).toHaveLength(0);

    const body = [event(2, amplitude), event(3, amplitude)];
    const theirs = await post('/v0/destinations/am?x=1', body, { 'x-content-format': 'plain' });
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('apiversion')).toBe('2');
    expect(await theirs.json()).toEqual([
      { output: { am: true }, metadata: body[0]?.metadata, statusCode: 200 },
      { output: { am: true }, metadata: body[1]?.metadata, statusCode: 200 },
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v0/destinations/am?x=1' });
    expect(seen[0]?.headers['x-content-format']).toBe('plain');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual(body);
  });

  it("answers /features as the upstream's with Kustomer's entry", async () => {
    const response = await fetch(`${base}/features`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      routerTransform: { AM: true, KUSTOMER: true },
      regulations: ['AM', 'BRAZE', 'KUSTOMER'],
      supportTransformerProxyV1: true,
      supportDestTransformCompactedPayloadV1: true,
    });
  });

  it('sends a router batch by its destType', async () => {
    const ours = await post('/routerTransform', {
      input: [event(1, kustomer)],
      destType: 'kustomer',
    });
    expect(await ours.json()).toMatchObject({
      output: [{ statusCode: 200, metadata: [{ jobId: 1 }] }],
    });
    expect(seen).toHaveLength(0);
    const theirs = await post('/routerTransform', { input: [event(2, amplitude)], destType: 'am' });
    expect(theirs.status).toBe(200);
    expect(await theirs.json()).toEqual({
      output: [{ metadata: [{ jobId: 2, destinationId: 'a1' }], statusCode: 200, batched: false }],
    });
    expect(seen.map((request) => request.url)).toEqual(['/routerTransform']);
  });

  it('splits /deleteUsers by destType and answers in request order', async () => {
    const response = await post('/deleteUsers', [
      { destType: 'AM', userAttributes: [{ userId: 'u1' }], config: {} },
      { destType: 'KUSTOMER', userAttributes: [], config: { apiKey: 'upstream-key-0123456789' } },
      { destType: 'BRAZE', userAttributes: [{ userId: 'u2' }], config: {} },
    ]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { statusCode: 200, status: 'successful', by: 'upstream' },
      { statusCode: 200, status: 'successful' },
      { statusCode: 200, status: 'successful', by: 'upstream' },
    ]);
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]?.body ?? '').map((r: { destType: string }) => r.destType)).toEqual([
      'AM',
      'BRAZE',
    ]);
  });

  it('proxies every other path, with its method', async () => {
    const response = await fetch(`${base}/v0/sources/webhook`, { method: 'PUT', body: '[]' });
    expect(await response.json()).toEqual({ proxied: '/v0/sources/webhook', method: 'PUT' });
    const health = await fetch(`${base}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('answers 502 when the upstream is down', async () => {
    const down = await listen(
      createServer(createTransformerHandler({ upstream: 'http://127.0.0.1:9' })),
    );
    expect((await fetch(`${down}/v0/destinations/am`, { method: 'POST', body: '[]' })).status).toBe(
      502,
    );
    expect((await fetch(`${down}/features`)).status).toBe(502);
  });
});

describe('serve without an upstream', () => {
  it('answers /features for Kustomer', async () => {
    const alone = await listen(createServer(createTransformerHandler()));
    const response = await fetch(`${alone}/features`);
    expect(await response.json()).toEqual({
      routerTransform: { KUSTOMER: true },
      regulations: ['KUSTOMER'],
      supportDestTransformCompactedPayloadV1: true,
    });
    const other = await fetch(`${alone}/v0/destinations/am`, { method: 'POST', body: '[]' });
    expect(other.status).toBe(404);
  });
});
