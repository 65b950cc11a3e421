/**
 * Streaming NDJSON input: one line at a time with its 1-based line number, so memory stays constant
 * on any input size and every report can name the line it is about.
 */
import { createReadStream } from 'node:fs';
import { addAbortSignal, type Readable } from 'node:stream';

/**
 * Lines longer than this are not held in memory: Kustomer takes bodies of at most 100 KB
 * (docs/kustomer-api.md §4), so no event on such a line could be delivered anyway.
 */
export const MAX_LINE_BYTES = 1024 * 1024;
/** What is kept of an over-long line, for its report and dead letter. */
const PREVIEW_BYTES = 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface NdjsonLine {
  /** 1-based, counting blank lines, as an editor shows it. */
  line: number;
  /** The line, or only its first kilobyte when `truncated`. */
  text: string;
  /** Bytes this line took in the input, its line break included (for byte-based progress). */
  bytes: number;
  /** The line was longer than the limit and was not read whole. */
  truncated?: true;
}

export type ParsedLine = { ok: true; value: unknown } | { ok: false; reason: string };

/** Opens a file, or stdin for `-`. */
export function openInput(path: string): Readable {
  return path === '-' ? process.stdin : createReadStream(path);
}

/**
 * Yields every line of the stream (LF or CRLF endings), pulled as the consumer asks; a line over
 * `maxLineBytes` is skipped rather than held. Aborting `signal` ends the lines at once, even while
 * stdin waits for input that may never come.
 */
export async function* readLines(
  input: Readable,
  signal?: AbortSignal,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<NdjsonLine> {
  // The line being read: its bytes up to the limit, past it only a preview, and its whole size.
  let parts: Buffer[] = [];
  let kept = 0;
  let size = 0;
  let line = 0;
  const add = (piece: Buffer) => {
    size += piece.length;
    const room = (size > maxLineBytes ? PREVIEW_BYTES : maxLineBytes) - kept;
    if (piece.length === 0 || room <= 0) return;
    const part = piece.length <= room ? piece : piece.subarray(0, room);
    // A copy: the chunk it came from is not held once the line is taken.
    parts.push(Buffer.from(part));
    kept += part.length;
  };
  const take = (breakBytes: number): NdjsonLine => {
    let bytes = Buffer.concat(parts);
    const truncated = size > maxLineBytes;
    if (truncated) bytes = bytes.subarray(0, PREVIEW_BYTES);
    else if (bytes.at(-1) === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
    line += 1;
    const result: NdjsonLine = { line, text: bytes.toString('utf8'), bytes: size + breakBytes };
    if (truncated) result.truncated = true;
    parts = [];
    kept = 0;
    size = 0;
    return result;
  };
  try {
    for await (const chunk of signal ? addAbortSignal(signal, input) : input) {
      const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      let start = 0;
      for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
        add(bytes.subarray(start, end));
        yield take(1);
        start = end + 1;
      }
      add(bytes.subarray(start));
    }
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  }
  if (size > 0) yield take(0);
}

/** The line without the UTF-8 byte-order mark that some editors put at the start of a file. */
export function withoutByteOrderMark(text: string, line: number): string {
  return line === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Whether a line holds nothing to deliver (blank or whitespace only). */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** A parsed JSON value's fields, for checking one by one (none when it is no object). */
export function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** A whole number from `min` up, as line numbers and sizes are. */
export function isLineNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

/** Parses one line; a failure carries a reason fit for a report. */
export function parseLine(text: string): ParsedLine {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
