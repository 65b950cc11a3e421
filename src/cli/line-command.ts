/**
 * The line commands, `send` and `delete`, as one shape: each declares what a line holds, how an
 * item is carried out and planned, the roles its key needs and the words of its summary;
 * `registerLineCommand` adds the options they share and runs a file from flags to exit code.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONCURRENCY } from '../delivery/config.js';
import type { DeliveryError, KustomerDestination } from '../delivery/types.js';
import { afterQuiet, HEARTBEAT_MS, openCheckpoint, SettledLines } from './checkpoint.js';
import { failurePrinter, openDeadLetter } from './dead-letter.js';
import { authStop, failureHint } from './hints.js';
import {
  createProgress,
  exitCodeOfSignal,
  finish,
  stdoutClosed,
  watchSignals,
  writeOut,
} from './io.js';
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
  job: (
    destination: KustomerDestination,
    flags: LineFlags,
    log: (line: string) => void,
  ) => LineJob<Item>;
  plan: (destination: KustomerDestination) => LineJob<Item>;
  /** Wraps the lines of a run that changes anything (`delete`'s confirmation). */
  guard?: (
    lines: AsyncIterable<NdjsonLine>,
    file: string,
    yes: boolean,
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
  const { dryRun = false, checkpoint: checkpointPath } = flags;
  const deadLetterPath =
    flags.deadLetter || (checkpointPath && !dryRun ? `${checkpointPath}.failed.ndjson` : undefined);
  checkFlags(file, flags, deadLetterPath);
  const size = file === '-' ? undefined : inputSize(file);
  if (checkpointPath && size === undefined) {
    throw new UsageError(
      '--checkpoint needs a regular file to resume: a pipe cannot be read again',
    );
  }
  // Until the progress bar exists, `--verbose` lines go straight to stderr.
  let log = (text: string): unknown => process.stderr.write(`${text}\n`);
  const secret = flags.apiKey ?? process.env[API_KEY_ENV] ?? '';
  const logger = createStderrLogger({ write: (text) => log(text), secret });
  const { destination, host, lostWriteHoldMs } = destinationFromFlags(flags, {
    ...(dryRun ? { dryRun } : {}),
    ...(flags.verbose ? { logger } : {}),
  });
  const hint = (error: DeliveryError) => failureHint(error, { host, roles: line.roles });
  const tally = new Tally(line.actions, hint);
  const checkpoint =
    checkpointPath && size !== undefined
      ? openCheckpoint(checkpointPath, file, size, lostWriteHoldMs)
      : undefined;
  const deadLetter = deadLetterPath
    ? openDeadLetter(deadLetterPath, checkpoint?.stored !== undefined)
    : undefined;
  const progress = createProgress(
    flags.progress === false ? { force: false } : size === undefined ? {} : { total: size },
  );
  log = (text) => progress.log(text);
  const settled = new SettledLines(failurePrinter(log), checkpoint?.stored);
  const signals = watchSignals();
  const stop = new AbortController();
  // A dry run's reader that went away (`| head -1`) leaves no one to plan for.
  const signal = AbortSignal.any([signals.signal, stop.signal, ...(dryRun ? [stdoutClosed] : [])]);
  const started = performance.now();
  const save = checkpoint && (() => checkpoint.save(settled));
  const heartbeat = save && !dryRun ? setInterval(save, HEARTBEAT_MS).unref() : undefined;
  const job = dryRun ? line.plan(destination) : line.job(destination, flags, (text) => log(text));
  const run = afterQuiet(job.run, checkpoint?.stored?.quietAt);
  try {
    const lines = readLines(openInput(file), signal);
    const stopped = await runLines(
      {
        lines: line.guard && !dryRun ? line.guard(lines, file, flags.yes === true) : lines,
        progress,
        tally,
        settled,
        signal,
        stop,
        deadLetter,
        save,
        ...(dryRun ? {} : { stopWhen: authStop(hint) }),
      },
      // `--verbose` records name the input line they are about.
      { ...job, run: (item, context) => forLine(context.line, () => run(item, context)) },
      dryRun ? 1 : (job.window ?? 4 * Math.max(4, flags.concurrency ?? DEFAULT_CONCURRENCY)),
    );
    const interrupted = signals.received();
    const summary = tally.summary(performance.now() - started, {
      ...(interrupted === undefined ? {} : { interrupted }),
      ...(stopped === undefined ? {} : { stopped }),
    });
    progress.stop();
    if (flags.json) await writeOut(formatSummaryJson(summary, line.words));
    else {
      const shown = { dryRun, words: line.words, checkpoint: checkpointPath !== undefined };
      process.stderr.write(formatSummary(summary, shown));
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

export function exitCodeOf(summary: RunSummary): number {
  if (summary.interrupted) return exitCodeOfSignal(summary.interrupted);
  return summary.stopped !== undefined || summary.failed + summary.invalid > 0 ? 1 : 0;
}

/**
 * Refuses flags that contradict each other, and an input, dead-letter file and checkpoint that are
 * not three files: the dead-letter writer truncates its file before the input is read, so
 * `send failed.ndjson --dead-letter failed.ndjson` would erase what it was asked to resend.
 */
function checkFlags(file: string, flags: LineFlags, deadLetter: string | undefined): void {
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
  const seen = new Map<string, string>();
  const files: [string, string | undefined][] = [
    ['the input', file === '-' ? undefined : file],
    ['--dead-letter', deadLetter],
    ['--checkpoint', flags.checkpoint],
  ];
  for (const [role, path] of files) {
    if (!path) continue;
    const earlier = seen.get(fileIdentity(path));
    if (earlier !== undefined) {
      throw new UsageError(
        `${earlier} and ${role} are the same file (${path}): it would be overwritten while it is read; write to another file`,
      );
    }
    seen.set(fileIdentity(path), role);
  }
}

/** A file by device and inode (links and `./` spellings alike); one not there yet by its real folder. */
function fileIdentity(path: string): string {
  try {
    const stats = statSync(path);
    return `inode:${stats.dev}:${stats.ino}`;
  } catch {
    try {
      return `path:${resolve(realpathSync(dirname(path)), basename(path))}`;
    } catch {
      return `path:${resolve(path)}`;
    }
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
