/**
 * The CLI's own files lose nothing: the input, the dead-letter file and the checkpoint are never
 * one file, and a checkpoint never counts a failed line settled unless the line was written to a
 * dead-letter file.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/support/cli.js';
import { readNdjson, tempDir, writeNdjson } from '../e2e/support/files.js';
import { type Started, startServer } from './support/http.js';
import { workload } from './support/workload.js';

const dir = tempDir();
/** A Kustomer that answers every request 503, so every event fails with a retryable error. */
let down: Started;
beforeAll(async () => {
  down = await startServer((req, res) => {
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ status: 503, code: 'unavailable' }] }));
  });
});
afterAll(async () => {
  await down.close();
  dir.remove();
});

const env = { KUSTOMER_API_KEY: 'cli-files-key' };
const base = () => ['--base-url', down.url, '--allow-insecure-base-url', '--no-progress'];

describe('one file in two roles', () => {
  it.each([
    ['the input as --dead-letter', (f: string) => ['send', f, '--dead-letter', f]],
    [
      'the input as --dead-letter, spelt ./',
      (f: string) => ['send', f, '--dead-letter', f.replace(/\/([^/]+)$/, '/./$1')],
    ],
    ['the input as --checkpoint', (f: string) => ['send', f, '--checkpoint', f]],
    [
      '--checkpoint as --dead-letter',
      (f: string) => ['send', f, '--checkpoint', `${f}.cp`, '--dead-letter', `${f}.cp`],
    ],
    [
      'delete: the input as --dead-letter',
      (f: string) => ['delete', f, '--yes', '--dead-letter', f],
    ],
  ])(
    '%s is refused with exit 2 and the file untouched',
    { timeout: 30_000 },
    async (_what, args) => {
      const file = dir.path('failed.ndjson');
      writeNdjson(file, workload(50, 5));
      const before = readFileSync(file, 'utf8');
      const result = await runCli([...args(file), ...base()], { env });
      console.log(
        `reliability/cli-files ${_what}: exit ${result.code}, ${readNdjson(file).length} of 50 lines kept`,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/are the same file/);
      expect(readFileSync(file, 'utf8')).toBe(before);
    },
  );
});

describe('a checkpoint without --dead-letter', () => {
  it('writes the failed lines beside the checkpoint and names the file', {
    timeout: 60_000,
  }, async () => {
    const file = dir.path('events.ndjson');
    const checkpoint = dir.path('events.checkpoint');
    writeNdjson(file, workload(30, 5));
    const args = ['send', file, '--checkpoint', checkpoint, '--concurrency', '4', ...base()];
    const first = await runCli(args, { env });
    const failed = `${checkpoint}.failed.ndjson`;
    const kept = readNdjson(failed);
    const rerun = await runCli(args, { env });
    console.log(
      `reliability/cli-files checkpoint without --dead-letter: ${kept.length} of 30 failed lines kept in the file beside it; rerun exit ${rerun.code}`,
    );
    expect(first.stderr).not.toMatch(/usage|error:/i);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(failed);
    expect(kept).toHaveLength(30);
  });
});

describe('a usage error', () => {
  it('never echoes the value of a misspelt or refused flag', { timeout: 30_000 }, async () => {
    const file = dir.path('events.ndjson');
    writeNdjson(file, workload(2, 1));
    const key = 'secret-typed-key-0123456789';
    const runs = [
      await runCli(['send', file, `--apikey=${key}`]),
      await runCli(['send', file, '--concurrency', key]),
      await runCli(['delete', file, `--api_key=${key}`]),
    ];
    const leaks = runs.filter((run) => `${run.stdout}${run.stderr}`.includes(key)).length;
    console.log(
      `reliability/cli-files misspelt flags with a key as value: ${leaks} of 3 outputs carry it`,
    );
    expect(runs.map((run) => run.code)).toEqual([2, 2, 2]);
    expect(leaks).toBe(0);
  });
});
