/**
 * By hand, against RudderStack's real transformer (docs/rudder-contract.md §10): build and start it
 * with ../shared/tools/rudder-transformer/ (PORT=9391 start.sh <dir>), then
 *   RUDDER_TRANSFORMER_URL=http://127.0.0.1:9391 npx vitest run test/e2e/serve-upstream-rudder-transformer.test.ts
 * One DEST_TRANSFORM_URL, `serve --upstream`'s handler, serves Kustomer and the webhook destination.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformerHandler } from '../../src/rudder/index.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';

const upstream = process.env.RUDDER_TRANSFORMER_URL;
const KEY = 'by-hand-key-0123456789';

describe.skipIf(upstream === undefined)('serve --upstream beside a real rudder-transformer', () => {
  const simulator = createKustomerSimulator({ apiKey: KEY });
  let server: Server;
  let base: string;
  let kustomer: string;

  beforeAll(async () => {
    kustomer = (await simulator.listen()).url;
    server = createServer(
      createTransformerHandler({ upstream: upstream ?? '', allowInsecureBaseEndpoint: true }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await simulator.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });

  it('lists every destination of the upstream and Kustomer in /features', async () => {
    const features = (await (await fetch(`${base}/features`)).json()) as {
      routerTransform: Record<string, boolean>;
      regulations: string[];
    };
    expect(features.routerTransform.KUSTOMER).toBe(true);
    expect(features.routerTransform.AM).toBe(true);
    expect(features.regulations).toContain('KUSTOMER');
    expect(features.regulations).toContain('AM');
  });

  it('transforms Kustomer here and the webhook destination there', async () => {
    const metadata = { jobId: 1, destinationId: 'd', workspaceId: 'w', sourceId: 's' };
    const message = { type: 'track', event: 'Signed Up', userId: 'u1', messageId: 'm1' };
    const ours = await post('/v0/destinations/kustomer', [
      {
        message,
        metadata,
        destination: { ID: 'd', Config: { apiKey: KEY, baseEndpoint: kustomer } },
      },
    ]);
    expect(ours.status).toBe(200);
    expect(await ours.json()).toMatchObject([{ statusCode: 200 }]);
    const webhook = {
      ID: 'w1',
      Config: { webhookUrl: 'https://example.com/hook', webhookMethod: 'POST' },
      DestinationDefinition: { Name: 'WEBHOOK' },
    };
    const theirs = await post('/v0/destinations/webhook', [
      { message, metadata, destination: webhook },
    ]);
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('apiversion')).toBe('2');
    expect(await theirs.json()).toMatchObject([
      { statusCode: 200, output: { endpoint: 'https://example.com/hook' } },
    ]);
  });

  it("answers other destinations' deletions from the upstream, in order", async () => {
    const response = await post('/deleteUsers', [
      { destType: 'KUSTOMER', userAttributes: [], config: { apiKey: KEY, baseEndpoint: kustomer } },
      { destType: 'WEBHOOK', userAttributes: [{ userId: 'u1' }], config: {} },
    ]);
    const answers = (await response.json()) as { statusCode: number }[];
    expect(answers[0]).toEqual({ statusCode: 200, status: 'successful' });
    expect(answers[1]?.statusCode).not.toBe(200);
  });
});
