/**
 * The dead-letter file: one NDJSON line per event that failed, `{"event", "error", "line"}`, which
 * `send` accepts again as input (it delivers the `event` of such a line). A letter resent and
 * failed again keeps its `origin`: the line and the kind of error it first failed with.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { DeliveryError } from '../delivery/types.js';
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
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { event: value };
  if (!('event' in value && 'error' in value)) return { event: value };
  if ('origin' in value && isOrigin(value.origin)) {
    return { event: value.event, origin: { line: value.origin.line, error: value.origin.error } };
  }
  const { error } = value;
  if (!('line' in value) || !isLine(value.line) || !isErrorShape(error))
    return { event: value.event };
  return { event: value.event, origin: { line: value.line, error: failureKind(error) } };
}

function isOrigin(value: unknown): value is Origin {
  return (
    typeof value === 'object' &&
    value !== null &&
    'line' in value &&
    isLine(value.line) &&
    'error' in value &&
    typeof value.error === 'string'
  );
}

function isLine(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isErrorShape(value: unknown): value is DeliveryError {
  if (typeof value !== 'object' || value === null) return false;
  if (!('name' in value) || typeof value.name !== 'string') return false;
  return !('status' in value) || typeof value.status === 'number';
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
