import { describe, expect, it } from 'vitest';
import { FailureReport, formatFailure } from '../../../src/cli/dead-letter.js';

const error = (message: string) => ({ name: 'InvalidEventError', message, retryable: false });

describe('FailureReport', () => {
  it('prints failures in line order although lines settle out of order', () => {
    const logged: string[] = [];
    const report = new FailureReport((line) => logged.push(line));
    report.settle(3, { error: error('three') });
    report.settle(2);
    expect(logged).toEqual([]);
    report.settle(1, { error: error('one') });
    report.settle(4, { error: error('four') });
    expect(logged).toEqual([
      'line 1: InvalidEventError: one',
      'line 3: InvalidEventError: three',
      'line 4: InvalidEventError: four',
    ]);
  });

  it('prints what waits behind a line that never settled when flushed', () => {
    const logged: string[] = [];
    const report = new FailureReport((line) => logged.push(line));
    report.settle(1);
    report.settle(5, { error: error('five') });
    report.settle(3, { error: error('three') });
    report.flush();
    expect(logged).toEqual(['line 3: InvalidEventError: three', 'line 5: InvalidEventError: five']);
  });

  it('lists failures up to a limit, then says the rest are in the dead-letter file', () => {
    const logged: string[] = [];
    const report = new FailureReport((line) => logged.push(line), 2);
    for (let line = 1; line <= 5; line += 1) report.settle(line, { error: error('bad') });
    expect(logged).toEqual([
      'line 1: InvalidEventError: bad',
      'line 2: InvalidEventError: bad',
      '… more failures are not listed here; --dead-letter keeps them all',
    ]);
  });
});

describe('formatFailure', () => {
  it('names where a resent dead letter first came from', () => {
    expect(
      formatFailure(2, {
        error: { name: 'KustomerApiError', status: 400, message: 'bad', retryable: false },
        origin: { line: 11, error: 'KustomerApiError 503' },
      }),
    ).toBe(
      'line 2 (line 11 of the first input, which failed with KustomerApiError 503): KustomerApiError 400: bad',
    );
  });
});
