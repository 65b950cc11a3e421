/**
 * The loop `send` and `delete` share: NDJSON lines in, one item per line carried out with a bounded
 * window in flight, each settling once: counted, dead-lettered if it failed, reported in line order,
 * then marked in the checkpoint, in that order, so a file on disk never claims a line that left no
 * trace.
 */
import type { DeliveryError } from '../delivery/types.js';
import type { SettledLines } from './checkpoint.js';
import {
  type DeadLetterFile,
  type Failure,
  invalidJsonError,
  lineTooLongError,
  type Origin,
  readDeadLetter,
} from './dead-letter.js';
import { withLookAlikeHint } from './hints.js';
import type { Progress } from './io.js';
import {
  isBlank,
  MAX_LINE_BYTES,
  type NdjsonLine,
  parseLine,
  withoutByteOrderMark,
} from './ndjson.js';
import type { Outcome, Tally } from './tally.js';

/** What a command does with the item on each line. */
export interface LineJob<Item> {
  /** The item in a line's JSON, or why there is none (an invalid line, never sent). */
  read(value: unknown): { ok: true; item: Item } | { ok: false; error: DeliveryError };
  /** Carries the item out; never rejects (failures are outcomes). Aborting `signal` cancels it. */
  run(item: Item, context: { signal: AbortSignal; line: number }): Promise<Outcome>;
  /** Items the job wants in flight at once, when it gathers them (`send --bulk`). */
  window?: number;
}

/** Everything one pass over the input needs. */
export interface LineRun {
  lines: AsyncIterable<NdjsonLine>;
  progress: Progress;
  tally: Tally;
  /** Where lines settle; it hands their failures over in line order. */
  settled: SettledLines;
  /** Aborted on SIGINT/SIGTERM or by `stop`: stop reading, let in-flight items settle. */
  signal: AbortSignal;
  /** Stops the run on its own account (part of `signal`). */
  stop?: AbortController;
  deadLetter?: DeadLetterFile | undefined;
  /** Writes the checkpoint (`--checkpoint`). */
  save?: (() => void) | undefined;
  /** How long in-flight items may take to settle once `signal` aborts; then they are cancelled. */
  drainMs?: number;
  /** Looks at each outcome; a reason stops the run (`authStop`). */
  stopWhen?: (outcome: Outcome) => string | undefined;
}

/** How in-flight items may take to settle after SIGINT/SIGTERM, so shutdown stays within 10 s. */
const DRAIN_MS = 5_000;
/** How long cancelled items get to report back before they are left unsettled. */
const CANCEL_GRACE_MS = 1_000;

/** Runs every unsettled line; resolves with the reason the run stopped on its own, if it did. */
export async function runLines<Item>(
  run: LineRun,
  job: LineJob<Item>,
  window: number,
): Promise<string | undefined> {
  const drainMs = run.drainMs ?? DRAIN_MS;
  const cancel = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // Wakes the loop when the window has room again or the run stops. (Not a race against a
  // long-lived promise: each race would leave a reaction on it, a leak of one per line.)
  let wake: (() => void) | undefined;
  const nudge = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const onStop = () => {
    // No reason given: the abort is then a DOMException named AbortError, as the client expects.
    timer = setTimeout(() => cancel.abort(), drainMs);
    nudge();
  };
  if (run.signal.aborted) onStop();
  else run.signal.addEventListener('abort', onStop, { once: true });
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let stopReason: string | undefined;
  let abandoned = false;

  for await (const item of run.lines) {
    if (run.signal.aborted) break;
    run.tally.lines.read += 1;
    const read = readItem(run, job, item);
    if (read === undefined) continue;
    const settled = job
      .run(read.item, { signal: cancel.signal, line: item.line })
      .then((outcome) => {
        if (abandoned || (cancel.signal.aborted && isAbort(outcome))) return;
        settle(run, item, read, outcome);
        const reason = run.stopWhen?.(outcome);
        if (reason !== undefined && stopReason === undefined) {
          stopReason = reason;
          run.stop?.abort(reason);
          cancel.abort();
        }
      });
    inFlight.add(settled);
    // A failed settle (disk full) is kept and thrown once, from the loop.
    settled
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        inFlight.delete(settled);
        nudge();
      });
    if (inFlight.size >= window && !run.signal.aborted) {
      await new Promise<void>((done) => {
        wake = done;
      });
    }
    if (failure) throw failure.error;
  }

  if (inFlight.size > 0) {
    const limit = run.signal.aborted ? drainMs + CANCEL_GRACE_MS : undefined;
    if (!(await waitAtMost(Promise.all(inFlight), limit))) abandoned = true;
  }
  if (failure) throw failure.error;
  run.signal.removeEventListener('abort', onStop);
  clearTimeout(timer);
  run.settled.flush();
  run.save?.();
  return stopReason;
}

/**
 * The item on a line, or undefined when there is nothing to run: already settled by an earlier
 * run, blank, not JSON or not an item (reported and dead-lettered here).
 */
function readItem<Item>(
  run: LineRun,
  job: LineJob<Item>,
  line: NdjsonLine,
): { item: Item; value: unknown; origin?: Origin } | undefined {
  const invalid = (value: unknown, error: DeliveryError, origin?: Origin): undefined => {
    const from = origin ? { value, origin } : { value };
    settle(run, line, from, { ok: false, error, requests: 0, retries: 0 });
  };
  const text = withoutByteOrderMark(line.text, line.line);
  const skipped = run.settled.isSettled(line.line);
  if (skipped) run.tally.lines.skipped += 1;
  if (skipped || (!line.truncated && isBlank(text))) {
    settleLine(run, line, undefined, false);
    return undefined;
  }
  if (line.truncated) return invalid(`${line.text}…`, lineTooLongError(line.bytes, MAX_LINE_BYTES));
  const parsed = parseLine(text);
  if (!parsed.ok) return invalid(text, invalidJsonError(parsed.reason));
  const { event, origin } = readDeadLetter(parsed.value);
  const item = job.read(event);
  if (!item.ok) return invalid(event, item.error, origin);
  return { value: event, ...(origin === undefined ? {} : { origin }), item: item.item };
}

/** What a line came to: counted, dead-lettered if it failed (with what there is of it), settled. */
function settle(
  run: LineRun,
  line: NdjsonLine,
  from: { value: unknown; origin?: Origin },
  outcome: Outcome,
): void {
  const failed = outcome.ok
    ? undefined
    : { ...outcome, error: withLookAlikeHint(outcome.error, from.value) };
  run.tally.record(failed ?? outcome);
  if (failed) {
    const letter = { event: from.value, error: failed.error, line: line.line };
    run.deadLetter?.write(from.origin ? { ...letter, origin: from.origin } : letter);
  }
  settleLine(run, line, failed && { error: failed.error, origin: from.origin }, true);
}

/** A line is done: settled (its failure reported in order), saved when it was run, counted. */
function settleLine(
  run: LineRun,
  line: NdjsonLine,
  failure: Failure | undefined,
  save: boolean,
): void {
  run.settled.settle(line.line, failure);
  if (save) run.save?.();
  run.tally.lines.settled += 1;
  run.progress.update(line.bytes, run.tally.counts);
}

function isAbort(outcome: Outcome): boolean {
  return !outcome.ok && outcome.error.name === 'AbortError';
}

async function waitAtMost(work: Promise<unknown>, ms: number | undefined): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  // Without a limit, a timeout that never comes.
  const timeout = new Promise<false>((done) => {
    if (ms !== undefined) timer = setTimeout(() => done(false), ms);
  });
  const result = await Promise.race([work.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
