/**
 * Process plumbing shared by the commands: stdout with backpressure, a reader that goes away
 * (`| head -1`), exiting once output is flushed, SIGINT/SIGTERM, and the progress bar on stderr.
 */
import { once } from 'node:events';
import cliProgress from 'cli-progress';
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

/** Calls `stop` on the first SIGINT and on the first SIGTERM (a server's or the demo console's end). */
export function onStopSignal(stop: (signal: Signal) => void): void {
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function exitCodeOfSignal(signal: Signal): number {
  return signal === 'SIGINT' ? 130 : 143;
}

export interface Progress {
  /** Moves the bar: `advance` in the bar's unit (bytes or events), plus the running counts. */
  update(advance: number, counts: { events: number; failed: number; invalid: number }): void;
  /** Prints a line without breaking the bar. */
  log(line: string): void;
  stop(): void;
}

/**
 * The progress bar, `total` long in its unit (bytes or events) or, when unknown (stdin), counts
 * only. Drawn only on a TTY unless `force` says otherwise: elsewhere cli-progress would print lines
 * on a schedule (`noTTYOutput`, https://github.com/npkgz/cli-progress#options), noise in logs.
 */
export function createProgress(options: { total?: number; force?: boolean } = {}): Progress {
  const stream = process.stderr;
  if (!(options.force ?? stream.isTTY === true)) {
    return { update() {}, log: (line) => stream.write(`${line}\n`), stop() {} };
  }

  const known = options.total !== undefined && options.total > 0;
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: known
        ? '  {bar} {percentage}% | {events} events, {failed} failed, {invalid} invalid | {rate}/s | ETA {eta_formatted}'
        : '  {events} events, {failed} failed, {invalid} invalid | {rate}/s',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 200,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  const zero = { events: 0, failed: 0, invalid: 0, rate: 0 };
  const bar = multi.create(known ? (options.total ?? 0) : 1, 0, zero);
  return {
    update(advance, counts) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const payload = { ...counts, rate: Math.round(counts.events / seconds) };
      if (known) bar.increment(advance, payload);
      else bar.update(0, payload);
    },
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}
