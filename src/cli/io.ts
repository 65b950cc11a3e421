/**
 * Process plumbing shared by the commands: stdout with backpressure, exiting once output is
 * flushed, and SIGINT/SIGTERM handling.
 */

export type Signal = 'SIGINT' | 'SIGTERM';

/** Writes to stdout, waiting for it to drain when its buffer is full (a slow reader). */
export async function writeOut(text: string): Promise<void> {
  if (process.stdout.write(text)) return;
  await new Promise<void>((done) => process.stdout.once('drain', done));
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
