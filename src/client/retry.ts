/**
 * The retry policy as pure functions: how long to wait before the next attempt, and what
 * Kustomer's `x-ratelimit-reset` header asks for. The attempt loop in `operations.ts` applies them.
 */
import type { RetryPolicy } from './types.js';

export type ResolvedRetryPolicy = Required<RetryPolicy>;

export const DEFAULT_RETRY_POLICY: Readonly<ResolvedRetryPolicy> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 60_000,
});

/** `retry: false`: one attempt, no waits. */
export const NO_RETRY_POLICY: Readonly<ResolvedRetryPolicy> = Object.freeze({
  maxAttempts: 1,
  baseDelayMs: 0,
  maxDelayMs: 0,
});

/**
 * The wait after failed attempt `attempt` (1 for the first): exponential backoff with full jitter,
 * `baseDelayMs * 2^(attempt-1) * random()` (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"), or `retryAfterMs` when Kustomer said when its window resets; never more than
 * `maxDelayMs`.
 */
export function retryDelayMs(
  attempt: number,
  policy: ResolvedRetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
    return Math.min(Math.max(retryAfterMs, 0), policy.maxDelayMs);
  }
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = policy.baseDelayMs * 2 ** exponent;
  return Math.min(ceiling * unitInterval(random()), policy.maxDelayMs);
}

/**
 * Milliseconds until the rate window resets, from `x-ratelimit-reset`. Kustomer sends UTC epoch
 * seconds, and only once the limit is exceeded (docs/kustomer-api.md §5, after w6w-io/w6w-apps
 * `health/quota.ts`); a value below 1e9 (before 2001 as a date) is read as seconds from now.
 * Undefined when the header is absent or not a non-negative number.
 */
export function parseRateLimitReset(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  if (seconds < 1e9) return seconds * 1000;
  return Math.max(0, seconds * 1000 - nowMs);
}

// A misbehaving injected source must not turn into a negative or unbounded wait.
function unitInterval(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.min(value, 1);
}
