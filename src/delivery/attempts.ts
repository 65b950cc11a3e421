/**
 * Counts a delivery's HTTP attempts (requests, retries, writes whose answer was lost) and logs one
 * debug record per attempt: operation path template, status, timing. Never a value from the
 * request: no key, no personal data.
 */
import type { AttemptInfo, CallOptions } from '../client/types.js';
import type { Logger } from './types.js';

export interface AttemptTally {
  readonly options: CallOptions;
  requests: number;
  retries: number;
  uncertain: number;
}

export function tallyAttempts(
  logger: Logger | undefined,
  signal?: AbortSignal,
  whileWaiting?: CallOptions['whileWaiting'],
): AttemptTally {
  const tally: AttemptTally = {
    options: {
      ...(whileWaiting ? { whileWaiting } : {}),
      onAttempt: (attempt) => {
        tally.requests++;
        if (attempt.attempt > 1) tally.retries++;
        if (attempt.uncertain) tally.uncertain++;
        logger?.debug?.('kustomer request', attemptRecord(attempt));
      },
      ...(signal ? { signal } : {}),
    },
    requests: 0,
    retries: 0,
    uncertain: 0,
  };
  return tally;
}

function attemptRecord(attempt: AttemptInfo): Record<string, unknown> {
  return {
    operation: attempt.operation,
    method: attempt.method,
    path: attempt.path,
    status: attempt.status,
    attempt: attempt.attempt,
    durationMs: attempt.durationMs,
    waitMs: attempt.waitMs,
    willRetry: attempt.willRetry,
    uncertain: attempt.uncertain,
  };
}
