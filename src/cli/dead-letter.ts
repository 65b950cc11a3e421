/**
 * Where failed lines go: the dead-letter file, one NDJSON line per failed line,
 * `{"event", "error", "line"}`, which `send` accepts again as input (a letter resent and failed
 * again keeps its `origin`: the line and the kind of error it first failed with); and stderr, in
 * line order although lines settle out of order, up to a limit.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { DeliveryError } from '../delivery/types.js';
import { fieldsOf, isLineNumber } from './ndjson.js';
import { failureKind } from './tally.js';

/** Where a resent event first came from. */
export interface Origin {
  /** Its line in the first input. */
  line: number;
  /** The kind of error it first failed with (`KustomerApiError 503`). */
  error: string;
}

export interface DeadLetter {
  /** The event as it was read: the parsed JSON, or the raw text when it was not JSON. */
  event: unknown;
  error: DeliveryError;
  /** The line of the input it came from. */
  line: number;
  /** Set when the input was itself a dead-letter file. */
  origin?: Origin;
}

/** The error recorded for a line that is not JSON. */
export function invalidJsonError(reason: string): DeliveryError {
  return { name: 'InvalidJsonError', message: reason, retryable: false };
}

/** The error recorded for a line too long to read (its dead letter keeps the first kilobyte). */
export function lineTooLongError(bytes: number, limit: number): DeliveryError {
  return {
    name: 'LineTooLongError',
    message: `line of ${bytes} bytes is over the ${limit}-byte limit: not read`,
    retryable: false,
  };
}

/** A dead-letter line's `event`, or the value itself when it is not a dead-letter line. */
export function unwrapDeadLetter(value: unknown): unknown {
  return readDeadLetter(value).event;
}

/** The event on a line, and its origin when the line is a dead letter. */
export function readDeadLetter(value: unknown): { event: unknown; origin?: Origin } {
  const fields = fieldsOf(value);
  if (!('event' in fields && 'error' in fields)) return { event: value };
  const { event, error, line } = fields;
  const first = fieldsOf(fields.origin);
  if (isLineNumber(first.line, 1) && typeof first.error === 'string') {
    return { event, origin: { line: first.line, error: first.error } };
  }
  const { name, status } = fieldsOf(error);
  const errorShape =
    typeof name === 'string' && (status === undefined || typeof status === 'number');
  if (!isLineNumber(line, 1) || !errorShape) return { event };
  return { event, origin: { line, error: failureKind(error as DeliveryError) } };
}

export function formatDeadLetter(letter: DeadLetter): string {
  const { event, error, line, origin } = letter;
  return `${JSON.stringify(origin ? { event, error, line, origin } : { event, error, line })}\n`;
}

/**
 * Appends dead letters synchronously, so that a line is on disk before the checkpoint calls its
 * event settled.
 */
export class DeadLetterWriter {
  readonly path: string;
  #fd: number | undefined;
  #count = 0;

  /** `append` keeps earlier letters (a resumed run); otherwise the file starts empty. */
  constructor(path: string, options: { append: boolean }) {
    this.path = path;
    this.#fd = openSync(path, options.append ? 'a' : 'w');
  }

  get count(): number {
    return this.#count;
  }

  write(letter: DeadLetter): void {
    if (this.#fd === undefined) throw new Error(`dead-letter file ${this.path} is closed`);
    writeSync(this.#fd, formatDeadLetter(letter));
    this.#count += 1;
  }

  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** Failure lines printed before the rest are only counted. */
const MAX_REPORTED = 100;

interface Failure {
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
