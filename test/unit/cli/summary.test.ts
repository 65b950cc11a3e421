import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatSummary,
  formatSummaryJson,
  formatTable,
} from '../../../src/cli/summary.js';
import { type Outcome, Tally } from '../../../src/cli/tally.js';

const ok = (action: string, requests = 1): Outcome => ({ ok: true, action, requests, retries: 0 });
const failed = (name: string, status?: number): Outcome => ({
  ok: false,
  error: { name, message: 'no', retryable: false, ...(status === undefined ? {} : { status }) },
  requests: status === undefined ? 0 : 1,
  retries: 0,
});

describe('formatSummary', () => {
  it('prints aligned counts, the failures by kind and the elapsed time', () => {
    const tally = new Tally();
    for (let i = 0; i < 1200; i += 1) tally.record(ok('tracked'));
    tally.record(failed('KustomerApiError', 503));
    const text = formatSummary(tally.summary(3400));
    expect(text).toContain('Delivered 1,200 of 1,201 events');
    expect(text).toContain('\n  sent       1,201\n');
    expect(text).toContain('\n  failed         1\n');
    expect(text).toContain('\nFailures by kind\n  KustomerApiError 503   1\n');
    expect(text).toContain('\n  elapsed    3.4 s\n');
  });

  it('puts invalid lines on their own line, outside sent and failed', () => {
    const tally = new Tally();
    tally.record(ok('tracked'));
    tally.record(failed('InvalidJsonError'));
    tally.record(failed('InvalidEventError'));
    const text = formatSummary(tally.summary(10));
    expect(text).toContain('Delivered 1 of 3 events');
    expect(text).toMatch(/^ {2}sent +1$/m);
    expect(text).toMatch(/^ {2}failed +0$/m);
    expect(text).toMatch(/^ {2}invalid +2 {3}\(never sent: not JSON or not valid\)$/m);
  });

  it('prints each failure kind with its hint', () => {
    const tally = new Tally(['tracked'], () => 'check the API key and its roles');
    tally.record(failed('KustomerApiError', 401));
    expect(formatSummary(tally.summary(10))).toMatch(
      /^ {2}KustomerApiError 401 {3}1 {3}check the API key and its roles$/m,
    );
  });

  it('breaks warnings down by kind and says which values were not sent', () => {
    const tally = new Tally();
    tally.record({
      ...ok('created'),
      warnings: ['traits.gender "x" is not m or f: dropped'],
      notSent: ['traits.plan'],
    });
    tally.record({ ...ok('updated'), notSent: ['traits.plan'] });
    const text = formatSummary(tally.summary(10));
    expect(text).toMatch(/^Warnings by kind/m);
    expect(text).toMatch(/^ {2}1 {3}traits\.gender "…" is not m or f: dropped$/m);
    expect(text).toContain('\nnot sent: traits.plan × 2\n');
  });

  it('names a deletion run in its own words', () => {
    const tally = new Tally(['deleted', 'notFound']);
    tally.record({ ok: true, action: 'deleted', removed: 2, requests: 3, retries: 0 });
    tally.record(ok('notFound'));
    const text = formatSummary(tally.summary(10), {
      words: { noun: 'users', done: 'Processed', removed: 'customers deleted' },
    });
    expect(text).toContain('Processed 2 of 2 users');
    expect(text).toMatch(/^ {2}not found +1$/m);
    expect(text).toMatch(/^ {2}customers deleted +2$/m);
  });
});

describe('formatSummary headlines', () => {
  it('says a dry run sent nothing and counts planned requests', () => {
    const tally = new Tally();
    tally.record(ok('tracked', 1));
    tally.record(ok('created', 3));
    const text = formatSummary(tally.summary(10), { dryRun: true });
    expect(text).toContain('Dry run: planned 2 of 2 events; nothing was sent');
    expect(text).toMatch(/^ {2}requests +4 {3}\(planned; none sent\)$/m);
    expect(text).not.toContain('tracked');
  });

  it('says when an earlier run left nothing to send', () => {
    const tally = new Tally();
    tally.lines.skipped += 1;
    expect(formatSummary(tally.summary(10))).toMatch(/^Nothing left to send/);
  });

  it('says which signal stopped the run and how many lines did not settle', () => {
    const tally = new Tally();
    for (let i = 0; i < 3; i += 1) tally.lines.read += 1;
    tally.lines.settled += 1;
    tally.record(ok('tracked'));
    const text = formatSummary(tally.summary(10, { interrupted: 'SIGINT' }));
    expect(text).toMatch(/^Interrupted by SIGINT: delivered 1 of 1 events\n/);
    expect(text).toContain('1 of 3 lines read settled; 2 did not');
  });

  it('does not call the events in flight at an interruption sent', () => {
    const tally = new Tally();
    for (let i = 0; i < 4; i += 1) tally.lines.read += 1;
    tally.record(ok('tracked'));
    tally.record(failed('InvalidEventError'));
    const text = formatSummary(tally.summary(10, { interrupted: 'SIGINT' }));
    expect(text).not.toMatch(/events sent/);
    expect(text).toMatch(/^Interrupted by SIGINT: delivered 1 of 2 events\n/);
  });

  it('tells a run without --checkpoint that a rerun starts again, not that it resumes', () => {
    const tally = new Tally();
    for (let i = 0; i < 3; i += 1) tally.lines.read += 1;
    tally.lines.settled += 1;
    const end = { interrupted: 'SIGINT' } as const;
    const without = formatSummary(tally.summary(10, end));
    expect(without).not.toContain('same --checkpoint');
    expect(without).toContain('no --checkpoint: a rerun sends every line again');
    const stopped = formatSummary(tally.summary(10, { stopped: 'the key was refused' }));
    expect(stopped).not.toContain('same --checkpoint');
    const withCheckpoint = formatSummary(tally.summary(10, end), { checkpoint: true });
    expect(withCheckpoint).toContain('(rerun with the same --checkpoint to resume)');
  });

  it('says how many lines a stopped run left unsettled', () => {
    const tally = new Tally();
    for (let i = 0; i < 25; i += 1) tally.lines.read += 1;
    for (let i = 0; i < 20; i += 1) tally.lines.settled += 1;
    expect(formatSummary(tally.summary(10, { stopped: 'the key was refused' }))).toContain(
      '\n20 of 25 lines read settled; 5 did not',
    );
  });

  it('says why the run stopped on its own', () => {
    const tally = new Tally();
    tally.record(failed('KustomerApiError', 401));
    expect(formatSummary(tally.summary(10, { stopped: 'the first 20 all failed' }))).toMatch(
      /^Stopped after 1 events: the first 20 all failed\n/,
    );
  });
});

describe('formatSummary hints for lost data', () => {
  it('names --advanced-transform beside a value dropped for not being a number or string', () => {
    const tally = new Tally();
    tally.record({
      ...ok('tracked'),
      warnings: ['properties.rush true is not a number or string: dropped'],
    });
    expect(formatSummary(tally.summary(10))).toMatch(
      /properties\.rush … is not a number or string: dropped \(--advanced-transform sends booleans, objects and arrays as text\)/,
    );
  });

  it('names --custom-attributes, with the trait not sent as its example, after the values not sent', () => {
    const tally = new Tally();
    tally.record({ ...ok('created'), notSent: ['traits.plan'] });
    const text = formatSummary(tally.summary(10));
    expect(text).toContain('not sent: traits.plan × 1');
    expect(text).toContain(`--custom-attributes '{"plan":"planStr"}'`);
  });

  it('gives no hint when nothing was lost', () => {
    const tally = new Tally();
    tally.record(ok('created'));
    expect(formatSummary(tally.summary(10))).not.toMatch(
      /--advanced-transform|--custom-attributes/,
    );
  });
});

describe('formatSummaryJson', () => {
  it('is one JSON line with every count, actions at the top level', () => {
    const tally = new Tally();
    tally.record(ok('created'));
    const line = formatSummaryJson(tally.summary(5));
    expect(line.endsWith('\n')).toBe(true);
    const json = JSON.parse(line);
    expect(json).toMatchObject({ sent: 1, created: 1, tracked: 0, failed: 0, elapsedMs: 5 });
    expect(json).not.toHaveProperty('actions');
    expect(json).not.toHaveProperty('removed');
  });
});

describe('formatTable', () => {
  it('left-aligns names and right-aligns counts', () => {
    expect(
      formatTable([
        ['created', '5'],
        ['tracked', '1,234'],
      ]),
    ).toBe('  created       5\n  tracked   1,234');
  });

  it('follows the alignment given per column', () => {
    expect(
      formatTable(
        [
          ['a', 'x', 'note'],
          ['bb', 'yy'],
        ],
        { align: ['left', 'left', 'left'] },
      ),
    ).toBe('  a    x    note\n  bb   yy');
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [3_420, '3.4 s'],
    [125_000, '2 min 5 s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
