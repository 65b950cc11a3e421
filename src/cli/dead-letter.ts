/**
 * Where failed lines go: the dead-letter file, one NDJSON line per failed line,
 * `{"event", "error", "line"}`, which `send` accepts again as input (a letter resent and failed
 * again keeps its `origin`: the line and the kind of error it first failed with); and stderr, in
 * line order (`SettledLines` holds them back), up to a limit.
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
 * Opens the dead-letter file, which a resumed run appends to (`append`) and any other run starts
 * empty. Letters are written synchronously, so that a line is on disk before the checkpoint calls
 * its event settled.
 */
export function openDeadLetter(path: string, append: boolean) {
  const fd = openSync(path, append ? 'a' : 'w');
  return {
    write: (letter: DeadLetter) => writeSync(fd, formatDeadLetter(letter)),
    close: () => closeSync(fd),
  };
}

export type DeadLetterFile = ReturnType<typeof openDeadLetter>;

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

/** Prints each failure given (in line order, by `SettledLines`) up to `limit`, then only counts. */
export function failurePrinter(
  log: (line: string) => void,
  limit = MAX_REPORTED,
): (line: number, failure: Failure) => void {
  let printed = 0;
  return (line, failure) => {
    printed += 1;
    if (printed <= limit) log(formatFailure(line, failure));
    else if (printed === limit + 1) {
      log('… more failures are not listed here; --dead-letter keeps them all');
    }
  };
}
