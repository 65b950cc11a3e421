import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatSummary,
  formatSummaryJson,
  formatTable,
  Tally,
} from '../../../src/cli/summary.js';
import type { DeliveryResult } from '../../../src/delivery/types.js';

const ok = (
  action: 'created' | 'updated' | 'tracked',
  requests = 1,
  retries = 0,
): DeliveryResult => ({
  ok: true,
  action,
  requests,
  retries,
  warnings: [],
});
const failed = (name: string, status?: number): DeliveryResult => ({
  ok: false,
  error: { name, message: 'no', retryable: false, ...(status === undefined ? {} : { status }) },
  requests: status === undefined ? 0 : 1,
  retries: 0,
  warnings: [],
});

describe('Tally', () => {
  it('counts actions, requests, retries and failures by reason', () => {
    const tally = new Tally();
    tally.record(ok('created', 2));
    tally.record(ok('updated', 3, 1));
    tally.record(ok('tracked'));
    tally.record(failed('InvalidEventError'));
    tally.record(failed('KustomerApiError', 503));
    tally.recordUnreadable({ name: 'InvalidJsonError', message: 'x', retryable: false });
    tally.recordSkipped();
    const s = tally.summary(1234);
    expect(s).toEqual({
      sent: 5,
      created: 1,
      updated: 1,
      tracked: 1,
      failed: 3,
      invalid: 2,
      retried: 1,
      requests: 7,
      skipped: 1,
      warnings: 0,
      failures: { InvalidEventError: 1, 'KustomerApiError 503': 1, InvalidJsonError: 1 },
      elapsedMs: 1234,
    });
  });

  it('says which signal interrupted the run', () => {
    expect(new Tally().summary(1, 'SIGTERM').interrupted).toBe('SIGTERM');
  });
});

describe('formatSummary', () => {
  it('prints aligned counts, the failures by reason and the elapsed time', () => {
    const tally = new Tally();
    for (let i = 0; i < 1200; i += 1) tally.record(ok('tracked'));
    tally.record(failed('KustomerApiError', 503));
    const text = formatSummary(tally.summary(3400));
    expect(text).toContain('Delivered 1,200 of 1,201 events');
    expect(text).toContain('\n  sent       1,201\n');
    expect(text).toContain('\n  failed         1\n');
    expect(text).toContain('\n  KustomerApiError 503   1\n');
    expect(text).toContain('\n  elapsed    3.4 s\n');
  });

  it('counts lines that were not JSON among the events read', () => {
    const tally = new Tally();
    tally.record(ok('tracked'));
    tally.recordUnreadable({ name: 'InvalidJsonError', message: 'x', retryable: false });
    expect(formatSummary(tally.summary(10))).toContain('Delivered 1 of 2 events');
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
    tally.recordSkipped();
    expect(formatSummary(tally.summary(10))).toMatch(/^Nothing left to send/);
  });

  it('says which signal stopped the run', () => {
    const tally = new Tally();
    tally.record(ok('tracked'));
    expect(formatSummary(tally.summary(10, 'SIGINT'))).toMatch(
      /^Interrupted by SIGINT: delivered 1 of 1 events sent/,
    );
  });
});

describe('formatSummaryJson', () => {
  it('is one JSON line with every count', () => {
    const line = formatSummaryJson(new Tally().summary(5));
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ sent: 0, failed: 0, requests: 0, elapsedMs: 5 });
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
