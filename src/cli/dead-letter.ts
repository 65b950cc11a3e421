/**
 * The dead-letter file: one NDJSON line per event that failed, `{"event", "error", "line"}`, which
 * `send` accepts again as input (it delivers the `event` of such a line).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { DeliveryError } from '../delivery/types.js';

export interface DeadLetter {
  /** The event as it was read: the parsed JSON, or the raw text when it was not JSON. */
  event: unknown;
  error: DeliveryError;
  /** The line of the input it came from. */
  line: number;
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
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if ('event' in value && 'error' in value) return value.event;
  }
  return value;
}

export function formatDeadLetter(letter: DeadLetter): string {
  return `${JSON.stringify({ event: letter.event, error: letter.error, line: letter.line })}\n`;
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
