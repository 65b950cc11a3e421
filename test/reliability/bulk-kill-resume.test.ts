/**
 * `send --bulk --checkpoint` (the built CLI) over a 10,000-user backfill (3,000 in a plain `npm test`: test/support/scale.ts) with 1% invalid records,
 * killed with SIGKILL twice and resumed, against the simulator over HTTP: exactly one customer per
 * valid user, every invalid record in the dead-letter file with its line, every valid record and
 * tracking event delivered (docs/bulk.md).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { collect, killAll, spawnCli } from '../e2e/support/cli.js';
import { tempDir, writeNdjson } from '../e2e/support/files.js';
import { scaled } from '../support/scale.js';
import { countLeaks } from './support/leaks.js';

const API_KEY = 'reliability-bulk-kill-key';
const USERS = scaled(3_000, 10_000);
const dir = tempDir();
const simulator = createKustomerSimulator({
  apiKey: API_KEY,
  bulkJobMs: 400,
  // `legacyCodeStr` is not defined in this org: Kustomer alone refuses it, rejecting the batch.
  customAttributes: ['planStr'],
});
afterAll(async () => {
  killAll();
  await simulator.close();
  dir.remove();
});

/** One identify per user, a track after every tenth; 1% of users invalid: 0.8% refused by the mappers, 0.2% by Kustomer. */
function backfill() {
  const events: Record<string, unknown>[] = [];
  const invalidLines: number[] = [];
  const validUsers: string[] = [];
  for (let user = 0; user < USERS; user++) {
    const userId = `user-${user}`;
    const traits: Record<string, unknown> = { name: `User ${user}`, plan: 'pro' };
    if (user % 125 === 7) {
      // Refused by the mappers: no userId and no anonymousId.
      events.push({ type: 'identify', traits });
      invalidLines.push(events.length);
      continue;
    }
    if (user % 500 === 60) {
      // Refused only by Kustomer.
      events.push({ type: 'identify', userId, traits: { ...traits, legacyCode: 'x' } });
      invalidLines.push(events.length);
      continue;
    }
    events.push({ type: 'identify', userId, traits });
    validUsers.push(userId);
    if (user % 10 === 0) {
      events.push({ type: 'track', userId, event: 'Imported', properties: { batch: `b${user}` } });
    }
  }
  return { events, invalidLines, validUsers };
}

async function until(ready: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('send --bulk --checkpoint under SIGKILL', () => {
  it('ends with one customer per user, every invalid record reported with its line, every valid one delivered', {
    timeout: 240_000,
  }, async () => {
    const { url } = await simulator.listen(0);
    const { events, invalidLines, validUsers } = backfill();
    expect(invalidLines).toHaveLength(USERS / 100);
    const file = dir.path('history.ndjson');
    const checkpoint = dir.path('history.checkpoint.json');
    const deadLetter = dir.path('dead.ndjson');
    writeNdjson(file, events);
    const args = [
      'send',
      file,
      '--bulk',
      '--custom-attributes',
      '{"plan":"planStr","legacyCode":"legacyCodeStr"}',
      '--checkpoint',
      checkpoint,
      '--dead-letter',
      deadLetter,
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
    for (const target of [Math.round(USERS / 4), Math.round(USERS * 0.6)]) {
      const child = spawnCli(args, { env });
      const done = collect(child, 200_000);
      await until(() => simulator.customers.length >= target, `${target} customers`);
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal).toBe('SIGKILL');
      outputs.push(killed.stdout, killed.stderr);
    }
    const last = await collect(spawnCli([...args, '--json'], { env }), 200_000);
    outputs.push(last.stdout, last.stderr, readFileSync(checkpoint, 'utf8'));
    // Exit 1: some records were invalid.
    expect(last.code, last.stderr).toBe(1);

    const customers = simulator.customers;
    const byUser = new Map<string, number>();
    for (const c of customers) {
      const key = String(c.attributes.externalId);
      byUser.set(key, (byUser.get(key) ?? 0) + 1);
    }
    expect([...byUser.values()].filter((n) => n > 1)).toEqual([]);
    expect(customers).toHaveLength(validUsers.length);
    expect(validUsers.filter((user) => !byUser.has(user))).toEqual([]);

    const letters = readFileSync(deadLetter, 'utf8')
      .split('\n')
      .filter((text) => text !== '')
      .map((text) => JSON.parse(text) as { line: number; error: { name: string } });
    expect([...new Set(letters.map((l) => l.line))].sort((a, b) => a - b)).toEqual(invalidLines);

    const tracked = new Set(simulator.events.map((e) => e.meta.batch));
    const expectedTracks = events.filter((e) => e.type === 'track').length;
    expect(tracked.size).toBe(expectedTracks);
    expect(countLeaks(outputs, API_KEY)).toBe(0);
    console.log(
      `reliability/bulk-kill-resume: 2 SIGKILLs over ${events.length} lines; ${customers.length} customers, ` +
        `${letters.length} dead letters, ${simulator.jobs.length} bulk jobs`,
    );
  });
});
