/**
 * `send`: stream NDJSON RudderStack events from a file or stdin to Kustomer, with a bounded window
 * of events in flight, a dead-letter file, a resumable checkpoint and a summary; `--bulk` gathers
 * the lines into backfills.
 */
import type { RudderEvent } from '../../adapter/events.js';
import type {
  BulkProgress,
  DeliveryError,
  DeliveryResult,
  KustomerDestination,
} from '../../delivery/types.js';
import { SEND_ROLES } from '../hints.js';
import { printCalls } from '../io.js';
import type { LineCommand } from '../line-command.js';
import type { LineJob } from '../line-loop.js';
import { API_KEY_ENV } from '../options.js';
import { EVENT_WORDS } from '../summary.js';
import type { Outcome } from '../tally.js';

export const SEND: LineCommand<unknown> = {
  name: 'send',
  summary: 'deliver NDJSON RudderStack events to Kustomer',
  description:
    'Deliver RudderStack events (one JSON object per line) from FILE or stdin to Kustomer. ' +
    'Lines are streamed with a bounded number of events in flight, so any input size runs in ' +
    'constant memory. Lines of a dead-letter file are accepted as input too.',
  input: 'NDJSON file of events',
  options: (command) =>
    command
      .option('--generic-page', 'name every page event Web-Page-Viewed')
      .option('--generic-screen', 'name every screen event Screen-Viewed')
      .option('--advanced-transform', 'convert booleans, objects and arrays in event properties')
      .option('--set-identity-email', "send the user's email as identity.email on tracking events")
      .option(
        '--disable-email-as-tracking-property',
        'with --set-identity-email, leave email out of event properties',
      )
      .option(
        '--custom-attributes <json|@file>',
        'send traits as Kustomer custom attributes: {"plan":"planStr","logins":"loginsNum"}',
      )
      .option(
        '--bulk',
        "backfill history through Kustomer's bulk API: 100 customers per request (docs/bulk.md)",
      ),
  help: `
Exit codes: 0 every event delivered, 1 some events failed or were invalid (or the first 20 were all
refused for the same key problem), 2 usage or configuration error, 130/143 interrupted by
SIGINT/SIGTERM (a run with --checkpoint resumes when rerun with the same one).

Examples:
  $ ${API_KEY_ENV}=... kustomer-destination send events.ndjson --dead-letter failed.ndjson
  $ kustomer-destination send failed.ndjson --api-key "$KEY" --region eu
  $ cat events.ndjson | kustomer-destination send - --dry-run
  $ kustomer-destination send events.ndjson --custom-attributes '{"plan":"planStr"}'
  $ kustomer-destination send history.ndjson --bulk --checkpoint history.checkpoint
  $ kustomer-destination send events.ndjson --base-url http://127.0.0.1:4010 \\
      --allow-insecure-base-url --api-key test --checkpoint events.checkpoint`,
  roles: SEND_ROLES,
  actions: ['created', 'updated', 'tracked'],
  words: EVENT_WORDS,
  job: (destination, flags, log) =>
    (flags as { bulk?: boolean }).bulk ? bulkSendJob(destination, log) : sendJob(destination),
  plan: (destination) => planJob(destination),
};

/** Reads an event from a line: anything but a batch envelope goes to the destination to judge. */
function readEvent(value: unknown): ReturnType<LineJob<unknown>['read']> {
  const error = envelopeError(value);
  return error === undefined ? { ok: true, item: value } : { ok: false, error };
}

/** The error for a batch envelope (the body of RudderStack's `/v1/batch`) on one line. */
export function envelopeError(value: unknown): DeliveryError | undefined {
  if (typeof value !== 'object' || value === null || 'type' in value) return undefined;
  if (!('batch' in value) || !Array.isArray(value.batch)) return undefined;
  return {
    name: 'InvalidEventError',
    message: `the line is a batch envelope {"batch": [...]} of ${value.batch.length} events, not an event; put one event per line: jq -c '.batch[]' FILE`,
    retryable: false,
  };
}

/** Delivers each event; the signal cancels it (retries and waits included) on shutdown. */
export function sendJob(destination: Pick<KustomerDestination, 'send'>): LineJob<unknown> {
  return {
    read: readEvent,
    // The destination checks the event at run time (an invalid event is a result, not a throw).
    run: (event, { signal }) => destination.send(event as RudderEvent, { signal }),
  };
}

/** What a dry run counts an event as: the action `send` would report when no lookup finds the customer. */
const ACTION_OF = {
  identify: 'created',
  group: 'linked',
  track: 'tracked',
  page: 'tracked',
  screen: 'tracked',
} as const;

/** Dry run: the requests each event would make, as NDJSON on stdout; nothing is sent. */
export function planJob(destination: Pick<KustomerDestination, 'plan'>): LineJob<unknown> {
  return {
    read: readEvent,
    async run(event, { line }): Promise<Outcome> {
      const planned = destination.plan(event as RudderEvent);
      if (!planned.ok) return { ok: false, error: planned.error, requests: 0, retries: 0 };
      await printCalls(line, planned.calls);
      const { type, warnings, notSent } = planned.mapped;
      const requests = planned.calls.length;
      return { ok: true, action: ACTION_OF[type], requests, retries: 0, warnings, notSent };
    },
  };
}

/** Events per backfill call: 50 bulk requests' worth, so jobs overlap within a chunk. */
const BULK_CHUNK = 5_000;
/**
 * A chunk that is not full goes out once no chunk is running and no line has arrived for this
 * long: the input's end, or a slow reader. While a chunk runs, the next one keeps filling.
 */
const IDLE_MS = 200;
/** How often a progress line is printed while a chunk runs. */
const STATUS_MS = 5_000;

/**
 * `send --bulk`: chunks of lines, each delivered as one `sendBatch(events, { bulk: true })`
 * (docs/bulk.md), one chunk at a time so that a user's events stay in input order. Each line still
 * settles on its own result, so the summary, dead letters and checkpoint work as for `send`; a
 * re-sent record makes no second customer (Kustomer keeps `externalId` unique).
 */
function bulkSendJob(
  destination: Pick<KustomerDestination, 'sendBatch'>,
  log: (line: string) => void,
): LineJob<unknown> {
  const waiting: { event: unknown; resolve: (result: DeliveryResult) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  let signal: AbortSignal | undefined;
  let lastStatus = 0;
  let done = 0;

  const status = (progress: BulkProgress) => {
    const now = Date.now();
    if (now - lastStatus < STATUS_MS) return;
    lastStatus = now;
    log(
      `bulk: ${progress.queued.toLocaleString('en-US')} records queued, ` +
        `${progress.jobsRunning} jobs running, ${(done + progress.settled).toLocaleString('en-US')} events done`,
    );
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = undefined;
    if (busy || waiting.length === 0) return;
    if (waiting.length >= BULK_CHUNK) void flush();
    else timer = setTimeout(() => void flush(), IDLE_MS);
  };
  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    busy = true;
    const chunk = waiting.splice(0, BULK_CHUNK);
    try {
      const results = await destination.sendBatch(
        chunk.map((w) => w.event as RudderEvent),
        { bulk: true, ...(signal ? { signal } : {}), onBulkProgress: status },
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
    read: readEvent,
    window: BULK_CHUNK * 2,
    run(event, context) {
      signal ??= context.signal;
      return new Promise<DeliveryResult>((resolve) => {
        waiting.push({ event, resolve });
        schedule();
      });
    },
  };
}
