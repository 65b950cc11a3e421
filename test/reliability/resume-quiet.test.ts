/**
 * Writes of a stopped run may still land (a held write, a write in flight at a SIGKILL): the
 * checkpoint records until when (`quietAt`, rewritten every second while the run lasts), and a
 * resumed run sends nothing before then, so no late write lands after its newer one.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputIdentity, loadCheckpoint, saveCheckpoint } from '../../src/cli/checkpoint.js';
import { runCli } from '../e2e/support/cli.js';
import { tempDir, writeNdjson } from '../e2e/support/files.js';
import { useSimulatorServer } from '../e2e/support/simulator.js';
import { workload } from './support/workload.js';

const API_KEY = 'resume-quiet-key';
const kustomer = useSimulatorServer(API_KEY);
/** `--timeout`: the run's writes may land until twice this after they were sent. */
const TIMEOUT_MS = 1_500;

describe('a resumed run', () => {
  it('sends nothing before the quiet time its checkpoint records, and records its own from --timeout', {
    timeout: 60_000,
  }, async () => {
    const dir = tempDir();
    try {
      const file = dir.path('events.ndjson');
      const checkpoint = dir.path('events.checkpoint');
      writeNdjson(file, workload(6, 2));
      const quietAt = Date.now() + 2_500;
      saveCheckpoint(checkpoint, {
        version: 3,
        input: inputIdentity(resolve(file), statSync(file).size),
        settledThrough: 0,
        settledAbove: [],
        quietAt,
      });
      let firstRequestAt: number | undefined;
      const watch = setInterval(() => {
        if (firstRequestAt === undefined && kustomer.simulator.requests.length > 0) {
          firstRequestAt = Date.now();
        }
      }, 10);
      const run = await runCli(
        [
          'send',
          file,
          '--checkpoint',
          checkpoint,
          '--base-url',
          kustomer.url,
          '--allow-insecure-base-url',
          '--timeout',
          String(TIMEOUT_MS),
        ],
        { env: { KUSTOMER_API_KEY: API_KEY } },
      ).finally(() => clearInterval(watch));
      const endedAt = Date.now();
      const recorded = loadCheckpoint(checkpoint)?.quietAt ?? 0;
      console.log(
        `reliability/resume-quiet first request ${Math.round((firstRequestAt ?? 0) - quietAt)} ms after the recorded quiet time; this run (--timeout ${TIMEOUT_MS}) recorded quiet until ${recorded - endedAt} ms after it ended`,
      );
      expect(run.code).toBe(0);
      expect(firstRequestAt ?? 0).toBeGreaterThanOrEqual(quietAt - 20);
      expect(recorded).toBeGreaterThan(endedAt);
      // The last save is at most a heartbeat before the end: quiet ≤ 2 × timeout + heartbeat after it.
      expect(recorded - endedAt).toBeLessThanOrEqual(2 * TIMEOUT_MS + 1_000);
    } finally {
      dir.remove();
    }
  });
});
