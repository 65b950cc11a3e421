import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatDeadLetter,
  invalidJsonError,
  openDeadLetter,
  readDeadLetter,
} from '../../../src/cli/dead-letter.js';
import { parseLine } from '../../../src/cli/ndjson.js';
import { scratchDir } from '../../support/scratch-dir.js';

const error = {
  name: 'InvalidEventError',
  message: 'Track event has no event name',
  retryable: false,
};

describe('readDeadLetter on a plain line', () => {
  it('delivers the event of a dead-letter line', () => {
    const event = { type: 'track', userId: 'u1', event: 'Signed Up' };
    expect(readDeadLetter({ event, error, line: 3 }).event).toBe(event);
  });

  it('leaves an ordinary event alone, even one with an `event` name', () => {
    const event = { type: 'track', userId: 'u1', event: 'Signed Up' };
    expect(readDeadLetter(event)).toEqual({ event });
  });

  it('leaves arrays and scalars alone', () => {
    expect(readDeadLetter([1]).event).toEqual([1]);
    expect(readDeadLetter('x').event).toBe('x');
  });
});

describe('dead-letter round trip', () => {
  const inScratch = scratchDir('kd-dead-letter-');

  it('writes lines that read back as the original events', () => {
    const path = inScratch('failed.ndjson');
    const events = [{ type: 'track', userId: 'u1' }, '{"type":'];
    const writer = openDeadLetter(path, false);
    writer.write({ event: events[0], error, line: 2 });
    writer.write({
      event: events[1],
      error: invalidJsonError('invalid JSON: end of input'),
      line: 5,
    });
    writer.close();

    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).line)).toEqual([2, 5]);
    expect(
      lines.map((l) => {
        const parsed = parseLine(l);
        return parsed.ok ? readDeadLetter(parsed.value).event : undefined;
      }),
    ).toEqual(events);
  });

  it('appends to an earlier file when resuming and starts afresh otherwise', () => {
    const path = inScratch('failed.ndjson');
    for (const append of [false, true]) {
      const writer = openDeadLetter(path, append);
      writer.write({ event: {}, error, line: 1 });
      writer.close();
    }
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    openDeadLetter(path, false).close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('formats one JSON object per line with event, error and line', () => {
    expect(formatDeadLetter({ event: { a: 1 }, error, line: 9 })).toBe(
      `${JSON.stringify({ event: { a: 1 }, error, line: 9 })}\n`,
    );
  });
});

describe('readDeadLetter', () => {
  it('keeps where a dead letter first came from: its line and the kind of error', () => {
    const event = { type: 'track', userId: 'u1', event: 'Seen' };
    const failed = { name: 'KustomerApiError', status: 503, message: 'x', retryable: true };
    expect(readDeadLetter({ event, error: failed, line: 11 })).toEqual({
      event,
      origin: { line: 11, error: 'KustomerApiError 503' },
    });
  });

  it('keeps the first origin through a second resend', () => {
    const event = { type: 'track' };
    const letter = {
      event,
      error: { name: 'InvalidEventError', message: 'x', retryable: false },
      line: 2,
      origin: { line: 11, error: 'KustomerApiError 503' },
    };
    expect(readDeadLetter(letter).origin).toEqual({ line: 11, error: 'KustomerApiError 503' });
    expect(JSON.parse(formatDeadLetter(letter))).toEqual(letter);
  });
});
