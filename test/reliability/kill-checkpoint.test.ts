/**
 * `send --checkpoint` (the built CLI) killed with SIGKILL five times over 5,000 events (three times over 2,000 in a plain `npm test`: test/support/scale.ts) against the
 * simulator over HTTP, then run to the end: nothing is lost, every customer ends at its user's last
 * identify, and repeats (events in flight at a kill) are counted.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { collect, killAll, spawnCli } from '../e2e/support/cli.js';
import { tempDir, writeNdjson } from '../e2e/support/files.js';
import { scaled } from '../support/scale.js';
import { countLeaks } from './support/leaks.js';
import { reconcile, workload } from './support/workload.js';

const API_KEY = 'reliability-kill-key';
const KILLS = scaled(3, 5);
const CONCURRENCY = 16;
/** `send`'s in-flight window: max(16, 4 × concurrency); only events in it can repeat after a kill. */
const WINDOW = Math.max(16, 4 * CONCURRENCY);
const dir = tempDir();
const simulator = createKustomerSimulator({ apiKey: API_KEY });
afterAll(async () => {
  killAll();
  await simulator.close();
  dir.remove();
});

async function until(ready: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe('send --checkpoint under SIGKILL', () => {
  it('loses nothing over repeated kills', { timeout: 400_000 }, async () => {
    const { url } = await simulator.listen(0);
    const events = workload(scaled(2_000, 5_000), 200);
    const file = dir.path('events.ndjson');
    const checkpoint = dir.path('events.checkpoint.json');
    const deadLetter = dir.path('dead.ndjson');
    writeNdjson(file, events);
    const args = [
      'send',
      file,
      '--checkpoint',
      checkpoint,
      '--dead-letter',
      deadLetter,
      '--concurrency',
      String(CONCURRENCY),
      '--base-url',
      url,
      '--allow-insecure-base-url',
      '--no-progress',
      // A resumed run first waits twice the timeout (src/cli/checkpoint.ts): keep it short.
      '--timeout',
      '2000',
    ];
    const env = { KUSTOMER_API_KEY: API_KEY };
    const outputs: string[] = [];
    const trackingTotal = events.filter((event) => event.type !== 'identify').length;

    for (let kill = 1; kill <= KILLS; kill++) {
      const target = Math.floor((trackingTotal * kill) / (KILLS + 1));
      const child = spawnCli(args, { env });
      const done = collect(child, 150_000);
      await until(() => simulator.events.length >= target, `${target} stored events`);
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal).toBe('SIGKILL');
      outputs.push(killed.stdout, killed.stderr);
    }
    const last = await collect(spawnCli([...args, '--json'], { env }), 150_000);
    outputs.push(last.stdout, last.stderr, readFileSync(checkpoint, 'utf8'));
    expect(last.code).toBe(0);

    const figures = reconcile(events, simulator);
    console.log(
      `reliability/kill-checkpoint: ${KILLS} SIGKILLs over ${events.length} events; ${JSON.stringify(figures)}`,
    );
    expect(figures).toMatchObject({ lost: 0, stale: 0, duplicateCustomers: 0 });
    expect(figures.duplicateEvents).toBeLessThanOrEqual(KILLS * WINDOW);
    expect(countLeaks(outputs, API_KEY)).toBe(0);
  });
});
