/**
 * One run of a line command (`send`, `delete`) from flags to exit code: the input and its
 * checkpoint, the dead-letter file, progress, signals, the loop and the summary.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CheckpointError,
  CheckpointTracker,
  type InputIdentity,
  identityMismatch,
  inputIdentity,
  loadCheckpoint,
} from './checkpoint.js';
import { DeadLetterWriter } from './dead-letter.js';
import { FailureReport } from './failure-report.js';
import { exitCodeOfSignal, stdoutClosed, watchSignals, writeOut } from './io.js';
import { type LineJob, runLines } from './line-loop.js';
import { type NdjsonLine, openInput, readLines } from './ndjson.js';
import { UsageError } from './options.js';
import { createProgress } from './progress.js';
import { formatSummary, formatSummaryJson, type SummaryWords } from './summary.js';
import type { Outcome, RunSummary, Tally } from './tally.js';

/** The flags every line command has. */
export interface InputFlags {
  dryRun?: boolean;
  deadLetter?: string;
  checkpoint?: string;
  json?: boolean;
  progress?: boolean;
  verbose?: boolean;
}

/** What a command brings to a run, built once the input is known to be usable. */
export interface CommandSetup<Item> {
  job: LineJob<Item>;
  tally: Tally;
  words: SummaryWords;
  /** Items in flight at once (1 for a dry run, which prints in line order). */
  window: number;
  stopWhen?: (outcome: Outcome) => string | undefined;
  /** Wraps the lines before the loop reads them (`delete`'s confirmation). */
  lines?: (lines: AsyncIterable<NdjsonLine>) => AsyncIterable<NdjsonLine>;
}

/**
 * Runs a line command; resolves to the exit code. `setup` gets a `log` that prints a line on
 * stderr without breaking the progress bar (for `--verbose`).
 */
export async function runInput<Item>(
  file: string,
  flags: InputFlags,
  setup: (log: (line: string) => void) => CommandSetup<Item>,
): Promise<number> {
  checkFlags(file, flags);
  const size = file === '-' ? undefined : inputSize(file);
  if (flags.checkpoint && size === undefined) {
    throw new UsageError(
      '--checkpoint needs a regular file to resume: a pipe cannot be read again',
    );
  }
  const identity =
    flags.checkpoint && size !== undefined ? inputIdentity(resolve(file), size) : undefined;
  let log = (line: string) => {
    process.stderr.write(`${line}\n`);
  };
  const command = setup((line) => log(line));

  const stored =
    flags.checkpoint && identity ? readCheckpoint(flags.checkpoint, identity) : undefined;
  const checkpoint = identity ? (stored ?? CheckpointTracker.fresh(identity)) : undefined;
  const deadLetter = flags.deadLetter
    ? new DeadLetterWriter(flags.deadLetter, { append: stored !== undefined })
    : undefined;
  const progress = createProgress(
    flags.progress === false ? { force: false } : size === undefined ? {} : { total: size },
  );
  log = (line) => progress.log(line);
  const signals = watchSignals();
  const stop = new AbortController();
  const signal = AbortSignal.any([
    signals.signal,
    stop.signal,
    // A dry run's reader went away (`| head -1`): there is no one left to plan for.
    ...(flags.dryRun ? [stdoutClosed] : []),
  ]);
  const started = performance.now();

  try {
    const lines = readLines(openInput(file), signal);
    const stopped = await runLines(
      {
        lines: command.lines ? command.lines(lines) : lines,
        progress,
        tally: command.tally,
        report: new FailureReport(log),
        signal,
        stop,
        deadLetter,
        checkpoint,
        checkpointPath: flags.checkpoint,
        ...(command.stopWhen ? { stopWhen: command.stopWhen } : {}),
      },
      command.job,
      command.window,
    );
    const interrupted = signals.received();
    const summary = command.tally.summary(performance.now() - started, {
      ...(interrupted === undefined ? {} : { interrupted }),
      ...(stopped === undefined ? {} : { stopped }),
    });
    progress.stop();
    if (flags.json) await writeOut(formatSummaryJson(summary, command.words));
    else {
      const options = flags.dryRun
        ? { dryRun: true, words: command.words }
        : { words: command.words };
      process.stderr.write(formatSummary(summary, options));
    }
    return exitCodeOf(summary);
  } finally {
    progress.stop();
    signals.dispose();
    deadLetter?.close();
  }
}

export function exitCodeOf(summary: RunSummary): number {
  if (summary.interrupted) return exitCodeOfSignal(summary.interrupted);
  return summary.stopped !== undefined || summary.failed + summary.invalid > 0 ? 1 : 0;
}

function checkFlags(file: string, flags: InputFlags): void {
  if (flags.json && flags.dryRun) {
    throw new UsageError('--json and --dry-run both write to stdout; choose one');
  }
  if (flags.checkpoint && flags.dryRun) {
    throw new UsageError('--dry-run sends nothing, so there is no progress to --checkpoint');
  }
  if (flags.checkpoint && file === '-') {
    throw new UsageError(
      '--checkpoint needs a file to resume: stdin cannot be read again; save it to a file first',
    );
  }
}

/** The input's size in bytes; undefined for pipes (FIFOs, `<(…)`). */
function inputSize(file: string): number | undefined {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(file);
  } catch {
    throw new UsageError(`cannot read ${file}: no such file`);
  }
  if (stats.isFIFO()) return undefined;
  if (!stats.isFile()) throw new UsageError(`${file} is not a file`);
  return stats.size;
}

function readCheckpoint(path: string, identity: InputIdentity): CheckpointTracker | undefined {
  let state: ReturnType<typeof loadCheckpoint>;
  try {
    state = loadCheckpoint(path);
  } catch (error) {
    if (error instanceof CheckpointError) throw new UsageError(error.message);
    throw error;
  }
  if (state === undefined) return undefined;
  const mismatch = identityMismatch(state.input, identity);
  if (mismatch !== undefined) {
    throw new UsageError(`checkpoint ${path} ${mismatch}; use another --checkpoint file`);
  }
  return new CheckpointTracker(state);
}
