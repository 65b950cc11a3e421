import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../src/cli/checkpoint.js';
import { collect, runCli, spawnCli } from './support/cli.js';
import { generated, seqOf, tempDir, writeNdjson } from './support/files.js';
import { useSimulatorServer } from './support/simulator.js';

const dir = tempDir();
const API_KEY = 'e2e-key';
/** `send`'s in-flight window at --concurrency 4: max(16, 4 × 4). */
const WINDOW = 16;
const kustomer = useSimulatorServer(API_KEY);
afterAll(dir.remove);

function sendArgs(file: string, checkpoint: string): string[] {
  return [
    'send',
    file,
    '--checkpoint',
    checkpoint,
    '--concurrency',
    '4',
    '--base-url',
    kustomer.url,
    '--allow-insecure-base-url',
    // A resumed run first waits twice the timeout (src/cli/checkpoint.ts): keep it short.
    '--timeout',
    '2000',
  ];
}

/** Polls (bounded) until `ready()` holds. */
async function until(ready: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

function seqCounts(): Map<number, number> {
  const counts = new Map<number, number>();
  for (const event of kustomer.simulator.events) {
    const seq = Number(event.meta.seq);
    counts.set(seq, (counts.get(seq) ?? 0) + 1);
  }
  return counts;
}

describe('send --checkpoint', () => {
  // A rerun first waits out the stopped run's possible late writes (5 s with --timeout 2000).
  it('after SIGKILL, a rerun delivers every event, repeating at most those in flight at the kill', {
    timeout: 90_000,
  }, async () => {
    const events = generated(600, 10);
    const file = dir.path('kill.ndjson');
    const checkpoint = dir.path('kill.checkpoint.json');
    writeNdjson(file, events);
    const removeDelay = kustomer.simulator.inject({ delayMs: 15 });

    const first = spawnCli(sendArgs(file, checkpoint), { env: { KUSTOMER_API_KEY: API_KEY } });
    const firstDone = collect(first, 120_000);
    await until(() => kustomer.simulator.events.length >= 100, '100 delivered events');
    first.kill('SIGKILL');
    const killed = await firstDone;
    expect(killed.signal).toBe('SIGKILL');
    removeDelay();

    const stored = loadCheckpoint(checkpoint);
    expect(stored?.settledThrough).toBeGreaterThan(0);
    expect(stored?.settledThrough).toBeLessThan(events.length);

    const rerun = await runCli([...sendArgs(file, checkpoint), '--json'], {
      env: { KUSTOMER_API_KEY: API_KEY },
      timeoutMs: 120_000,
    });
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.skipped).toBeGreaterThan(0);
    expect(summary.skipped + summary.sent).toBe(events.length);

    const counts = seqCounts();
    const tracking = events.filter((e) => e.type !== 'identify' && e.type !== 'group').map(seqOf);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(tracking);
    const repeated = [...counts.values()].filter((n) => n > 1);
    expect(repeated.every((n) => n === 2)).toBe(true);
    expect(repeated.length).toBeLessThanOrEqual(WINDOW);
    const externalIds = kustomer.simulator.customers.map((c) => c.attributes.externalId);
    expect(new Set(externalIds).size).toBe(externalIds.length);
    expect(loadCheckpoint(checkpoint)).toMatchObject({
      settledThrough: events.length,
      settledAbove: [],
    });
  });

  it('on SIGINT lets in-flight events settle, exits 130, and a rerun sends nothing twice', {
    timeout: 90_000,
  }, async () => {
    const events = generated(400, 8);
    const file = dir.path('sigint.ndjson');
    const checkpoint = dir.path('sigint.checkpoint.json');
    writeNdjson(file, events);
    const removeDelay = kustomer.simulator.inject({ delayMs: 15 });

    const first = spawnCli(sendArgs(file, checkpoint), { env: { KUSTOMER_API_KEY: API_KEY } });
    const firstDone = collect(first, 120_000);
    await until(() => kustomer.simulator.events.length >= 50, '50 delivered events');
    first.kill('SIGINT');
    const interrupted = await firstDone;
    removeDelay();
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toMatch(/^Interrupted by SIGINT/m);
    expect(interrupted.stderr).toContain('(rerun with the same --checkpoint to resume)');
    expect(existsSync(checkpoint)).toBe(true);

    const rerun = await runCli(sendArgs(file, checkpoint), {
      env: { KUSTOMER_API_KEY: API_KEY },
      timeoutMs: 120_000,
    });
    expect(rerun.code).toBe(0);
    const counts = seqCounts();
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(
      events.filter((e) => e.type !== 'identify' && e.type !== 'group').map(seqOf),
    );
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('refuses a checkpoint that belongs to another input', async () => {
    const a = dir.path('a.ndjson');
    const b = dir.path('b.ndjson');
    const checkpoint = dir.path('ab.checkpoint.json');
    writeNdjson(a, generated(3, 1));
    writeNdjson(b, generated(3, 1));
    const env = { KUSTOMER_API_KEY: API_KEY };
    expect((await runCli(sendArgs(a, checkpoint), { env })).code).toBe(0);
    const other = await runCli(sendArgs(b, checkpoint), { env });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('belongs to');
  });

  it('refuses --checkpoint on stdin, which cannot be read again', async () => {
    const result = await runCli(
      ['send', '-', '--checkpoint', dir.path('stdin.checkpoint.json'), '--api-key', API_KEY],
      { input: `${JSON.stringify(generated(1, 1)[0])}\n` },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--checkpoint needs a file');
    expect(kustomer.simulator.requests).toHaveLength(0);
  });

  it('refuses a file replaced at the same path, and skips none of its lines', async () => {
    const file = dir.path('replaced.ndjson');
    const checkpoint = dir.path('replaced.checkpoint.json');
    const env = { KUSTOMER_API_KEY: API_KEY };
    writeNdjson(file, generated(6, 2));
    expect((await runCli(sendArgs(file, checkpoint), { env })).code).toBe(0);
    const delivered = kustomer.simulator.requests.length;

    writeNdjson(file, [...generated(6, 2)].reverse());
    const replaced = await runCli(sendArgs(file, checkpoint), { env });
    expect(replaced.code).toBe(2);
    expect(replaced.stderr).toMatch(/belongs to another version of .*replaced\.ndjson/);
    expect(kustomer.simulator.requests).toHaveLength(delivered);
  });
});
