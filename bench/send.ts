/**
 * `send` through the built CLI: throughput against the simulator over loopback (the simulator in
 * its own process, no rate limit, `send`'s default window), and peak RSS of `send` and
 * `send --dry-run` on generated NDJSON files of two sizes. A flat memory profile means the larger
 * file's peak is within 10% of the smaller one's.
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli, stopChild } from './processes.js';
import { streamEvents } from './stream.js';

/**
 * Node's flag for the second, capped run of a size: with the old generation held to this, a run
 * that still completes shows that the live data is small and the uncapped peak is garbage V8 had
 * not yet collected.
 */
export const HEAP_CAP = '--max-old-space-size=48';

export interface SendRun {
  events: number;
  dryRun: boolean;
  /** Run with `HEAP_CAP`. */
  capped: boolean;
  exitCode: number | null;
  seconds: number;
  eventsPerSecond: number;
  peakRssMb: number;
}

/** Writes `events` generated events as NDJSON, with backpressure. */
async function writeEvents(path: string, events: number): Promise<void> {
  const out = createWriteStream(path);
  const users = Math.max(1, Math.round(events / 20));
  for (const event of streamEvents({ events, users })) {
    if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function sendFile(
  file: string,
  events: number,
  baseUrl?: string,
  capped = false,
): Promise<SendRun> {
  const target =
    baseUrl === undefined
      ? ['--dry-run']
      : ['--base-url', baseUrl, '--allow-insecure-base-url', '--api-key', 'bench-key'];
  const run = await runCli(['send', file, '--no-progress', ...target], capped ? [HEAP_CAP] : []);
  return {
    events,
    dryRun: baseUrl === undefined,
    capped,
    exitCode: run.code,
    seconds: run.seconds,
    eventsPerSecond: events / run.seconds,
    peakRssMb: run.peakMb,
  };
}

/** A real `send` against a simulator of its own, so every run starts from an empty Kustomer. */
async function realSend(file: string, events: number, capped: boolean): Promise<SendRun> {
  const simulator = await startCli(['simulator', '--port', '0']);
  try {
    return await sendFile(file, events, simulator.url, capped);
  } finally {
    await stopChild(simulator.child);
  }
}

/**
 * `send` (real) and `send --dry-run` on each size; real runs each get a fresh simulator. The
 * largest dry run and the smallest real run are repeated with the heap capped (`HEAP_CAP`).
 */
export async function benchSend(sizes: { real: number[]; dryRun: number[] }): Promise<SendRun[]> {
  const cappedDryRun = Math.max(...sizes.dryRun);
  const cappedReal = Math.min(...sizes.real);
  const dir = mkdtempSync(join(tmpdir(), 'kustomer-bench-'));
  const runs: SendRun[] = [];
  try {
    for (const events of [...new Set([...sizes.real, ...sizes.dryRun])].sort((a, b) => a - b)) {
      const file = join(dir, `events-${events}.ndjson`);
      await writeEvents(file, events);
      if (sizes.dryRun.includes(events)) runs.push(await sendFile(file, events));
      if (events === cappedDryRun) runs.push(await sendFile(file, events, undefined, true));
      if (sizes.real.includes(events)) runs.push(await realSend(file, events, false));
      if (events === cappedReal) runs.push(await realSend(file, events, true));
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}
