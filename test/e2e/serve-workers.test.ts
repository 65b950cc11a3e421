/**
 * `serve --workers 2` as a user starts it: one port answered by both workers, `/metrics` summed
 * over them whichever worker answers the scrape, and SIGTERM stopping the primary and every worker.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, spawnCli, waitForOutput } from './support/cli.js';

let url = '';
let server: ReturnType<typeof spawnCli>;
beforeAll(async () => {
  server = spawnCli(['serve', '--workers', '2', '--port', '0']);
  const [, printed] = await waitForOutput(server, /listening on (http:\/\/\S+)\n[\s\S]*^ready$/m);
  url = printed ?? '';
});
afterAll(killAll);

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
    destination: { Config: { apiKey: 'workers-key' } },
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
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(await send('POST', '/v0/destinations/kustomer', track));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((a) => a.worker))).toEqual(new Set(['1', '2']));
    const scrapes = [await send('GET', '/metrics'), await send('GET', '/metrics')];
    expect(new Set(scrapes.map((s) => s.worker))).toEqual(new Set(['1', '2']));
    for (const scrape of scrapes) expect(tracked(scrape.text)).toBe(6);
  });

  it('stops the primary and both workers on SIGTERM', async () => {
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
