import { describe, expect, it } from 'vitest';
import { createKustomerClient } from '../../../src/client/index.js';
import { resolveClientOptions } from '../../../src/client/options.js';
import { systemClock } from '../../../src/clock.js';

const sleep = systemClock.sleep;

import type { KustomerClientOptions } from '../../../src/client/types.js';
import { ConfigurationError } from '../../../src/errors.js';

const API_KEY = 'test-key.options-unit-0123456789';

function rejectionOf(options: KustomerClientOptions): ConfigurationError {
  try {
    createKustomerClient(options);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('resolveClientOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveClientOptions({ apiKey: API_KEY });
    expect(resolved).toMatchObject({
      baseUrl: 'https://api.kustomerapp.com',
      timeoutMs: 10_000,
      retry: { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 60_000 },
      userAgent: undefined,
      gate: undefined,
    });
  });

  it('turns retry: false into a single attempt', () => {
    expect(resolveClientOptions({ apiKey: API_KEY, retry: false }).retry.maxAttempts).toBe(1);
  });

  it('fills the policy fields a partial retry policy leaves out', () => {
    expect(resolveClientOptions({ apiKey: API_KEY, retry: { maxAttempts: 2 } }).retry).toEqual({
      maxAttempts: 2,
      baseDelayMs: 250,
      maxDelayMs: 60_000,
    });
  });
});

describe('createKustomerClient option checks', () => {
  it.each([
    ['a missing key', undefined],
    ['an empty key', ''],
    ['a key with a space', 'abc def'],
    ['a key with a newline', 'abc\ndef'],
    ['a key with a control character', 'abc\u0007def'],
    ['a key with a non-ASCII character', 'abcdéf'],
  ])('rejects %s without echoing it', (_, apiKey) => {
    const error = rejectionOf({ apiKey: apiKey as unknown as string });
    expect(error.option).toBe('apiKey');
    expect(error.retryable).toBe(false);
    if (apiKey) {
      expect(error.message).not.toContain(apiKey);
      expect(JSON.stringify(error)).not.toContain(apiKey);
    }
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])(
    'rejects the timeout %d',
    (timeoutMs) => {
      const error = rejectionOf({ apiKey: API_KEY, timeoutMs });
      expect(error.option).toBe('timeoutMs');
      expect(error.message).toContain('positive number of milliseconds');
    },
  );

  it.each([0, 11, 2.5, Number.NaN])('rejects maxAttempts %d', (maxAttempts) => {
    const error = rejectionOf({ apiKey: API_KEY, retry: { maxAttempts } });
    expect(error.option).toBe('retry.maxAttempts');
    expect(error.message).toContain('from 1 to 10');
  });

  it.each([
    ['baseDelayMs', -1],
    ['maxDelayMs', -5],
    ['baseDelayMs', Number.POSITIVE_INFINITY],
    ['maxDelayMs', Number.NaN],
  ] as const)('rejects retry.%s of %d', (field, value) => {
    const error = rejectionOf({ apiKey: API_KEY, retry: { [field]: value } });
    expect(error.option).toBe(`retry.${field}`);
    expect(error.message).toContain('non-negative');
  });

  it('rejects a retry policy that is neither an object nor false', () => {
    const error = rejectionOf({ apiKey: API_KEY, retry: true as unknown as false });
    expect(error.option).toBe('retry');
  });

  it('rejects a fetch that is not a function', () => {
    const error = rejectionOf({ apiKey: API_KEY, fetch: 'not a function' as never });
    expect(error.option).toBe('fetch');
  });

  it('rejects a clock without now, sleep and random', () => {
    const error = rejectionOf({ apiKey: API_KEY, clock: { now: () => 0 } as never });
    expect(error.option).toBe('clock');
  });

  it("has no gate option: a shared rate budget is the destination's own", () => {
    const error = rejectionOf({ apiKey: API_KEY, gate: {} } as KustomerClientOptions);
    expect(error.option).toBe('gate');
    expect(error.message).toBe('createKustomerClient has no option gate');
  });

  it('rejects a userAgent that cannot be a header value', () => {
    const error = rejectionOf({ apiKey: API_KEY, userAgent: 'acme\r\nX-Evil: 1' });
    expect(error.option).toBe('userAgent');
  });

  it('rejects a missing options object', () => {
    const error = rejectionOf(undefined as unknown as KustomerClientOptions);
    expect(error.option).toBe('options');
  });

  it('does not keep the API key anywhere a client can be serialised', () => {
    const client = createKustomerClient({ apiKey: API_KEY });
    expect(JSON.stringify(client)).not.toContain(API_KEY);
  });
});

describe('the default sleep', () => {
  it('resolves after the wait', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });

  it('rejects with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const waiting = sleep(3_600_000, controller.signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it('rejects at once with an already aborted signal', async () => {
    const reason = new Error('already stopped');
    await expect(sleep(3_600_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});
