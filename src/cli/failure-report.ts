/**
 * Failure lines on stderr, in line order although lines settle out of order (users run
 * concurrently), and only up to a limit: the dead-letter file has them all.
 */
import type { DeliveryError } from '../delivery/types.js';
import type { Origin } from './dead-letter.js';
import { failureKind } from './tally.js';

/** Failure lines printed before the rest are only counted. */
const MAX_REPORTED = 100;

export interface Failure {
  error: DeliveryError;
  origin?: Origin | undefined;
}

export function formatFailure(line: number, failure: Failure): string {
  const from = failure.origin
    ? ` (line ${failure.origin.line} of the first input, which failed with ${failure.origin.error})`
    : '';
  return `line ${line}${from}: ${failureKind(failure.error)}: ${failure.error.message}`;
}

export class FailureReport {
  readonly #log: (line: string) => void;
  readonly #limit: number;
  /** Settled lines above the first unsettled one, with their failure if any. */
  readonly #waiting = new Map<number, Failure | null>();
  #next = 1;
  #printed = 0;

  constructor(log: (line: string) => void, limit = MAX_REPORTED) {
    this.#log = log;
    this.#limit = limit;
  }

  /** Every line read settles here once (blank and skipped ones too), with its failure if any. */
  settle(line: number, failure?: Failure): void {
    this.#waiting.set(line, failure ?? null);
    while (this.#waiting.has(this.#next)) {
      this.#print(this.#next, this.#waiting.get(this.#next) ?? null);
      this.#waiting.delete(this.#next);
      this.#next += 1;
    }
  }

  /** Prints what waits behind lines that never settled (a stopped run). */
  flush(): void {
    const lines = [...this.#waiting.keys()].sort((a, b) => a - b);
    for (const line of lines) this.#print(line, this.#waiting.get(line) ?? null);
    this.#waiting.clear();
  }

  #print(line: number, failure: Failure | null): void {
    if (failure === null) return;
    this.#printed += 1;
    if (this.#printed <= this.#limit) this.#log(formatFailure(line, failure));
    else if (this.#printed === this.#limit + 1) {
      this.#log('… more failures are not listed here; --dead-letter keeps them all');
    }
  }
}
