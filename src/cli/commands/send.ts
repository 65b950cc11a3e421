/**
 * `send`: stream NDJSON RudderStack events from a file or stdin to Kustomer, with a bounded window
 * of events in flight, a dead-letter file, a resumable checkpoint and a summary.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { DeliveryError, DeliveryResult, KustomerDestination } from '../../delivery/types.js';
import {
  CheckpointError,
  CheckpointTracker,
  loadCheckpoint,
  saveCheckpoint,
} from '../checkpoint.js';
import {
  DeadLetterWriter,
  invalidJsonError,
  lineTooLongError,
  unwrapDeadLetter,
} from '../dead-letter.js';
import { finish, watchSignals, writeOut } from '../io.js';
import {
  isBlank,
  MAX_LINE_BYTES,
  type NdjsonLine,
  openInput,
  parseLine,
  readLines,
} from '../ndjson.js';
import {
  API_KEY_ENV,
  type DestinationFlags,
  destinationFromFlags,
  integerIn,
  MAX_CONCURRENCY,
  UsageError,
} from '../options.js';
import { createProgress, type Progress } from '../progress.js';
import { formatSummary, formatSummaryJson, reasonOf, type SendSummary, Tally } from '../summary.js';

export interface SendFlags extends DestinationFlags {
  dryRun?: boolean;
  deadLetter?: string;
  checkpoint?: string;
  json?: boolean;
  progress?: boolean;
}

/** Failure lines printed before the rest are only counted (the dead-letter file has them all). */
const MAX_REPORTED = 100;
/** How long in-flight events may take to settle after SIGINT/SIGTERM. */
const DRAIN_MS = 10_000;

export function registerSend(program: Command): void {
  program
    .command('send')
    .summary('deliver NDJSON RudderStack events to Kustomer')
    .description(
      'Deliver RudderStack events (one JSON object per line) from FILE or stdin to Kustomer. ' +
        'Lines are streamed with a bounded number of events in flight, so any input size runs in ' +
        'constant memory. Lines of a dead-letter file are accepted as input too.',
    )
    .argument('[file]', 'NDJSON file of events, or - for stdin', '-')
    .option('--api-key <key>', `Kustomer API key (default: $${API_KEY_ENV})`)
    .option('--region <region>', 'Kustomer region: us, eu or in (default: us)')
    .option('--org <name>', 'your organisation host, https://NAME.api.kustomerapp.com')
    .option('--base-url <url>', 'an explicit API origin, such as a simulator')
    .option('--allow-insecure-base-url', 'accept an http or non-Kustomer --base-url (a simulator)')
    .option(
      '--concurrency <n>',
      `events in flight across users, 1 to ${MAX_CONCURRENCY} (default: 8)`,
      integerIn(1, MAX_CONCURRENCY),
    )
    .option(
      '--requests-per-minute <n>',
      'cap on requests per minute (default: the budget Kustomer reports)',
      integerIn(1, 1_000_000),
    )
    .option('--generic-page', 'name every page event Web-Page-Viewed')
    .option('--generic-screen', 'name every screen event Screen-Viewed')
    .option('--advanced-transform', 'convert booleans, objects and arrays in event properties')
    .option('--set-identity-email', "send the user's email as identity.email on tracking events")
    .option(
      '--disable-email-as-tracking-property',
      'with --set-identity-email, leave email out of event properties',
    )
    .option('--dry-run', 'print the planned requests as NDJSON on stdout; send nothing')
    .option('--dead-letter <file>', 'write every failed event, with its error and line, to FILE')
    .option('--checkpoint <file>', 'record settled lines in FILE; a rerun resumes after them')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--no-progress', 'never draw the progress bar')
    .addHelpText(
      'after',
      `
Exit codes: 0 every event delivered, 1 some events failed, 2 usage or configuration error,
130/143 interrupted by SIGINT/SIGTERM (rerun with the same --checkpoint to resume).

Examples:
  $ ${API_KEY_ENV}=... kustomer-destination send events.ndjson --dead-letter failed.ndjson
  $ kustomer-destination send failed.ndjson --api-key "$KEY" --region eu
  $ cat events.ndjson | kustomer-destination send - --dry-run
  $ kustomer-destination send events.ndjson --base-url http://127.0.0.1:4010 \\
      --allow-insecure-base-url --api-key test --checkpoint events.checkpoint`,
    )
    .action(async (file: string, flags: SendFlags) => {
      await finish(await runSend(file, flags));
    });
}

/** Runs `send`; resolves to the exit code. */
export async function runSend(file: string, flags: SendFlags): Promise<number> {
  if (flags.json && flags.dryRun) {
    throw new UsageError('--json and --dry-run both write to stdout; choose one');
  }
  if (flags.checkpoint && flags.dryRun) {
    throw new UsageError('--dry-run sends nothing, so there is no progress to --checkpoint');
  }
  const inputId = file === '-' ? '-' : resolve(file);
  const totalBytes = file === '-' ? undefined : inputSize(file);
  const destination = destinationFromFlags(flags, flags.dryRun ? { dryRun: true } : {});

  const stored = flags.checkpoint ? readCheckpoint(flags.checkpoint, inputId) : undefined;
  const checkpoint = flags.checkpoint ? (stored ?? CheckpointTracker.fresh(inputId)) : undefined;
  const deadLetter = flags.deadLetter
    ? new DeadLetterWriter(flags.deadLetter, { append: stored !== undefined })
    : undefined;
  const progress = createProgress(
    flags.progress === false
      ? { force: false }
      : totalBytes === undefined
        ? {}
        : { total: totalBytes },
  );
  const input = openInput(file);
  const signals = watchSignals();
  const started = performance.now();

  try {
    const run: LineRun = {
      lines: readLines(input, signals.signal),
      progress,
      tally: new Tally(),
      report: failureReporter(progress),
      signal: signals.signal,
      deadLetter,
      checkpoint,
      checkpointPath: flags.checkpoint,
    };
    if (flags.dryRun) await planLines(run, destination);
    else await deliverLines(run, destination, flags.concurrency ?? 8);

    const summary = run.tally.summary(performance.now() - started, signals.received());
    progress.stop();
    if (flags.json) await writeOut(formatSummaryJson(summary));
    else process.stderr.write(formatSummary(summary, flags.dryRun ? { dryRun: true } : {}));
    return exitCodeOf(summary);
  } finally {
    progress.stop();
    signals.dispose();
    deadLetter?.close();
  }
}

export function exitCodeOf(summary: SendSummary): number {
  if (summary.interrupted === 'SIGINT') return 130;
  if (summary.interrupted === 'SIGTERM') return 143;
  return summary.failed > 0 ? 1 : 0;
}

/** Everything one pass over the input needs. */
export interface LineRun {
  lines: AsyncIterable<NdjsonLine>;
  progress: Progress;
  tally: Tally;
  report: (line: number, error: DeliveryError) => void;
  /** Aborted on SIGINT/SIGTERM: stop reading, let in-flight events settle. */
  signal: AbortSignal;
  deadLetter: DeadLetterWriter | undefined;
  checkpoint: CheckpointTracker | undefined;
  checkpointPath: string | undefined;
  /** How long in-flight events may take to settle after the signal. */
  drainMs?: number;
}

/**
 * Delivers every unsettled line, at most `window` events in flight. Each event settles once:
 * counted, dead-lettered if it failed, then marked in the checkpoint, in that order, so a file on
 * disk never claims an event that left no trace.
 */
export async function deliverLines(
  run: LineRun,
  destination: Pick<KustomerDestination, 'send'>,
  concurrency: number,
): Promise<void> {
  const window = Math.max(16, concurrency * 4);
  const inFlight = new Set<Promise<void>>();
  let abandoned = false;

  for await (const item of run.lines) {
    if (run.signal.aborted) break;
    const event = readEvent(run, item);
    if (event === undefined) continue;
    const settled = destination.send(event.value).then((result: DeliveryResult) => {
      if (abandoned) return;
      run.tally.record(result);
      if (!result.ok) fail(run, item.line, event.value, result.error);
      settle(run, item.line, true);
      run.progress.update(item.bytes, counts(run.tally));
    });
    inFlight.add(settled);
    // Handles both outcomes, so that a failed write (disk full) surfaces once, through the race.
    const forget = () => inFlight.delete(settled);
    settled.then(forget, forget);
    if (inFlight.size >= window) await Promise.race(inFlight);
  }

  if (inFlight.size > 0) {
    const drained = await waitAtMost(
      Promise.all(inFlight),
      run.signal.aborted ? (run.drainMs ?? DRAIN_MS) : undefined,
    );
    if (!drained) abandoned = true;
  }
  persist(run);
}

/** Dry run: the requests each event would make, as NDJSON on stdout; nothing is sent. */
export async function planLines(
  run: LineRun,
  destination: Pick<KustomerDestination, 'plan'>,
): Promise<void> {
  for await (const item of run.lines) {
    if (run.signal.aborted) break;
    const event = readEvent(run, item);
    if (event === undefined) continue;
    const planned = await destination.plan(event.value);
    if (planned.ok) {
      run.tally.record({
        ok: true,
        action: planned.plan.type === 'identify' ? 'created' : 'tracked',
        requests: planned.calls.length,
        retries: 0,
        warnings: planned.plan.warnings,
      });
      for (const call of planned.calls) {
        await writeOut(`${JSON.stringify({ line: item.line, ...call })}\n`);
      }
    } else {
      run.tally.record({ ok: false, error: planned.error, requests: 0, retries: 0, warnings: [] });
      fail(run, item.line, event.value, planned.error);
    }
    run.progress.update(item.bytes, counts(run.tally));
  }
}

/**
 * The event on a line, or undefined when there is nothing to send: already settled by an earlier
 * run, blank, or not JSON (reported and dead-lettered here).
 */
function readEvent(run: LineRun, item: NdjsonLine): { value: unknown } | undefined {
  if (run.checkpoint?.isSettled(item.line)) {
    run.tally.recordSkipped();
    run.progress.update(item.bytes, counts(run.tally));
    return undefined;
  }
  if (item.truncated) {
    unreadable(run, item, `${item.text}…`, lineTooLongError(item.bytes, MAX_LINE_BYTES));
    return undefined;
  }
  if (isBlank(item.text)) {
    settle(run, item.line, false);
    run.progress.update(item.bytes, counts(run.tally));
    return undefined;
  }
  const parsed = parseLine(item.text);
  if (!parsed.ok) {
    unreadable(run, item, item.text, invalidJsonError(parsed.reason));
    return undefined;
  }
  return { value: unwrapDeadLetter(parsed.value) };
}

/** A line with no event to read: reported, dead-lettered with what there is of it, and settled. */
function unreadable(run: LineRun, item: NdjsonLine, text: string, error: DeliveryError): void {
  run.tally.recordUnreadable(error);
  fail(run, item.line, text, error);
  settle(run, item.line, true);
  run.progress.update(item.bytes, counts(run.tally));
}

function fail(run: LineRun, line: number, event: unknown, error: DeliveryError): void {
  run.report(line, error);
  run.deadLetter?.write({ event, error, line });
}

/** Marks a line settled; `save` writes the checkpoint now (blank lines ride along with the next). */
function settle(run: LineRun, line: number, save: boolean): void {
  if (run.checkpoint === undefined) return;
  run.checkpoint.settle(line);
  if (save) persist(run);
}

function persist(run: LineRun): void {
  if (run.checkpoint && run.checkpointPath)
    saveCheckpoint(run.checkpointPath, run.checkpoint.toState());
}

function counts(tally: Tally): { events: number; failed: number } {
  return { events: tally.sent, failed: tally.failed };
}

/** Prints one line per failure on stderr, up to a limit. */
export function failureReporter(
  progress: Pick<Progress, 'log'>,
  limit = MAX_REPORTED,
): (line: number, error: DeliveryError) => void {
  let reported = 0;
  return (line, error) => {
    reported += 1;
    if (reported <= limit) progress.log(`line ${line}: ${reasonOf(error)}: ${error.message}`);
    else if (reported === limit + 1) {
      progress.log(`… more failures are not listed here; --dead-letter keeps them all`);
    }
  };
}

async function waitAtMost(work: Promise<unknown>, ms: number | undefined): Promise<boolean> {
  if (ms === undefined) {
    await work;
    return true;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((done) => {
    timer = setTimeout(() => done(false), ms);
  });
  const result = await Promise.race([work.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}

/** The input's size in bytes for the progress bar; undefined for pipes (FIFOs, `<(…)`). */
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

function readCheckpoint(path: string, inputId: string): CheckpointTracker | undefined {
  try {
    const state = loadCheckpoint(path);
    if (state === undefined) return undefined;
    if (state.input !== inputId) {
      throw new UsageError(
        `checkpoint ${path} belongs to ${state.input}, not ${inputId}; use another --checkpoint file`,
      );
    }
    return new CheckpointTracker(state);
  } catch (error) {
    if (error instanceof CheckpointError) throw new UsageError(error.message);
    throw error;
  }
}
