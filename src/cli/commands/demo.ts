/**
 * `demo`: the whole path with nothing to set up. A simulated Kustomer runs in this process on
 * 127.0.0.1, the bundled sample events go through the real destination and HTTP client, and the
 * report shows what landed.
 */

import type { Command } from 'commander';
import { type OperationId, operations } from '../../../generated/operations.js';
import type { RudderEvent } from '../../adapter/events.js';
import type { DeliveryResult } from '../../delivery/types.js';
import { createKustomerDestination } from '../../destination.js';
import { createKustomerSimulator } from '../../simulator/index.js';
import type { KustomerSimulator, RecordedRequest } from '../../simulator/types.js';
import { type DemoEvent, demoEvents } from '../demo-events.js';
import { createProgress, finish, onStopSignal, writeOut } from '../io.js';
import { integerIn } from '../options.js';
import { formatCount, formatDuration, formatTable } from '../summary.js';
import { failureKind, isInvalid, sorted } from '../tally.js';

interface Flags {
  events: number;
  progress?: boolean;
  console?: boolean;
}

/** Any key works; the simulator is told to accept only this one, as Kustomer would. */
const DEMO_API_KEY = 'demo-key';
/** A few 503s, so the report shows retries doing their job. */
const DEMO_FAULT = { status: 503, everyNth: 60, times: 3 };
const MAX_WARNINGS = 6;

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .summary('send sample events to an in-process Kustomer simulator and show what landed')
    .description(
      'Start a simulated Kustomer in this process (127.0.0.1, a free port), deliver the sample ' +
        "events (the user guide's identify, page, screen and track calls, generated traffic for " +
        'several users, and a few invalid events), then report what Kustomer received. ' +
        'Needs no API key and no network.',
    )
    .option('--events <n>', 'how many generated events to add', integerIn(0, 100_000), 300)
    .option('--no-progress', 'never draw the progress bar')
    .option(
      '--console',
      "keep the simulator up after the report and print its web console's address; Ctrl-C stops it",
    )
    .addHelpText('after', '\nExample:\n  $ kustomer-destination demo --console')
    .action(async (flags: Flags) => {
      await finish(await runDemo(flags));
    });
}

async function runDemo(flags: Flags): Promise<number> {
  const simulator = createKustomerSimulator({
    apiKey: DEMO_API_KEY,
    faults: [DEMO_FAULT],
    strict: true,
  });
  const { url } = await simulator.listen(0, '127.0.0.1');
  try {
    const events = demoEvents(flags.events);
    const destination = createKustomerDestination({
      apiKey: DEMO_API_KEY,
      baseUrl: url,
      allowInsecureBaseUrl: true,
      retry: { baseDelayMs: 50 },
    });
    await writeOut(
      `Kustomer destination demo\n  ${formatCount(events.length)} sample events → simulated Kustomer at ${url} (in this process, no network)\n\n`,
    );
    const progress = createProgress(
      flags.progress === false ? { force: false } : { total: events.length },
    );
    const counts = { failed: 0, invalid: 0 };
    const started = performance.now();
    const results = await destination.sendBatch(
      // The sample set holds invalid events on purpose: the destination checks them at run time.
      events.map((e) => e.event as RudderEvent),
      {
        onProgress: ({ done, result }) => {
          if (!result.ok) counts[isInvalid(result.error) ? 'invalid' : 'failed'] += 1;
          progress.update(1, { events: done, ...counts });
        },
      },
    );
    const elapsedMs = performance.now() - started;
    progress.stop();
    const asExpected = events.every((e, i) => results[i]?.ok === (e.expect === 'delivered'));
    await writeOut(report(events, results, simulator, elapsedMs, asExpected));
    if (flags.console) {
      await writeOut(`\nConsole: ${url}/ (what the simulator received, live; Ctrl-C stops it)\n`);
      // The console stays open until the user is done with it.
      await new Promise<unknown>(onStopSignal);
    }
    return asExpected ? 0 : 1;
  } finally {
    await simulator.close();
  }
}

function report(
  events: readonly DemoEvent[],
  results: readonly DeliveryResult[],
  { customers, companies, events: received, requests }: KustomerSimulator,
  elapsedMs: number,
  asExpected: boolean,
): string {
  const delivered = results.filter((r) => r.ok).length;
  const rejected = results.length - delivered;
  const retries = results.reduce((n, r) => n + r.retries, 0);
  const updates = customers.reduce((n, c) => n + c.updates, 0);
  const counted = (counts: [string, number][]) => counts.map(([key, n]) => [key, formatCount(n)]);
  // Companies by name: creation order follows which user's group landed first.
  const byName = companies
    .map((c) => [String(c.attributes.name), c.id] as const)
    .sort((a, b) => a[0].localeCompare(b[0]));
  const members = (id: string) => customers.filter((p) => p.attributes.company === id).length;
  const sections = [
    `Delivered ${formatCount(delivered)} of ${formatCount(results.length)} events in ${formatDuration(elapsedMs)}` +
      (rejected > 0
        ? `; ${formatCount(rejected)} rejected${asExpected ? ', as intended' : ''}`
        : ''),
    section('Customers in Kustomer', [
      ['created', formatCount(customers.length)],
      [
        'updated',
        formatCount(customers.filter((c) => c.updates > 0).length),
        `(${formatCount(updates)} updates in all)`,
      ],
    ]),
    section('Companies in Kustomer, with their customers', [
      ...byName.map(([name, id]) => [name, formatCount(members(id))]),
      ['total', formatCount(companies.length)],
    ]),
    section('Tracking events by name', [
      ...counted(countBy(received, (e) => e.name)),
      ['total', formatCount(received.length)],
    ]),
  ];
  const failures = events.flatMap((e, i) => {
    const result = results[i];
    return result && !result.ok
      ? [[e.label, `${failureKind(result.error)}: ${result.error.message}`]]
      : [];
  });
  if (failures.length > 0) sections.push(section('Rejected events', failures, ['left', 'left']));
  const warnings = countBy(
    results.flatMap((r) => r.warnings),
    String,
  );
  if (warnings.length > 0) {
    const shown = warnings.slice(0, MAX_WARNINGS).map(([warning, n]) => [formatCount(n), warning]);
    const more = warnings.length - shown.length;
    if (more > 0) shown.push(['', `… and ${formatCount(more)} more kinds`]);
    const title = 'Warnings (corrected or dropped so that Kustomer accepts the event)';
    sections.push(section(title, shown, ['right', 'left']));
  }
  const statuses = countBy(
    requests.filter((r) => r.status >= 400),
    (r) => (r.status === 404 ? 'lookups that found nobody (404)' : `× HTTP ${r.status}`),
  ).map(([status, n]) => `${formatCount(n)} ${status}`);
  const retried = retries > 0 ? `${formatCount(retries)} retried` : '';
  sections.push(
    section('Requests made', [
      ...counted(countBy(requests, operationOf)),
      [
        'total',
        formatCount(requests.length),
        [statuses.join(', '), retried].filter(Boolean).join('; '),
      ],
    ]),
    `Elapsed ${formatDuration(elapsedMs)}`,
  );
  return `${sections.join('\n\n')}\n`;
}

function section(title: string, rows: string[][], align?: readonly ('left' | 'right')[]): string {
  return `${title}\n${formatTable(rows, align ? { align } : {})}`;
}

/** Counts items per key, most frequent first, then by key. */
function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return sorted(counts);
}

/** `POST /v1/customers/{id}`: a request by its spec path template, for the requests table. */
function operationOf({ operationId, method, path }: RecordedRequest): string {
  const known = operationId !== undefined && Object.hasOwn(operations, operationId);
  return `${method.padEnd(4)} ${known ? operations[operationId as OperationId].path : path.split('?')[0]}`;
}
