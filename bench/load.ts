/**
 * A closed-loop HTTP load: `clients` keep-alive connections, each posting the next body as soon as
 * its previous one is answered, for a fixed time. Posts still in flight at the end are not
 * counted, so the window is exact. Also samples a process's resident memory (VmRSS) meanwhile.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { median } from './harness.js';

export interface Load {
  clients: number;
  seconds: number;
  /** Posts answered 200, and the events in them. */
  batches: number;
  events: number;
  eventsPerSecond: number;
  /** Posts answered anything else, or nothing (status 0). */
  failedPosts: number;
  statuses: Record<string, number>;
  medianLatencyMs: number;
  p99LatencyMs: number;
  /** The slowest post answered 200: fair admission keeps it within 10 times the median. */
  maxLatencyMs: number;
  /** The most resident memory seen while the load ran, when a pid was given. */
  peakRssMb: number | undefined;
}

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json; charset=utf-8' } },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

function rssMb(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

export async function driveLoad(options: {
  url: URL;
  bodies: readonly string[];
  eventsPerBody: number;
  clients: number;
  seconds: number;
  pid?: number | undefined;
}): Promise<Load> {
  const { url, bodies, clients, seconds, pid } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  let peakRss: number | undefined;
  const sampler = setInterval(() => {
    const now = pid === undefined ? undefined : rssMb(pid);
    if (now !== undefined) peakRss = Math.max(peakRss ?? 0, now);
  }, 50);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let failedPosts = 0;
  let next = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const body = bodies[next++ % bodies.length] ?? '[]';
      const sent = performance.now();
      const status = await post(agent, url, body).catch(() => 0);
      if (performance.now() > end) return;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 200) latencies.push(performance.now() - sent);
      else failedPosts++;
    }
  };
  const workers = Promise.all(Array.from({ length: clients }, worker));
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  clearInterval(sampler);
  agent.destroy();
  await workers;
  latencies.sort((a, b) => a - b);
  const events = latencies.length * options.eventsPerBody;
  return {
    clients,
    seconds,
    batches: latencies.length,
    events,
    eventsPerSecond: events / seconds,
    failedPosts,
    statuses,
    medianLatencyMs: median(latencies),
    p99LatencyMs:
      latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0,
    maxLatencyMs: latencies.at(-1) ?? 0,
    peakRssMb: peakRss,
  };
}
