/**
 * The retry policy as pure functions: how long to wait before the next attempt, and what
 * Kustomer's `x-ratelimit-reset` header asks for. The attempt loop in `attempts.ts` applies them.
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
 * Milliseconds until the rate window resets, from `x-ratelimit-reset`, never more than `maxMs`.
 * Kustomer sends UTC epoch seconds, and only once the limit is exceeded (docs/kustomer-api.md §5,
 * which names its sources); what a proxy or a misconfigured host sends instead is
 * read as what it most plausibly is: below 1e9 (before 2001 as a date), seconds from now; from 1e12
 * (after 33658 as epoch seconds), epoch milliseconds; anything else numeric, epoch seconds; and an
 * HTTP date. Undefined when the header is absent or none of these. The bound keeps one bad header
 * from blocking the destination for good (and, past Node's 2^31 ms timer limit, from spinning).
 */
export function parseRateLimitReset(
  value: string | null,
  nowMs: number,
  maxMs: number = DEFAULT_RETRY_POLICY.maxDelayMs,
): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const untilMs = msUntil(value.trim(), nowMs);
  if (untilMs === undefined || Number.isNaN(untilMs)) return undefined;
  return Math.min(Math.max(untilMs, 0), maxMs);
}

function msUntil(value: string, nowMs: number): number | undefined {
  const number = Number(value);
  if (Number.isFinite(number)) {
    if (number < 0) return undefined;
    if (number < 1e9) return number * 1000;
    return number >= 1e12 ? number - nowMs : number * 1000 - nowMs;
  }
  // An HTTP date (RFC 9110 §5.6.7) has letters; a bare number that overflowed is not one.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) ? date - nowMs : undefined;
}

/** The longest wait a rate-limit reset may impose: the retry's `maxDelayMs`, or the default without retries. */
export function resetCapMs(policy: ResolvedRetryPolicy): number {
  return policy.maxDelayMs > 0 ? policy.maxDelayMs : DEFAULT_RETRY_POLICY.maxDelayMs;
}

// A misbehaving injected source must not turn into a negative or unbounded wait.
function unitInterval(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.min(value, 1);
}
