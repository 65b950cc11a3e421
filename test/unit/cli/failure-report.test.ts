import { describe, expect, it } from 'vitest';
import { failurePrinter, formatFailure } from '../../../src/cli/dead-letter.js';

const error = (message: string) => ({ name: 'InvalidEventError', message, retryable: false });

describe('failurePrinter', () => {
  it('lists failures up to a limit, then says the rest are in the dead-letter file', () => {
    const logged: string[] = [];
    const print = failurePrinter((line) => logged.push(line), 2);
    for (let line = 1; line <= 5; line += 1) print(line, { error: error('bad') });
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
