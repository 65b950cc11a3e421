/**
 * Streaming NDJSON input: one line at a time with its 1-based line number, so memory stays constant
 * on any input size and every report can name the line it is about.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface NdjsonLine {
  /** 1-based, counting blank lines, as an editor shows it. */
  line: number;
  text: string;
  /** Bytes this line took in the input, its line break included (for byte-based progress). */
  bytes: number;
}

export type ParsedLine = { ok: true; value: unknown } | { ok: false; reason: string };

/** Opens a file, or stdin for `-`. */
export function openInput(path: string): Readable {
  return path === '-' ? process.stdin : createReadStream(path);
}

/**
 * Yields every line of the stream. readline's async iterator pauses the stream while the consumer
 * is busy (Node ≥ 18.17), so a slow consumer keeps memory bounded. Aborting `signal` ends the
 * lines at once, even while stdin waits for input that may never come.
 */
export async function* readLines(
  input: Readable,
  signal?: AbortSignal,
): AsyncGenerator<NdjsonLine> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const stop = () => lines.close();
  signal?.addEventListener('abort', stop, { once: true });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      yield { line, text, bytes: Buffer.byteLength(text) + 1 };
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    lines.close();
  }
}

/** Whether a line holds nothing to deliver (blank or whitespace only). */
export function isBlank(text: string): boolean {
  return text.trim() === '';
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
