/**
 * `serve --workers 2` as a user starts it: one port answered by both workers, `/metrics` summed
 * over them whichever worker answers the scrape, a deletion through one worker emptying the other's
 * customer memory, and SIGTERM stopping the primary and every worker.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { identify } from '../support/events.js';
import { spawnCli, waitForOutput } from './support/cli.js';
import { useSimulatorServer } from './support/simulator.js';

const API_KEY = 'workers-key';
// Also stops every CLI child after each test.
const kustomer = useSimulatorServer(API_KEY);

let url = '';
let server: ReturnType<typeof spawnCli>;
async function startWorkers(): Promise<void> {
  server = spawnCli(['serve', '--workers', '2', '--port', '0', '--allow-insecure-base-endpoint']);
  const [, printed] = await waitForOutput(server, /listening on (http:\/\/\S+)\n[\s\S]*^ready$/m);
  url = printed ?? '';
}

/** One request on a connection of its own, so that the primary hands each to the next worker. */
function send(
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; worker: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      { method, agent: false, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            worker: String(res.headers['x-serve-worker']),
            text,
          }),
        );
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

const track = JSON.stringify([
  {
    message: { type: 'track', event: 'Order Completed', userId: 'u1', properties: {} },
    destination: { Config: { apiKey: API_KEY } },
    metadata: { jobId: 1 },
  },
]);

const tracked = (text: string) =>
  Number(
    /^kustomer_transformer_events_total\{feature="processor",type="track",status="200"\} (\d+)$/m.exec(
      text,
    )?.[1] ?? 0,
  );

describe('serve --workers 2', () => {
  it('answers from both workers on one port, and every scrape sums both', async () => {
    await startWorkers();
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(await send('POST', '/v0/destinations/kustomer', track));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((a) => a.worker))).toEqual(new Set(['1', '2']));
    const scrapes = [await send('GET', '/metrics'), await send('GET', '/metrics')];
    expect(new Set(scrapes.map((s) => s.worker))).toEqual(new Set(['1', '2']));
    for (const scrape of scrapes) expect(tracked(scrape.text)).toBe(6);
  });

  it('makes the other worker forget its customers when one deletes a user', async () => {
    await createKustomerDestination({
      apiKey: API_KEY,
      baseUrl: kustomer.url,
      allowInsecureBaseUrl: true,
    }).send(identify('u1', { name: 'Ada' }));
    await startWorkers();
    const config = { apiKey: API_KEY, baseEndpoint: kustomer.url };
    const body = JSON.stringify([
      {
        message: { type: 'identify', userId: 'u1', traits: { name: 'Ada L.' } },
        destination: { Config: config },
        metadata: { jobId: 1 },
      },
    ]);
    /** Identifies until each worker has answered `times` of them. */
    const identifyOnBoth = async (times: number) => {
      const answered = new Map<string, number>();
      for (let i = 0; i < 20 && [...answered.values()].filter((n) => n >= times).length < 2; i++) {
        const answer = await send('POST', '/v0/destinations/kustomer', body);
        expect(answer.status).toBe(200);
        answered.set(answer.worker, (answered.get(answer.worker) ?? 0) + 1);
      }
      return answered;
    };
    const cache = async () => {
      const text = (await send('GET', '/metrics')).text;
      const count = (result: string) =>
        Number(
          new RegExp(
            `^kustomer_transformer_customer_cache_total\\{result="${result}"\\} (\\d+)$`,
            'm',
          ).exec(text)?.[1] ?? 0,
        );
      return { hit: count('hit'), miss: count('miss') };
    };
    const before = await identifyOnBoth(2);
    const warm = await cache();
    // Each worker looked u1 up once and remembered it.
    expect(warm.miss).toBe(2);
    expect(warm.hit).toBe([...before.values()].reduce((a, b) => a + b, 0) - 2);
    const deletion = JSON.stringify([
      { destType: 'KUSTOMER', userAttributes: [{ userId: 'u1' }], config },
    ]);
    expect((await send('POST', '/deleteUsers', deletion)).status).toBe(200);
    // Wait for the other worker to have been told.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await identifyOnBoth(1);
    const after = await cache();
    expect(after.hit, 'no worker answered from memory after the deletion').toBe(warm.hit);
  });

  it('stops the primary and both workers on SIGTERM', async () => {
    await startWorkers();
    const pid = server.pid ?? 0;
    const workers = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(workers).toHaveLength(2);
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const worker of workers) {
      expect(() => process.kill(worker, 0), `worker ${worker} still running`).toThrow();
    }
  });
});
