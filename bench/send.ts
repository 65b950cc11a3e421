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

export interface SendRun {
  events: number;
  dryRun: boolean;
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

async function sendFile(file: string, events: number, baseUrl?: string): Promise<SendRun> {
  const target =
    baseUrl === undefined
      ? ['--dry-run']
      : ['--base-url', baseUrl, '--allow-insecure-base-url', '--api-key', 'bench-key'];
  const run = await runCli(['send', file, '--no-progress', ...target]);
  return {
    events,
    dryRun: baseUrl === undefined,
    exitCode: run.code,
    seconds: run.seconds,
    eventsPerSecond: events / run.seconds,
    peakRssMb: run.peakMb,
  };
}

/** `send` (real) and `send --dry-run` on each size; real runs each get a fresh simulator. */
export async function benchSend(sizes: { real: number[]; dryRun: number[] }): Promise<SendRun[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kustomer-bench-'));
  const runs: SendRun[] = [];
  try {
    for (const events of [...new Set([...sizes.real, ...sizes.dryRun])].sort((a, b) => a - b)) {
      const file = join(dir, `events-${events}.ndjson`);
      await writeEvents(file, events);
      if (sizes.dryRun.includes(events)) runs.push(await sendFile(file, events));
      if (sizes.real.includes(events)) {
        const simulator = await startCli(['simulator', '--port', '0']);
        try {
          runs.push(await sendFile(file, events, simulator.url));
        } finally {
          await stopChild(simulator.child);
        }
      }
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}
