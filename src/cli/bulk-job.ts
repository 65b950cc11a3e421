/**
 * `send --bulk`: the lines are gathered into chunks, and each chunk is delivered as one backfill,
 * `sendBatch(events, { bulk: true })` (docs/bulk.md), chunk after chunk so that a user's events
 * stay in input order. Each line still settles on its own result, so the summary, the dead-letter
 * file and the checkpoint work as for a plain `send`: a line is marked settled only once its bulk
 * job reported it, and a rerun re-sends only lines whose outcome was not known. Re-sent records
 * cannot make a second customer: each carries its `externalId`, which Kustomer keeps unique, and
 * a record Kustomer already has is updated instead.
 */
import type { RudderEvent } from '../adapter/events.js';
import type { BulkProgress, DeliveryResult, KustomerDestination } from '../delivery/types.js';
import type { LineJob } from './line-loop.js';

/** Events per backfill call: 50 bulk requests' worth, so jobs overlap within a chunk. */
const BULK_CHUNK = 5_000;
/**
 * A chunk that is not full goes out once no chunk is running and no line has arrived for this
 * long: the input's end, or a slow reader. While a chunk runs, the next one keeps filling.
 */
const IDLE_MS = 200;
/** How often a progress line is printed while a chunk runs. */
const STATUS_MS = 5_000;

interface Waiting {
  event: unknown;
  resolve: (result: DeliveryResult) => void;
}

export function bulkSendJob(
  destination: Pick<KustomerDestination, 'sendBatch'>,
  read: LineJob<unknown>['read'],
  log: (line: string) => void,
  explain?: LineJob<unknown>['explain'],
): LineJob<unknown> {
  const waiting: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  let signal: AbortSignal | undefined;
  let lastStatus = 0;
  let done = 0;

  const status = (progress: BulkProgress, final = false) => {
    const now = Date.now();
    if (!final && now - lastStatus < STATUS_MS) return;
    lastStatus = now;
    log(
      `bulk: ${progress.queued.toLocaleString('en-US')} records queued, ` +
        `${progress.jobsRunning} jobs running, ${(done + progress.settled).toLocaleString('en-US')} events done`,
    );
  };

  /** Waits for a fuller chunk when one is running or the reader may still be busy. */
  const schedule = () => {
    clearTimeout(timer);
    timer = undefined;
    if (busy || waiting.length === 0) return;
    if (waiting.length >= BULK_CHUNK) void flush();
    else timer = setTimeout(() => void flush(), IDLE_MS);
  };

  // One chunk at a time, so that a user's events in a later chunk follow those in an earlier one.
  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    busy = true;
    const chunk = waiting.splice(0, BULK_CHUNK);
    try {
      const results = await destination.sendBatch(
        chunk.map((w) => w.event as RudderEvent),
        { bulk: true, ...(signal ? { signal } : {}), onBulkProgress: (p) => status(p) },
      );
      done += chunk.length;
      chunk.forEach((w, i) => {
        w.resolve(results[i] as DeliveryResult);
      });
    } finally {
      busy = false;
      schedule();
    }
  };

  return {
    read,
    window: BULK_CHUNK * 2,
    run(event, context) {
      signal ??= context.signal;
      return new Promise<DeliveryResult>((resolve) => {
        waiting.push({ event, resolve });
        schedule();
      });
    },
    ...(explain ? { explain } : {}),
  };
}
