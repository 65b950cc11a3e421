/**
 * Client options, validated once at construction (docs/deviations.md D9): a bad value is a
 * `ConfigurationError` naming the option and what it accepts, never a failure at the first request.
 */
import { type Clock, systemClock } from '../clock.js';
import { ConfigurationError } from '../errors.js';
import { refuseUnknownOptions } from '../options.js';
import { resolveBaseUrl } from './base-url.js';
import { DEFAULT_RETRY_POLICY, NO_RETRY_POLICY, type ResolvedRetryPolicy } from './retry.js';
import type { KustomerClientOptions, RequestGate } from './types.js';

/** The options with every default applied. */
export interface ResolvedClientOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  lostWriteHoldMs: number;
  retry: ResolvedRetryPolicy;
  fetch: (request: Request) => Promise<Response>;
  userAgent: string | undefined;
  gate: RequestGate | undefined;
  clock: Clock;
}

/** Every option `createKustomerClient` takes. */
export const CLIENT_OPTIONS = [
  'apiKey',
  'region',
  'orgName',
  'baseUrl',
  'allowInsecureBaseUrl',
  'timeoutMs',
  'lostWriteHoldMs',
  'retry',
  'fetch',
  'userAgent',
  'clock',
] as const satisfies readonly (keyof KustomerClientOptions)[];

const RETRY_OPTIONS = ['maxAttempts', 'baseDelayMs', 'maxDelayMs'] as const;

const DEFAULT_TIMEOUT_MS = 10_000;
// Node's timers take at most 2^31-1 ms; a longer timeout or wait would fire after 1 ms instead.
const MAX_TIMER_MS = 2_147_483_647;
const MAX_ATTEMPTS_LIMIT = 10;
// A bearer token is sent as a header value: visible ASCII only, as in RFC 6750's b64token.
const API_KEY = /^[\x21-\x7e]+$/;
const USER_AGENT = /^[\x20-\x7e]+$/;

export function resolveClientOptions(
  given: KustomerClientOptions,
  gate?: RequestGate,
): ResolvedClientOptions {
  if (typeof given !== 'object' || given === null) {
    throw new ConfigurationError('createKustomerClient needs an options object', {
      option: 'options',
    });
  }
  const options = refuseUnknownOptions(given, CLIENT_OPTIONS, 'createKustomerClient');
  return {
    apiKey: checkApiKey(options.apiKey),
    baseUrl: resolveBaseUrl(options),
    timeoutMs: checkTimeout(options.timeoutMs),
    lostWriteHoldMs: checkHold(options.lostWriteHoldMs, options.timeoutMs),
    retry: checkRetry(options.retry),
    // Looked up at call time, so a fetch patched after construction (msw, undici mocks) is used.
    fetch: optionalFunction('fetch', options.fetch) ?? ((request) => globalThis.fetch(request)),
    userAgent: checkUserAgent(options.userAgent),
    gate,
    clock: checkClock(options.clock),
  };
}

/** The key as a bearer token can carry it; the error never repeats the value. */
export function checkApiKey(apiKey: unknown): string {
  // The message never includes the value: it may be a real key with a typo.
  if (typeof apiKey !== 'string' || !API_KEY.test(apiKey)) {
    throw new ConfigurationError(
      'apiKey must be a non-empty Kustomer API key (Settings › Security › API Keys) of visible ASCII characters, with no whitespace or control characters',
      { option: 'apiKey' },
    );
  }
  return apiKey;
}

function checkTimeout(timeoutMs: unknown): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (!isNumberIn(timeoutMs, Number.MIN_VALUE, MAX_TIMER_MS)) {
    throw new ConfigurationError(
      `timeoutMs must be a positive number of milliseconds, at most ${MAX_TIMER_MS}`,
      { option: 'timeoutMs' },
    );
  }
  return timeoutMs;
}

function checkRetry(retry: unknown): ResolvedRetryPolicy {
  if (retry === undefined) return DEFAULT_RETRY_POLICY;
  if (retry === false) return NO_RETRY_POLICY;
  if (typeof retry !== 'object' || retry === null) {
    throw new ConfigurationError('retry must be a retry policy object or false', {
      option: 'retry',
    });
  }
  const policy = refuseUnknownOptions(retry, RETRY_OPTIONS, 'retry', 'retry.');
  const maxAttempts = readField(policy, 'maxAttempts') ?? DEFAULT_RETRY_POLICY.maxAttempts;
  if (!Number.isInteger(maxAttempts) || !isNumberIn(maxAttempts, 1, MAX_ATTEMPTS_LIMIT)) {
    throw new ConfigurationError(
      `retry.maxAttempts must be a whole number from 1 to ${MAX_ATTEMPTS_LIMIT} (attempts in all, the first included)`,
      { option: 'retry.maxAttempts' },
    );
  }
  return {
    maxAttempts,
    baseDelayMs: checkDelay('baseDelayMs', readField(policy, 'baseDelayMs')),
    maxDelayMs: checkDelay('maxDelayMs', readField(policy, 'maxDelayMs')),
  };
}

function checkDelay(name: 'baseDelayMs' | 'maxDelayMs', value: unknown): number {
  if (value === undefined) return DEFAULT_RETRY_POLICY[name];
  if (!isNumberIn(value, 0, MAX_TIMER_MS)) {
    throw new ConfigurationError(
      `retry.${name} must be a non-negative number of milliseconds, at most ${MAX_TIMER_MS}`,
      { option: `retry.${name}` },
    );
  }
  return value;
}

function checkUserAgent(userAgent: unknown): string | undefined {
  if (userAgent === undefined) return undefined;
  if (typeof userAgent !== 'string' || !USER_AGENT.test(userAgent)) {
    throw new ConfigurationError(
      'userAgent must be a non-empty string of printable ASCII characters (it is sent as a header)',
      { option: 'userAgent' },
    );
  }
  return userAgent;
}

function optionalFunction<F extends (...args: never[]) => unknown>(
  name: string,
  value: F | undefined,
): F | undefined {
  if (value === undefined || typeof value === 'function') return value;
  throw new ConfigurationError(`${name} must be a function when given`, { option: name });
}

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

function readField(value: object, key: string): unknown {
  return Reflect.get(value, key);
}

function checkClock(clock: unknown): Clock {
  if (clock === undefined) return systemClock;
  const { now, sleep, random } = (clock ?? {}) as Partial<Clock>;
  if (typeof now !== 'function' || typeof sleep !== 'function' || typeof random !== 'function') {
    throw new ConfigurationError('clock must have now(), sleep(ms, signal) and random()', {
      option: 'clock',
    });
  }
  return clock as Clock;
}

/**
 * How long a write whose answer was lost may still land: `lostWriteHoldMs`, or twice the timeout.
 * The CLI's checkpoint records it so a resumed run waits it out (src/cli/checkpoint.ts).
 */
export function lostWriteHoldOf(
  options: Pick<KustomerClientOptions, 'timeoutMs' | 'lostWriteHoldMs'>,
): number {
  return checkHold(options.lostWriteHoldMs, options.timeoutMs);
}

function checkHold(holdMs: unknown, timeoutMs: unknown): number {
  if (holdMs === undefined) return Math.min(2 * checkTimeout(timeoutMs), MAX_TIMER_MS);
  if (!isNumberIn(holdMs, 0, MAX_TIMER_MS)) {
    throw new ConfigurationError(
      `lostWriteHoldMs must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`,
      { option: 'lostWriteHoldMs' },
    );
  }
  return holdMs;
}
