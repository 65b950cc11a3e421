/**
 * A progress bar on stderr, drawn only when stderr is a TTY: cli-progress draws nothing otherwise
 * unless told to print lines on a schedule (`noTTYOutput`, https://github.com/npkgz/cli-progress#options),
 * which would be noise in logs.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Moves the bar: `advance` in the bar's unit (bytes or events), plus the running counts. */
  update(advance: number, counts: { events: number; failed: number; invalid: number }): void;
  /** Prints a line without breaking the bar. */
  log(line: string): void;
  stop(): void;
}

/**
 * The bar, `total` long in its unit (bytes or events) or, when unknown (stdin), counts only;
 * drawn when stderr is a TTY unless `force` says otherwise.
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
