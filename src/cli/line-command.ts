/**
 * The line commands, `send` and `delete`, as one shape: each declares what a line holds, how an
 * item is carried out and planned, the roles its key needs and the words of its summary;
 * `registerLineCommand` adds the options they share, and `runLineCommand` runs a file from flags to
 * exit code: the destination, the input and its checkpoint, the dead-letter file, progress,
 * signals, the loop (./line-loop.ts) and the summary.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { KustomerCall } from '../client/calls.js';
import { DEFAULT_CONCURRENCY } from '../delivery/config.js';
import type { DeliveryError, KustomerDestination } from '../delivery/types.js';
import {
  CheckpointError,
  CheckpointTracker,
  type InputIdentity,
  identityMismatch,
  inputIdentity,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
import { DeadLetterWriter } from './dead-letter.js';
import { deadLetterPathOf, refuseSameFile } from './distinct-files.js';
import { FailureReport } from './failure-report.js';
import { AuthStop, failureHint } from './hints.js';
import { exitCodeOfSignal, finish, stdoutClosed, watchSignals, writeOut } from './io.js';
import { type LineJob, runLines } from './line-loop.js';
import { createStderrLogger, forLine } from './logger.js';
import { type NdjsonLine, openInput, readLines } from './ndjson.js';
import {
  API_KEY_ENV,
  addDestinationOptions,
  type DestinationFlags,
  destinationFromFlags,
  UsageError,
} from './options.js';
import { createProgress } from './progress.js';
import { afterQuiet, HEARTBEAT_MS, quietAfterSaveMs } from './resume-quiet.js';
import { formatSummary, formatSummaryJson, type SummaryWords } from './summary.js';
import { type RunSummary, Tally } from './tally.js';

/** The flags of a line command: the destination's, the input's, and `delete`'s `--yes`. */
interface LineFlags extends DestinationFlags {
  dryRun?: boolean;
  deadLetter?: string;
  checkpoint?: string;
  json?: boolean;
  progress?: boolean;
  verbose?: boolean;
  yes?: boolean;
}
type JobRun = { flags: LineFlags; log: (line: string) => void };

/** What a line command is. */
export interface LineCommand<Item> {
  name: string;
  summary: string;
  description: string;
  /** What FILE holds, for the argument's help (`NDJSON file of events`). */
  input: string;
  /** Options of this command alone, listed after the destination's. */
  options?: (command: Command) => Command;
  /** Exit codes and examples, after the options in `--help`. */
  help: string;
  /** The roles the key needs, named by a refused key's hint. */
  roles: readonly string[];
  /** The actions the summary counts, in order. */
  actions: readonly string[];
  words: SummaryWords;
  job: (destination: KustomerDestination, run: JobRun) => LineJob<Item>;
  plan: (destination: KustomerDestination) => LineJob<Item>;
  /** Wraps the lines before a run that changes anything reads them (`delete`'s confirmation). */
  guard?: (
    lines: AsyncIterable<NdjsonLine>,
    file: string,
    flags: LineFlags,
  ) => AsyncIterable<NdjsonLine>;
}

export function registerLineCommand<Item>(program: Command, line: LineCommand<Item>): void {
  const command = program
    .command(line.name)
    .summary(line.summary)
    .description(line.description)
    .argument('[file]', `${line.input}, or - for stdin`, '-');
  addDestinationOptions(command);
  (line.options?.(command) ?? command)
    .option('--dry-run', 'print the planned requests as NDJSON on stdout; send nothing')
    .option('--dead-letter <file>', 'write every failed line, with its error and line, to FILE')
    .option(
      '--checkpoint <file>',
      'record settled lines of a FILE input; a rerun resumes after them',
    )
    .option('--json', 'print the summary as JSON on stdout')
    .option('--verbose', 'print one line per HTTP attempt and per invalid item on stderr')
    .option('--no-progress', 'never draw the progress bar')
    .addHelpText('after', line.help)
    .action(async (file: string, flags: LineFlags) => {
      await finish(await runLineCommand(line, file, flags));
    });
}

/** Runs a line command over FILE (or stdin for `-`); resolves to the exit code. */
async function runLineCommand<Item>(
  line: LineCommand<Item>,
  file: string,
  flags: LineFlags,
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
  // Until the progress bar exists, `--verbose` lines go straight to stderr.
  let log = (text: string) => {
    process.stderr.write(`${text}\n`);
  };
  const { destination, host, lostWriteHoldMs } = destinationFromFlags(flags, {
    ...(flags.dryRun ? { dryRun: true } : {}),
    ...(flags.verbose
      ? { logger: createStderrLogger({ write: (text) => log(text), ...secretOf(flags) }) }
      : {}),
  });
  const hint = (error: DeliveryError) => failureHint(error, { host, roles: line.roles });
  const tally = new Tally(line.actions, hint);
  const authStop = new AuthStop(hint);

  const stored =
    flags.checkpoint && identity ? readCheckpoint(flags.checkpoint, identity) : undefined;
  const checkpoint = identity ? (stored ?? CheckpointTracker.fresh(identity)) : undefined;
  if (checkpoint) checkpoint.holdMs = quietAfterSaveMs(lostWriteHoldMs);
  const deadLetterPath = deadLetterPathOf(flags);
  const deadLetter = deadLetterPath
    ? new DeadLetterWriter(deadLetterPath, { append: stored !== undefined })
    : undefined;
  const progress = createProgress(
    flags.progress === false ? { force: false } : size === undefined ? {} : { total: size },
  );
  log = (text) => progress.log(text);
  const signals = watchSignals();
  const stop = new AbortController();
  const signal = AbortSignal.any([
    signals.signal,
    stop.signal,
    // A dry run's reader went away (`| head -1`): there is no one left to plan for.
    ...(flags.dryRun ? [stdoutClosed] : []),
  ]);
  const started = performance.now();
  const beat = () => {
    if (checkpoint && flags.checkpoint) saveCheckpoint(flags.checkpoint, checkpoint.toState());
  };
  const heartbeat =
    checkpoint && !flags.dryRun ? setInterval(beat, HEARTBEAT_MS).unref() : undefined;
  const run = { flags, log: (text: string) => log(text) };
  const job = flags.dryRun
    ? line.plan(destination)
    : afterQuiet(line.job(destination, run), stored?.quietAt);

  try {
    const lines = readLines(openInput(file), signal);
    const stopped = await runLines(
      {
        lines: line.guard && !flags.dryRun ? line.guard(lines, file, flags) : lines,
        progress,
        tally,
        report: new FailureReport(log),
        signal,
        stop,
        deadLetter,
        checkpoint,
        checkpointPath: flags.checkpoint,
        ...(flags.dryRun ? {} : { stopWhen: (outcome) => authStop.observe(outcome) }),
      },
      withLineInLogs(job),
      flags.dryRun ? 1 : (job.window ?? 4 * Math.max(4, flags.concurrency ?? DEFAULT_CONCURRENCY)),
    );
    const interrupted = signals.received();
    const summary = tally.summary(performance.now() - started, {
      ...(interrupted === undefined ? {} : { interrupted }),
      ...(stopped === undefined ? {} : { stopped }),
    });
    progress.stop();
    if (flags.json) await writeOut(formatSummaryJson(summary, line.words));
    else {
      const checkpoint = flags.checkpoint !== undefined;
      process.stderr.write(
        formatSummary(summary, { dryRun: flags.dryRun === true, words: line.words, checkpoint }),
      );
    }
    if (deadLetterPath && !flags.deadLetter && summary.failed + summary.invalid > 0) {
      process.stderr.write(
        `Failed lines are in ${deadLetterPath} (beside the checkpoint, which counts them settled): send that file to retry them\n`,
      );
    }
    return exitCodeOf(summary);
  } finally {
    clearInterval(heartbeat);
    progress.stop();
    signals.dispose();
    deadLetter?.close();
  }
}

/** The job with its `--verbose` records naming the input line they are about. */
function withLineInLogs<Item>(job: LineJob<Item>): LineJob<Item> {
  return { ...job, run: (item, context) => forLine(context.line, () => job.run(item, context)) };
}

/** Prints a dry run's planned calls for a line, as NDJSON on stdout. */
export async function printCalls(line: number, calls: readonly KustomerCall[]): Promise<void> {
  for (const call of calls) await writeOut(`${JSON.stringify({ line, ...call })}\n`);
}

export function exitCodeOf(summary: RunSummary): number {
  if (summary.interrupted) return exitCodeOfSignal(summary.interrupted);
  return summary.stopped !== undefined || summary.failed + summary.invalid > 0 ? 1 : 0;
}

/** The key to mask in `--verbose` lines, however it was given. */
function secretOf(flags: DestinationFlags): { secret?: string } {
  const key = flags.apiKey ?? process.env[API_KEY_ENV];
  return key === undefined ? {} : { secret: key };
}

function checkFlags(file: string, flags: LineFlags): void {
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
  const deadLetter = deadLetterPathOf(flags);
  refuseSameFile([
    ...(file === '-' ? [] : [{ role: 'the input', path: file }]),
    ...(deadLetter ? [{ role: '--dead-letter', path: deadLetter }] : []),
    ...(flags.checkpoint ? [{ role: '--checkpoint', path: flags.checkpoint }] : []),
  ]);
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

function readCheckpoint(
  path: string,
  identity: InputIdentity,
): (CheckpointTracker & { quietAt?: number }) | undefined {
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
  const tracker: CheckpointTracker & { quietAt?: number } = new CheckpointTracker(state);
  if (state.quietAt !== undefined) tracker.quietAt = state.quietAt;
  return tracker;
}
