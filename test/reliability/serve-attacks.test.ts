/**
 * `serve` against the second attack's clients, through the built CLI: slow senders that must not
 * take it offline, bodies built to amplify its answer, metadata nested too deep to answer, and
 * bytes that are not UTF-8. Each prints its figures.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, waitForOutput } from '../e2e/support/cli.js';

let child: ChildProcess;
let url = '';
beforeAll(async () => {
  child = spawnCli(['serve', '--port', '0', '--allow-insecure-base-endpoint']);
  const [, found] = await waitForOutput(child, /listening on (http:\/\/\S+)/);
  url = found ?? '';
});
afterAll(() => {
  child.kill('SIGKILL');
});

/** The server's peak resident memory so far, in MB (Linux `VmHWM`). */
function peakRssMb(): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

const event = (jobId: number) => ({
  message: { type: 'track', userId: `u${jobId}`, event: 'Paid' },
  destination: { Config: { apiKey: 'serve-attacks-key' } },
  metadata: { jobId },
});

const post = (body: string | Uint8Array) =>
  fetch(`${url}/v0/destinations/kustomer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

describe('serve under the second attack', () => {
  it('answers real requests 200 within 1 s while 32 slow senders trickle their bodies', {
    timeout: 60_000,
  }, async () => {
    const { port, hostname } = new URL(url);
    const slow: Socket[] = [];
    for (let i = 0; i < 32; i++) {
      const socket = connect(Number(port), hostname);
      socket.on('error', () => undefined);
      socket.write(
        `POST /v0/destinations/kustomer HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[`,
      );
      slow.push(socket);
    }
    const trickle = setInterval(() => {
      for (const socket of slow) if (!socket.destroyed) socket.write(' ');
    }, 1_000);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const times: number[] = [];
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        const answer = await post(JSON.stringify([event(i)]));
        await answer.arrayBuffer();
        times.push(performance.now() - started);
        statuses.push(answer.status);
      }
      const slowest = Math.round(Math.max(...times));
      console.log(
        `reliability/serve-attacks 32 slow senders: 20 real requests answered ${[...new Set(statuses)].join(',')}, slowest ${slowest} ms`,
      );
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect(slowest).toBeLessThan(1_000);
    } finally {
      clearInterval(trickle);
      for (const socket of slow) socket.destroy();
    }
  });

  it('keeps peak RSS under 500 MB for eight parallel 2 MB bodies of [1,1,…]', {
    timeout: 120_000,
  }, async () => {
    const body = `[${'1,'.repeat(1_048_575)}1]`;
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const answer = await post(body);
        return { status: answer.status, bytes: (await answer.arrayBuffer()).byteLength };
      }),
    );
    const elapsed = Math.round(performance.now() - started);
    const probe = await fetch(`${url}/health`);
    const peak = peakRssMb();
    console.log(
      `reliability/serve-attacks 8 × ${(body.length / 1e6).toFixed(1)} MB amplifying bodies: statuses ${[...new Set(answers.map((a) => a.status))].join(',')}, largest answer ${Math.max(...answers.map((a) => a.bytes))} bytes, ${elapsed} ms, peak RSS ${peak} MB`,
    );
    expect(probe.status).toBe(200);
    expect(peak).toBeLessThan(500);
    for (const answer of answers) expect(answer.bytes).toBeLessThan(body.length);
  });

  it('answers an event with metadata nested 5,000 deep on its own, and the rest of its batch', {
    timeout: 30_000,
  }, async () => {
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const body = `[${JSON.stringify(event(1))},{"message":{"type":"track","userId":"u2","event":"Paid"},"destination":{"Config":{"apiKey":"k-serve"}},"metadata":${deep}}]`;
    const answer = await post(body);
    const outputs = (await answer.json()) as { statusCode: number }[];
    console.log(
      `reliability/serve-attacks metadata nested 5,000 deep: HTTP ${answer.status}, elements ${outputs.map((o) => o.statusCode).join(',')}`,
    );
    expect(answer.status).toBe(200);
    expect(outputs.map((o) => o.statusCode)).toEqual([200, 400]);
  });

  it('answers 400 to a body that is not UTF-8 instead of turning bytes into U+FFFD', async () => {
    const text = JSON.stringify([event(1)]).replace('"u1"', '"u\u0001"');
    const bytes = Buffer.from(text, 'utf8');
    bytes[bytes.indexOf(1)] = 0xff;
    const answer = await post(bytes);
    console.log(`reliability/serve-attacks invalid UTF-8 body: HTTP ${answer.status}`);
    expect(answer.status).toBe(400);
  });
});
