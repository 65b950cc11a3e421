import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../../src/cli/checkpoint.js';
import { sendJob } from '../../../src/cli/commands/send.js';
import { openDeadLetter } from '../../../src/cli/dead-letter.js';
import { authStop } from '../../../src/cli/hints.js';
import { runLines } from '../../../src/cli/line-loop.js';
import type { DeliveryResult } from '../../../src/delivery/types.js';
import { scratchDir } from '../../support/scratch-dir.js';
import { checkpointAt, lineRun, linesOf, reportInto } from './support.js';

const tracked: DeliveryResult = {
  ok: true,
  action: 'tracked',
  requests: 1,
  retries: 0,
  warnings: [],
};

const track = (n: number) => JSON.stringify({ type: 'track', userId: `u${n}`, event: 'Seen' });

const inScratch = scratchDir('kd-loop-');

function readLetters(path: string): { line: number; error: { name: string }; origin?: unknown }[] {
  const text = readFileSync(path, 'utf8').trimEnd();
  return text === '' ? [] : text.split('\n').map((l) => JSON.parse(l));
}

describe('runLines on shutdown', () => {
  it('passes a signal that cancels stalled events once the drain time is over, and leaves them unsettled', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const stalled = {
      send(event: unknown, options?: { signal?: AbortSignal }): Promise<DeliveryResult> {
        const signal = options?.signal;
        if (signal === undefined) throw new Error('send got no signal');
        seen.push(signal);
        if ((event as { userId: string }).userId === 'u1') return Promise.resolve(tracked);
        return new Promise((done) =>
          signal.addEventListener('abort', () =>
            done({
              ok: false,
              error: { name: 'AbortError', message: 'aborted', retryable: true },
              requests: 1,
              retries: 0,
              warnings: [],
            }),
          ),
        );
      },
    };
    const deadLetterPath = inScratch('dead.ndjson');
    const checkpointPath = inScratch('cp.json');
    const texts = Array.from({ length: 40 }, (_, i) => track(i + 1));
    const run = lineRun(texts, {
      lines: linesOf(texts, (line) => {
        if (line === 4) controller.abort('SIGTERM');
      }),
      signal: controller.signal,
      drainMs: 20,
      deadLetter: openDeadLetter(deadLetterPath, false),
      ...checkpointAt(checkpointPath),
    });

    await runLines(run, sendJob(stalled), 4);
    run.deadLetter?.close();

    expect(seen.length).toBeGreaterThan(1);
    // Aborted with no reason of its own, so that the client reports an AbortError.
    expect(seen.every((signal) => signal.reason?.name === 'AbortError')).toBe(true);
    const summary = run.tally.summary(0, { interrupted: 'SIGTERM' });
    expect(summary.lines.settled).toBe(1);
    expect(summary.lines.unsettled).toBe(summary.lines.read - 1);
    expect(summary.lines.unsettled).toBeGreaterThan(0);
    expect(summary.failed).toBe(0);
    expect(readLetters(deadLetterPath)).toEqual([]);
    expect(loadCheckpoint(checkpointPath)).toMatchObject({ settledThrough: 1, settledAbove: [] });
  });
});

describe('runLines stopping on its own', () => {
  it('stops reading once the first 20 events all failed with the same authentication error', async () => {
    let sent = 0;
    const refused = {
      async send(): Promise<DeliveryResult> {
        sent += 1;
        return {
          ok: false,
          error: { name: 'KustomerApiError', message: 'HTTP 401', status: 401, retryable: false },
          requests: 1,
          retries: 0,
          warnings: [],
        };
      },
    };
    const stop = new AbortController();
    const auth = authStop(() => 'check the key');
    const run = lineRun(
      Array.from({ length: 1000 }, (_, i) => track(i)),
      {
        stop,
        signal: stop.signal,
        stopWhen: auth,
      },
    );
    const reason = await runLines(run, sendJob(refused), 1);
    expect(reason).toBe('the first 20 all failed with KustomerApiError 401: check the key');
    expect(stop.signal.aborted).toBe(true);
    expect(sent).toBe(20);
    expect(run.tally.summary(0).failed).toBe(20);
  });
});

describe('runLines on look-alike input', () => {
  const accepting = () => {
    const sent: unknown[] = [];
    return {
      sent,
      async send(event: unknown): Promise<DeliveryResult> {
        sent.push(event);
        const valid = typeof event === 'object' && event !== null && 'type' in event;
        return valid
          ? tracked
          : {
              ok: false,
              error: { name: 'InvalidEventError', message: 'no type', retryable: false },
              requests: 0,
              retries: 0,
              warnings: [],
            };
      },
    };
  };

  it('ignores a byte-order mark on the first line', async () => {
    const destination = accepting();
    const run = lineRun([`\uFEFF${track(1)}`, track(2)]);
    await runLines(run, sendJob(destination), 1);
    expect(destination.sent).toHaveLength(2);
    expect(run.tally.summary(0).invalid).toBe(0);
  });

  it('names a batch envelope without sending it, and hints at look-alike keys', async () => {
    const destination = accepting();
    const reported: string[] = [];
    const run = lineRun(
      [JSON.stringify({ batch: [{ type: 'track' }] }), JSON.stringify({ event_type: 'track' })],
      reportInto(reported),
    );
    await runLines(run, sendJob(destination), 1);
    expect(destination.sent).toEqual([{ event_type: 'track' }]);
    expect(reported).toEqual([
      expect.stringMatching(/^line 1: InvalidEventError: the line is a batch envelope/),
      'line 2: InvalidEventError: no type (did you mean "type" instead of "event_type"?)',
    ]);
    expect(run.tally.summary(0)).toMatchObject({ sent: 0, invalid: 2 });
  });

  it('keeps the origin of dead letters it fails again, and prints their first line', async () => {
    const destination = accepting();
    const reported: string[] = [];
    const deadLetterPath = inScratch('again.ndjson');
    const letter = {
      event: { event_type: 'track' },
      error: { name: 'KustomerApiError', status: 503, message: 'x', retryable: true },
      line: 11,
    };
    const run = lineRun([JSON.stringify(letter)], {
      ...reportInto(reported),
      deadLetter: openDeadLetter(deadLetterPath, false),
    });
    await runLines(run, sendJob(destination), 1);
    run.deadLetter?.close();
    expect(readLetters(deadLetterPath)).toEqual([
      expect.objectContaining({
        line: 1,
        error: expect.objectContaining({ name: 'InvalidEventError' }),
        origin: { line: 11, error: 'KustomerApiError 503' },
      }),
    ]);
    expect(reported[0]).toMatch(
      /^line 1 \(line 11 of the first input, which failed with KustomerApiError 503\): InvalidEventError/,
    );
  });
});
