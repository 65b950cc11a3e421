/**
 * Replicas sharing one org budget (issue 19, item 7): three real `send` processes against one
 * `kustomer-destination simulator --rate-limit 120`, through a counting proxy in this process that
 * notes when each request arrived and how it was answered. The sends get more events than the run
 * can deliver and are stopped (SIGTERM) at the end of the second whole minute after they start.
 *
 * 429 share = requests answered 429 ÷ every request. Budget used = requests accepted in the whole
 * minutes of the run ÷ (limit × those minutes): the simulator's windows are whole minutes of the
 * clock (docs/simulator.md), and the first, partial one is where the replicas learn the budget.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCli, stopChild } from './processes.js';
import type { Report } from './report.js';

const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const WINDOW_MS = 60_000;

export interface ReplicasRun {
  replicas: number;
  limitPerMinute: number;
  seconds: number;
  requests: number;
  accepted: number;
  tooMany: number;
  tooManyShare: number;
  /** Whole minutes the figure below covers. */
  wholeMinutes: number;
  acceptedInWholeMinutes: number;
  budgetUsed: number;
}

export async function benchReplicas(
  options: { replicas?: number; limitPerMinute?: number; wholeMinutes?: number } = {},
): Promise<ReplicasRun> {
  const replicas = options.replicas ?? 3;
  const limit = options.limitPerMinute ?? 120;
  const wholeMinutes = options.wholeMinutes ?? 2;
  const dir = mkdtempSync(join(tmpdir(), 'kd-replicas-'));
  const simulator = await startCli(['simulator', '--port', '0', '--rate-limit', String(limit)]);
  const seen: { at: number; status: number }[] = [];
  const proxy = createServer((req, res) => void forward(simulator.url, req, res, seen));
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const sends: ChildProcess[] = [];
  const started = Date.now();
  try {
    const perReplica = Math.ceil((limit * (wholeMinutes + 2)) / replicas) * 2;
    for (let r = 0; r < replicas; r++) {
      const file = join(dir, `replica-${r}.ndjson`);
      await writeTracks(file, r, perReplica);
      const args = ['send', file, '--no-progress', '--base-url', proxyUrl];
      args.push('--allow-insecure-base-url', '--api-key', 'bench-key');
      sends.push(spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' }));
    }
    const first = Math.ceil(started / WINDOW_MS) * WINDOW_MS;
    const end = first + wholeMinutes * WINDOW_MS;
    await new Promise((resolve) => setTimeout(resolve, end - Date.now() + 500));
    await Promise.all(sends.map(stopChild));
    const tooMany = seen.filter((s) => s.status === 429).length;
    const inWhole = seen.filter((s) => s.status !== 429 && s.at >= first && s.at < end).length;
    return {
      replicas,
      limitPerMinute: limit,
      seconds: (Date.now() - started) / 1000,
      requests: seen.length,
      accepted: seen.length - tooMany,
      tooMany,
      tooManyShare: seen.length === 0 ? 0 : tooMany / seen.length,
      wholeMinutes,
      acceptedInWholeMinutes: inWhole,
      budgetUsed: inWhole / (limit * wholeMinutes),
    };
  } finally {
    await Promise.all(sends.map(stopChild));
    proxy.closeAllConnections();
    proxy.close();
    await stopChild(simulator.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One track per line for users of this replica alone: each is one request. */
async function writeTracks(path: string, replica: number, events: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < events; i++) {
    const event = { type: 'track', event: 'Viewed', userId: `r${replica}-u${i % 50}` };
    if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Forwards one request to the simulator, noting when it arrived and its answer's status. */
async function forward(
  target: string,
  req: IncomingMessage,
  res: ServerResponse,
  seen: { at: number; status: number }[],
): Promise<void> {
  const at = Date.now();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string' && name !== 'host' && name !== 'connection') {
      headers.set(name, value);
    }
  }
  try {
    const answer = await fetch(`${target}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = Buffer.from(await answer.arrayBuffer());
    seen.push({ at, status: answer.status });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'content-encoding' && name !== 'transfer-encoding' && name !== 'connection') {
        out[name] = value;
      }
    });
    res.writeHead(answer.status, { ...out, 'content-length': String(body.length) });
    res.end(body);
  } catch {
    res.writeHead(502).end();
  }
}

export function reportReplicas(report: Report, run: ReplicasRun): void {
  const who = `${run.replicas} send processes, ${run.limitPerMinute}/min`;
  report.check('7', `replicas: 429s as a share of requests (${who})`, run.tooManyShare * 100, '%', {
    max: 1,
  });
  report.check(
    '7',
    `replicas: budget used over ${run.wholeMinutes} whole minutes`,
    run.budgetUsed * 100,
    '%',
    { min: 90 },
  );
  report.info('7', 'replicas: requests, all answers', run.requests, '');
}
