/**
 * Temp dirs and NDJSON files for the e2e tests.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RudderMessage } from '../../../src/adapter/types.js';
import { generateEvents } from '../../../src/cli/demo-events.js';

export function tempDir(): { path: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kd-e2e-'));
  return {
    path: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Writes events (or raw lines) as NDJSON. */
export function writeNdjson(path: string, lines: readonly (RudderMessage | string)[]): void {
  writeFileSync(
    path,
    `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`,
  );
}

/** `count` generated events; `seq` equals the line number. */
export function generated(count: number, users = 20): RudderMessage[] {
  return [...generateEvents({ count, users, seed: 42 })];
}

export function readNdjson(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
}

/** The `seq` a generated event carries (identify: traits; others: properties). */
export function seqOf(event: RudderMessage): number {
  const holder = event.type === 'identify' ? event.traits : event.properties;
  if (
    typeof holder === 'object' &&
    holder !== null &&
    'seq' in holder &&
    typeof holder.seq === 'number'
  ) {
    return holder.seq;
  }
  throw new Error('not a generated event');
}
