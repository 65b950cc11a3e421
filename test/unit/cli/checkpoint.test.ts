import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  identityMismatch,
  inputIdentity,
  loadCheckpoint,
  parseCheckpoint,
  SettledLines,
  saveCheckpoint,
} from '../../../src/cli/checkpoint.js';
import { failurePrinter } from '../../../src/cli/dead-letter.js';
import { UsageError } from '../../../src/cli/options.js';
import { scratchDir } from '../../support/scratch-dir.js';

const IN = { path: '/data/in.ndjson', size: 10, sha256: 'ab' };

const error = (message: string) => ({ name: 'InvalidEventError', message, retryable: false });

describe('SettledLines', () => {
  it('advances the settled-through mark over contiguous lines', () => {
    const settled = new SettledLines();
    settled.settle(1);
    settled.settle(2);
    expect(settled.state).toEqual({ settledThrough: 2, settledAbove: [] });
  });

  it('keeps lines settled out of order above the gap until the gap closes', () => {
    const settled = new SettledLines();
    settled.settle(1);
    settled.settle(4);
    settled.settle(3);
    expect(settled.state).toEqual({ settledThrough: 1, settledAbove: [3, 4] });
    settled.settle(2);
    expect(settled.state).toEqual({ settledThrough: 4, settledAbove: [] });
  });

  it('resumes from a stored state: settled lines are skipped, the gaps are not', () => {
    const settled = new SettledLines(() => {}, { settledThrough: 10, settledAbove: [12, 15] });
    const pending = Array.from({ length: 16 }, (_, i) => i + 1).filter(
      (l) => !settled.isSettled(l),
    );
    expect(pending).toEqual([11, 13, 14, 16]);
  });

  it('normalises a stored state whose set continues the settled-through mark', () => {
    const settled = new SettledLines(() => {}, { settledThrough: 2, settledAbove: [1, 3, 4, 6] });
    expect(settled.state).toEqual({ settledThrough: 4, settledAbove: [6] });
  });

  it('ignores a line settled twice', () => {
    const settled = new SettledLines();
    settled.settle(2);
    settled.settle(2);
    expect(settled.state.settledAbove).toEqual([2]);
  });

  it('hands failures over in line order although lines settle out of order', () => {
    const logged: string[] = [];
    const settled = new SettledLines(failurePrinter((line) => logged.push(line)));
    settled.settle(3, { error: error('three') });
    settled.settle(2);
    expect(logged).toEqual([]);
    settled.settle(1, { error: error('one') });
    settled.settle(4, { error: error('four') });
    expect(logged).toEqual([
      'line 1: InvalidEventError: one',
      'line 3: InvalidEventError: three',
      'line 4: InvalidEventError: four',
    ]);
  });

  it('hands over what waits behind a line that never settled when flushed, keeping it settled', () => {
    const logged: string[] = [];
    const settled = new SettledLines(failurePrinter((line) => logged.push(line)));
    settled.settle(1);
    settled.settle(5, { error: error('five') });
    settled.settle(3, { error: error('three') });
    settled.flush();
    expect(logged).toEqual(['line 3: InvalidEventError: three', 'line 5: InvalidEventError: five']);
    settled.flush();
    expect(logged).toHaveLength(2);
    expect(settled.state).toEqual({ settledThrough: 1, settledAbove: [3, 5] });
  });
});

describe('parseCheckpoint', () => {
  it('round-trips a state', () => {
    const state = {
      version: 3 as const,
      input: IN,
      settledThrough: 7,
      settledAbove: [9],
    };
    expect(parseCheckpoint(JSON.stringify(state), 'cp')).toEqual(state);
  });

  it.each([
    ['not JSON', '{'],
    [
      'a version 1 file, bound to a path only',
      '{"version":1,"input":"x","settledThrough":0,"settledAbove":[]}',
    ],
    ['an input with no identity', '{"version":3,"input":"x","settledThrough":0,"settledAbove":[]}'],
    [
      'a negative line',
      '{"version":3,"input":{"path":"x","size":1,"sha256":"h"},"settledThrough":-1,"settledAbove":[]}',
    ],
    [
      'a fractional line',
      '{"version":3,"input":{"path":"x","size":1,"sha256":"h"},"settledThrough":0,"settledAbove":[1.5]}',
    ],
  ])('rejects %s', (_what, text) => {
    expect(() => parseCheckpoint(text, 'cp')).toThrow(UsageError);
  });

  it('says a version 2 file (identity of the first 64 KiB) is from an earlier version, and what to do', () => {
    const text =
      '{"version":2,"input":{"path":"x","size":1,"head":"h"},"settledThrough":0,"settledAbove":[]}';
    expect(() => parseCheckpoint(text, 'cp')).toThrow(/earlier version.*first 64 KiB.*delete/);
  });
});

describe('checkpoint files', () => {
  const inScratch = scratchDir('kd-checkpoint-');

  it('loads nothing when the file does not exist yet', () => {
    expect(loadCheckpoint(inScratch('none.json'))).toBeUndefined();
  });

  it('saves through a temp file and leaves only the checkpoint behind', () => {
    const path = inScratch('cp.json');
    saveCheckpoint(path, { version: 3, input: IN, settledThrough: 3, settledAbove: [5] });
    saveCheckpoint(path, { version: 3, input: IN, settledThrough: 5, settledAbove: [] });
    expect(readdirSync(inScratch())).toEqual(['cp.json']);
    expect(loadCheckpoint(path)).toEqual({
      version: 3,
      input: IN,
      settledThrough: 5,
      settledAbove: [],
    });
  });

  it('refuses a file that is not a checkpoint', () => {
    const path = inScratch('events.ndjson');
    writeFileSync(path, '{"type":"track"}\n');
    expect(() => loadCheckpoint(path)).toThrow(/not a checkpoint file/);
    expect(readFileSync(path, 'utf8')).toBe('{"type":"track"}\n');
  });
});

describe('input identity', () => {
  const inScratch = scratchDir('kd-identity-');

  function identityOf(name: string, text: string) {
    const path = inScratch(name);
    writeFileSync(path, text);
    return inputIdentity(path, Buffer.byteLength(text));
  }

  it('is the same for the same file read twice', () => {
    const first = identityOf('a.ndjson', '{"type":"track"}\n');
    const again = inputIdentity(first.path, first.size);
    expect(identityMismatch(first, again)).toBeUndefined();
  });

  it('tells a file replaced at the same path by one of the same size', () => {
    const before = identityOf('a.ndjson', '{"userId":"u1"}\n');
    const after = identityOf('a.ndjson', '{"userId":"u2"}\n');
    expect(after.size).toBe(before.size);
    expect(identityMismatch(before, after)).toMatch(/changed since/);
  });

  it('tells a file that grew after its first kilobytes', () => {
    const start = 'x'.repeat(64 * 1024 + 10);
    const before = identityOf('a.ndjson', start);
    const after = identityOf('a.ndjson', `${start}more\n`);
    expect(identityMismatch(before, after)).toMatch(/changed since.*size differs/);
  });

  it('tells an edit of the same size past the first megabyte (the hash covers every chunk)', () => {
    const text = `${'x'.repeat(3 * 1024 * 1024)}\n`;
    const before = identityOf('a.ndjson', text);
    const after = identityOf('a.ndjson', `${text.slice(0, -2)}y\n`);
    expect(after.size).toBe(before.size);
    expect(identityMismatch(before, after)).toMatch(/changed since.*content differs/);
  });

  it('tells another path', () => {
    const a = identityOf('a.ndjson', 'same\n');
    const b = identityOf('b.ndjson', 'same\n');
    expect(identityMismatch(a, b)).toMatch(/^belongs to .*a\.ndjson, not .*b\.ndjson$/);
  });
});
