/**
 * Process plumbing shared by the commands: stdout with backpressure, a reader that goes away
 * (`| head -1`), exiting once output is flushed, and SIGINT/SIGTERM handling.
 */
import { once } from 'node:events';
import type { KustomerCall } from '../client/calls.js';

export type Signal = 'SIGINT' | 'SIGTERM';

const stdoutGone = new AbortController();
/** Aborted when stdout's reader went away (EPIPE): from then on, output is dropped. */
export const stdoutClosed: AbortSignal = stdoutGone.signal;

/**
 * Handles write errors on stdout and stderr: a reader that went away (EPIPE) ends the output
 * quietly, as `head` expects, instead of crashing with an unhandled 'error' event.
 */
export function guardStdio(
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): void {
  stdout.on('error', (error: unknown) => {
    if (!isBrokenPipe(error)) throw error;
    stdoutGone.abort('EPIPE');
  });
  stderr.on('error', (error: unknown) => {
    if (!isBrokenPipe(error)) throw error;
  });
}

function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPIPE';
}

/** Writes to stdout, waiting for it to drain when its buffer is full (a slow reader). */
export async function writeOut(text: string): Promise<void> {
  if (stdoutClosed.aborted || process.stdout.write(text)) return;
  try {
    await once(process.stdout, 'drain', { signal: stdoutClosed });
  } catch (error) {
    if (!stdoutClosed.aborted) throw error;
  }
}

/** Prints a dry run's planned calls for a line, as NDJSON on stdout. */
export async function printCalls(line: number, calls: readonly KustomerCall[]): Promise<void> {
  for (const call of calls) await writeOut(`${JSON.stringify({ line, ...call })}\n`);
}

/**
 * Exits with `code` once stdout and stderr are flushed. A finished command exits at once, rather
 * than waiting for idle keep-alive sockets to close.
 */
export async function finish(code: number): Promise<void> {
  process.exitCode = code;
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  if (
    stream.destroyed ||
    stream.writableEnded ||
    (stream === process.stdout && stdoutClosed.aborted)
  ) {
    return Promise.resolve();
  }
  return new Promise((done) => stream.write('', () => done()));
}

export interface SignalWatch {
  /** Aborted on the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  received(): Signal | undefined;
  dispose(): void;
}

/**
 * The first SIGINT/SIGTERM aborts `signal` (stop reading, let in-flight work settle); a second one
 * exits at once with 130/143.
 */
export function watchSignals(): SignalWatch {
  const controller = new AbortController();
  let received: Signal | undefined;
  const handler = (signal: Signal) => {
    if (received !== undefined) process.exit(exitCodeOfSignal(signal));
    received = signal;
    process.stderr.write(
      `\n${signal}: finishing the events in flight; press Ctrl-C again to quit now\n`,
    );
    controller.abort(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    received: () => received,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

export function exitCodeOfSignal(signal: Signal): number {
  return signal === 'SIGINT' ? 130 : 143;
}
