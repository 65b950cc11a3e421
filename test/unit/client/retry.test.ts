import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  parseRateLimitReset,
  retryDelayMs,
} from '../../../src/client/retry.js';

const SEED = 5_250;

describe('retryDelayMs', () => {
  it('waits base * 2^(attempt-1) * random', () => {
    const half = () => 0.5;
    expect(
      [1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, DEFAULT_RETRY_POLICY, half)),
    ).toEqual([125, 250, 500, 1000]);
  });

  it('waits nothing when the jitter draws 0', () => {
    expect(retryDelayMs(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
  });

  it('waits what x-ratelimit-reset asked for instead of the backoff', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.5, 12_000)).toBe(12_000);
  });

  it('caps both the backoff and the reset wait at maxDelayMs', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxDelayMs: 1_000 };
    expect(retryDelayMs(10, policy, () => 0.99)).toBe(1_000);
    expect(retryDelayMs(1, policy, () => 0.5, 90_000)).toBe(1_000);
  });

  it('treats a misbehaving random source as no jitter or full jitter, never more', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => Number.NaN)).toBe(0);
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => -3)).toBe(0);
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => 7)).toBe(250);
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 10 }),
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 0, max: 120_000 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    ],
    { numRuns: 500, seed: SEED },
  )('stays within [0, min(base * 2^(attempt-1), maxDelayMs)]', (attempt, base, max, r) => {
    const policy = { maxAttempts: 10, baseDelayMs: base, maxDelayMs: max };
    const delay = retryDelayMs(attempt, policy, () => r);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(Math.min(base * 2 ** (attempt - 1), max));
  });
});

describe('parseRateLimitReset', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');

  it('turns UTC epoch seconds into milliseconds from now', () => {
    expect(parseRateLimitReset(String(now / 1000 + 45), now)).toBe(45_000);
  });

  it('reads a value below 1e9 as seconds from now', () => {
    expect(parseRateLimitReset('3', now)).toBe(3_000);
    expect(parseRateLimitReset('0.5', now)).toBe(500);
  });

  it('waits nothing for a reset already past', () => {
    expect(parseRateLimitReset(String(now / 1000 - 10), now)).toBe(0);
  });

  it('reads epoch milliseconds and an HTTP date', () => {
    expect(parseRateLimitReset(String(now + 2_000), now)).toBe(2_000);
    expect(parseRateLimitReset(new Date(now + 5_000).toUTCString(), now)).toBe(5_000);
  });

  it('never asks for more than the bound given, 60 s by default', () => {
    expect(parseRateLimitReset('99999999999', now)).toBe(60_000);
    expect(parseRateLimitReset('99999999999', now, 400)).toBe(400);
  });

  it.each([null, '', '  ', 'soon', '-5', 'Infinity'])('ignores the header value %j', (value) => {
    expect(parseRateLimitReset(value, now)).toBeUndefined();
  });
});
