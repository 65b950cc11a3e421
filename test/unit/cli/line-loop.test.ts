import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../../src/cli/checkpoint.js';
import { sendJob } from '../../../src/cli/commands/send.js';
import { openDeadLetter } from '../../../src/cli/dead-letter.js';
import { exitCodeOf } from '../../../src/cli/line-command.js';
import { type LineRun, runLines } from '../../../src/cli/line-loop.js';
import type { NdjsonLine } from '../../../src/cli/ndjson.js';
import { Tally } from '../../../src/cli/tally.js';
import type { DeliveryResult, KustomerDestination } from '../../../src/delivery/types.js';
import { scratchDir } from '../../support/scratch-dir.js';
import { checkpointAt, lineRun, linesOf, reportInto } from './support.js';

async function* withLongLine(first: string, long: NdjsonLine): AsyncGenerator<NdjsonLine> {
  yield* linesOf([first]);
  yield long;
}

function track(seq: number): string {
  return JSON.stringify({
    type: 'track',
    userId: `u${seq % 3}`,
    event: 'Seen',
    properties: { seq },
  });
}

/** A destination that settles after a tick, rejects events without a userId, and records calls. */
function fakeDestination(delayMs = 1) {
  const sent: unknown[] = [];
  let inFlight = 0;
  let peak = 0;
  return {
    sent,
    peak: () => peak,
    async send(event: unknown): Promise<DeliveryResult> {
      sent.push(event);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((done) => setTimeout(done, delayMs));
      inFlight -= 1;
      const valid = typeof event === 'object' && event !== null && 'userId' in event;
      return valid
        ? { ok: true, action: 'tracked', requests: 1, retries: 0, warnings: [] }
        : {
            ok: false,
            error: { name: 'InvalidEventError', message: 'no userId', retryable: false },
            requests: 0,
            retries: 0,
            warnings: [],
          };
    },
  };
}

function deliver(
  r: LineRun,
  destination: Pick<KustomerDestination, 'send'>,
  window: number,
): Promise<string | undefined> {
  return runLines(r, sendJob(destination), window);
}

describe('runLines', () => {
  const inScratch = scratchDir('kd-send-');

  const run = (texts: readonly string[], extra: Partial<LineRun> = {}) => lineRun(texts, extra);

  it('keeps the number of events in flight within its window', async () => {
    const destination = fakeDestination(2);
    const r = run(Array.from({ length: 200 }, (_, i) => track(i + 1)));
    await deliver(r, destination, 16);
    expect(destination.sent).toHaveLength(200);
    expect(destination.peak()).toBeLessThanOrEqual(16);
    expect(r.tally.summary(0)).toMatchObject({ sent: 200, actions: { tracked: 200 }, failed: 0 });
  });

  it('reports and dead-letters bad JSON and invalid events with their line, and delivers the rest', async () => {
    const deadLetterPath = inScratch('dead.ndjson');
    const reported: string[] = [];
    const r = run([track(1), '{"type":', '', JSON.stringify({ type: 'track' }), track(5)], {
      deadLetter: openDeadLetter(deadLetterPath, false),
      ...reportInto(reported),
    });
    const destination = fakeDestination();
    await deliver(r, destination, 4);
    r.deadLetter?.close();

    expect(destination.sent).toHaveLength(3);
    expect(reported).toEqual([
      expect.stringMatching(/^line 2: InvalidJsonError: invalid JSON/),
      'line 4: InvalidEventError: no userId',
    ]);
    expect(r.tally.summary(0)).toMatchObject({ sent: 2, failed: 0, invalid: 2 });
    const letters = readFileSync(deadLetterPath, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(letters.map((l) => [l.line, l.error.name, l.event])).toEqual(
      expect.arrayContaining([
        [2, 'InvalidJsonError', '{"type":'],
        [4, 'InvalidEventError', { type: 'track' }],
      ]),
    );
    expect(exitCodeOf(r.tally.summary(0))).toBe(1);
  });

  it('shows invalid lines on the progress bar as invalid, not failed, as the summary counts them', async () => {
    const shown: { failed: number; invalid: number }[] = [];
    const progress = {
      update: (_: number, c: (typeof shown)[0]) => shown.push(c),
      log() {},
      stop() {},
    };
    const r = run([track(1), '{"type":', JSON.stringify({ type: 'track' }), track(4)], {
      progress,
    });
    await deliver(r, fakeDestination(), 4);
    expect(r.tally.summary(0)).toMatchObject({ failed: 0, invalid: 2 });
    expect(shown.at(-1)).toMatchObject({ failed: 0, invalid: 2 });
  });

  it('dead-letters a line too long to read with its first kilobyte, and delivers the rest', async () => {
    const deadLetterPath = inScratch('dead.ndjson');
    const long: NdjsonLine = {
      line: 2,
      text: '{"type":"track"',
      bytes: 2_000_000,
      truncated: true,
    };
    const r = run([], {
      lines: withLongLine(track(1), long),
      deadLetter: openDeadLetter(deadLetterPath, false),
    });
    const destination = fakeDestination();
    await deliver(r, destination, 1);
    r.deadLetter?.close();

    expect(destination.sent).toHaveLength(1);
    const [letter] = readFileSync(deadLetterPath, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(letter).toMatchObject({
      line: 2,
      event: '{"type":"track"…',
      error: { name: 'LineTooLongError', retryable: false },
    });
    expect(letter.error.message).toContain('2000000 bytes');
  });

  it('delivers the event of a dead-letter line', async () => {
    const event = { type: 'track', userId: 'u1', event: 'Seen' };
    const destination = fakeDestination();
    await deliver(
      run([JSON.stringify({ event, error: { name: 'KustomerApiError' }, line: 3 })]),
      destination,
      1,
    );
    expect(destination.sent).toEqual([event]);
  });

  it('writes a checkpoint as events settle and a rerun skips every settled line', async () => {
    const checkpointPath = inScratch('cp.json');
    const texts = Array.from({ length: 30 }, (_, i) => track(i + 1));
    const first = fakeDestination();
    await deliver(run(texts.slice(0, 12), checkpointAt(checkpointPath)), first, 2);
    expect(loadCheckpoint(checkpointPath)).toMatchObject({ settledThrough: 12, settledAbove: [] });

    const stored = loadCheckpoint(checkpointPath);
    if (stored === undefined) throw new Error('no checkpoint written');
    const second = fakeDestination();
    const rerun = run(texts, checkpointAt(checkpointPath, stored));
    await deliver(rerun, second, 2);
    expect(second.sent.map((e) => (e as { properties: { seq: number } }).properties.seq)).toEqual(
      Array.from({ length: 18 }, (_, i) => i + 13),
    );
    expect(rerun.tally.summary(0).skipped).toBe(12);
    expect(loadCheckpoint(checkpointPath)).toMatchObject({ settledThrough: 30 });
  });

  it('stops reading once the signal is aborted and settles what is in flight', async () => {
    const controller = new AbortController();
    const destination = fakeDestination(5);
    async function* slowLines(): AsyncGenerator<NdjsonLine> {
      yield* linesOf(
        Array.from({ length: 100 }, (_, i) => track(i + 1)),
        (line) => line === 10 && controller.abort('SIGINT'),
      );
    }
    const r = run([], { lines: slowLines(), signal: controller.signal });
    await deliver(r, destination, 1);
    expect(destination.sent).toHaveLength(9);
    expect(r.tally.summary(0).actions.tracked).toBe(9);
  });
});

describe('deliverLines when settling fails', () => {
  it('rejects once with the error, leaving no unhandled rejection behind', async () => {
    const destination = fakeDestination();
    const r = lineRun(
      Array.from({ length: 40 }, (_, i) => track(i + 1)),
      {
        progress: {
          update() {
            throw new Error('ENOSPC: no space left on device');
          },
          log() {},
          stop() {},
        },
      },
    );
    await expect(deliver(r, destination, 1)).rejects.toThrow('ENOSPC');
  });
});

describe('exitCodeOf', () => {
  it('maps interruptions to 130 and 143, failures to 1, success to 0', () => {
    const clean = new Tally().summary(0);
    expect(exitCodeOf(clean)).toBe(0);
    expect(exitCodeOf({ ...clean, failed: 1 })).toBe(1);
    expect(exitCodeOf({ ...clean, invalid: 1 })).toBe(1);
    expect(exitCodeOf({ ...clean, stopped: 'every event refused' })).toBe(1);
    expect(exitCodeOf({ ...clean, interrupted: 'SIGINT' })).toBe(130);
    expect(exitCodeOf({ ...clean, interrupted: 'SIGTERM' })).toBe(143);
  });
});
