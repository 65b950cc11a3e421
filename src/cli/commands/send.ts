/**
 * `send`: stream NDJSON RudderStack events from a file or stdin to Kustomer, with a bounded window
 * of events in flight, a dead-letter file, a resumable checkpoint and a summary.
 */
import type { RudderEvent } from '../../adapter/events.js';
import type { KustomerDestination } from '../../delivery/types.js';
import { bulkSendJob } from '../bulk-job.js';
import { SEND_ROLES } from '../hints.js';
import { envelopeError, withLookAlikeHint } from '../input-hints.js';
import { type LineCommand, printCalls } from '../line-command.js';
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
  job: (destination, { flags, log }) =>
    (flags as { bulk?: boolean }).bulk
      ? bulkSendJob(destination, readEvent, log, withLookAlikeHint)
      : sendJob(destination),
  plan: (destination) => planJob(destination),
};

/** Reads an event from a line: anything but a batch envelope goes to the destination to judge. */
function readEvent(value: unknown): ReturnType<LineJob<unknown>['read']> {
  const error = envelopeError(value);
  return error === undefined ? { ok: true, item: value } : { ok: false, error };
}

/** Delivers each event; the signal cancels it (retries and waits included) on shutdown. */
export function sendJob(destination: Pick<KustomerDestination, 'send'>): LineJob<unknown> {
  return {
    read: readEvent,
    // JSON input: the destination checks it at run time (an invalid event is a result, not a throw).
    run: (event, { signal }) => destination.send(event as RudderEvent, { signal }),
    explain: withLookAlikeHint,
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
      const { mapped } = planned;
      const notSent = 'notSent' in mapped && Array.isArray(mapped.notSent) ? mapped.notSent : [];
      return {
        ok: true,
        action: ACTION_OF[mapped.type],
        requests: planned.calls.length,
        retries: 0,
        warnings: mapped.warnings,
        notSent: notSent.filter((name): name is string => typeof name === 'string'),
      };
    },
    explain: withLookAlikeHint,
  };
}
