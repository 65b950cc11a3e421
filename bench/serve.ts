/**
 * `serve` under load, everything on loopback: the built CLI's `serve`, the simulator as its
 * Kustomer (own process, half the users already customers), and this script posting mixed
 * processor batches (20 events, 20% identify) over a fixed number of keep-alive connections for a
 * fixed time. Outbound connections are the established TCP connections to the simulator's port
 * (/proc/net/tcp and tcp6, sampled), i.e. the sockets `serve` holds open to Kustomer.
 */
import { readFileSync } from 'node:fs';
import { createKustomerClient } from '../src/index.js';
import { driveLoad, type Load } from './load.js';
import { startCli, stopChild, watchPeak } from './processes.js';
import type { Report } from './report.js';
import { emailOf, streamEvents } from './stream.js';

/**
 * A `driveLoad` result through `serve` (its failed posts include the 503s `serve` sheds load with),
 * with the peak memory of the `serve` process and the sockets it opened to Kustomer.
 */
export interface ServeLoad extends Omit<Load, 'peakRssMb'> {
  connections: number;
  peakRssMb: number;
  peakOutboundConnections: number;
}

const USERS = 1_000;
const BATCH = 20;

/** Processor bodies cycled through by every connection. */
function batches(simulatorUrl: string): string[] {
  const destination = { ID: 'd1', Config: { apiKey: 'bench-key', baseEndpoint: simulatorUrl } };
  const events = [...streamEvents({ events: 4_000, users: USERS, seed: 5 })];
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += BATCH) {
    const inputs = events.slice(i, i + BATCH).map((message, n) => ({
      message,
      metadata: { jobId: i + n + 1, destinationId: 'd1', workspaceId: 'w1', sourceId: 's1' },
      destination,
    }));
    bodies.push(JSON.stringify(inputs));
  }
  return bodies;
}

/** Established connections whose remote end is `port`, from the kernel's socket tables. */
function connectionsTo(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, , remote, state] = line.trim().split(/\s+/);
      if (state === '01' && remote?.endsWith(`:${hexPort}`)) count++;
    }
  }
  return count;
}

/** `serve` under `connections` for `seconds`; with `workers` above 1, `serve --workers` (RSS: the primary's only). */
export async function benchServe(
  connections: number,
  seconds: number,
  workers = 1,
): Promise<ServeLoad> {
  const simulator = await startCli(['simulator', '--port', '0']);
  const serve = await startCli([
    'serve',
    '--port',
    '0',
    '--allow-insecure-base-endpoint',
    ...(workers > 1 ? ['--workers', String(workers)] : []),
  ]);
  try {
    const simulatorPort = Number(new URL(simulator.url).port);
    const client = createKustomerClient({
      apiKey: 'bench-key',
      baseUrl: simulator.url,
      allowInsecureBaseUrl: true,
    });
    for (let user = 0; user < USERS; user += 2) {
      await client.customers.create({ emails: [{ email: emailOf(user) }] });
    }
    const bodies = batches(simulator.url);
    const url = new URL('/v0/destinations/kustomer', serve.url);
    const peak = watchPeak(serve.child);
    let peakOutbound = 0;
    const sampler = setInterval(() => {
      peakOutbound = Math.max(peakOutbound, connectionsTo(simulatorPort));
    }, 100);
    const load = await driveLoad({
      url,
      bodies,
      eventsPerBody: BATCH,
      clients: connections,
      seconds,
    });
    clearInterval(sampler);
    return { ...load, connections, peakRssMb: peak.peakMb, peakOutboundConnections: peakOutbound };
  } finally {
    await stopChild(serve.child);
    await stopChild(simulator.child);
  }
}

/** Section 5's rows for `serve --workers 2` beside one process: the second core's share. */
export function reportServeWorkers(report: Report, one: ServeLoad, two: ServeLoad): void {
  const load = `${two.connections} connections, ${Math.round(two.seconds)} s`;
  report.info(
    '5',
    `serve --workers 2 events/s answered 200 (${load})`,
    two.eventsPerSecond,
    'events/s',
  );
  report.info(
    '5',
    'serve --workers 2 ÷ one process, events/s',
    two.eventsPerSecond / Math.max(one.eventsPerSecond, 1e-9),
    '×',
  );
  report.info('5', 'serve --workers 2 median latency per batch', two.medianLatencyMs, 'ms');
  report.info(
    '5',
    'serve --workers 2 slowest ÷ median latency per batch',
    two.maxLatencyMs / Math.max(two.medianLatencyMs, 1e-3),
    '×',
  );
}

/** Section 5's rows: throughput, latency and how evenly it is shared, memory, sockets, refusals. */
export function reportServe(report: Report, serve: ServeLoad): void {
  const load = `${serve.connections} connections, ${Math.round(serve.seconds)} s`;
  report.info('5', `serve events/s answered 200 (${load})`, serve.eventsPerSecond, 'events/s');
  report.info(
    '5',
    'serve median latency per batch of 20 (answered 200)',
    serve.medianLatencyMs,
    'ms',
  );
  report.info('5', 'serve p99 latency per batch of 20 (answered 200)', serve.p99LatencyMs, 'ms');
  report.info('5', 'serve slowest batch (answered 200)', serve.maxLatencyMs, 'ms');
  // Issue 19: no request waits 10 times the median (src/rudder/admission.ts).
  report.check(
    '5',
    'serve slowest ÷ median latency per batch',
    serve.maxLatencyMs / Math.max(serve.medianLatencyMs, 1e-3),
    '×',
    { max: 10 },
  );
  report.info('5', 'serve peak RSS', serve.peakRssMb, 'MB');
  report.info(
    '5',
    'serve peak outbound connections to Kustomer',
    serve.peakOutboundConnections,
    '',
  );
  for (const [status, posts] of Object.entries(serve.statuses)) {
    const answer = status === '0' ? 'no answer' : `HTTP ${status}`;
    if (status !== '200') report.info('5', `serve posts answered: ${answer}`, posts, '');
  }
}
