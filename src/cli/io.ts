/**
 * Process plumbing shared by the commands: stdout with backpressure, a reader that goes away
 * (`| head -1`), exiting once output is flushed, and SIGINT/SIGTERM.
 */
import { once } from 'node:events';
import type { KustomerCall } from '../client/calls.js';

export type Signal = 'SIGINT' | 'SIGTERM';

const stdoutGone = new AbortController();
/** Aborted when stdout's reader went away (EPIPE): from then on, output is dropped. */
export const stdoutClosed: AbortSignal = stdoutGone.signal;

/** A reader that went away (EPIPE) ends the output quietly, as `head` expects, instead of a crash. */
export function guardStdio(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: unknown) => {
      const code = typeof error === 'object' && error !== null && 'code' in error && error.code;
      if (code !== 'EPIPE') throw error;
      if (stream === process.stdout) stdoutGone.abort('EPIPE');
    });
  }
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

/** Exits with `code` once stdout and stderr are flushed, not waiting for idle keep-alive sockets. */
export async function finish(code: number): Promise<void> {
  process.exitCode = code;
  const flushed = (stream: NodeJS.WriteStream) =>
    stream.destroyed || stream.writableEnded || (stream === process.stdout && stdoutClosed.aborted)
      ? undefined
      : new Promise((done) => stream.write('', done));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

/**
 * The first SIGINT/SIGTERM aborts `signal` (stop reading, let in-flight work settle); a second one
 * exits at once with 130/143.
 */
export function watchSignals(): {
  signal: AbortSignal;
  received(): Signal | undefined;
  dispose(): void;
} {
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
