/**
 * `simulator`: a fake Kustomer over HTTP until killed, so the CLI, another service or a browser can
 * talk to it.
 */
import type { Command } from 'commander';
import { createKustomerSimulator } from '../../simulator/index.js';
import { INSPECTION_ENDPOINTS, INSPECTION_PREFIX } from '../../simulator/inspect.js';
import type { FaultRule, KustomerSimulator, SimulatorOptions } from '../../simulator/types.js';
import { onStopSignal, writeOut } from '../io.js';
import { integerIn, listenError, UsageError } from '../options.js';
import { formatCount, formatTable } from '../summary.js';

interface Flags {
  port: number;
  host: string;
  apiKey?: string;
  roles?: string;
  strict?: boolean;
  maxRequests?: number;
  rateLimit?: number;
  failEvery?: number;
  failStatus?: number;
  delayMs?: number;
  dropEvery?: number;
}

export function registerSimulator(program: Command): void {
  program
    .command('simulator')
    .summary('run a fake Kustomer API over HTTP')
    .description(
      'Run the Kustomer simulator as an HTTP server until killed. It answers the Kustomer API ' +
        'operations this package uses, checks every body as Kustomer does (or against the ' +
        "package's strict spec), and can rate-limit and inject faults. Point " +
        '`send --base-url URL --allow-insecure-base-url` at it.',
    )
    .option('--port <n>', 'port to listen on; 0 picks a free one', integerIn(0, 65_535), 0)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--api-key <key>', 'accept only this bearer key (default: any non-empty key)')
    .option(
      '--roles <list>',
      'comma-separated roles of the key, such as org.permission.customer.read,org.tracking; ' +
        'other operations answer 403 (default: every role)',
    )
    .option('--strict', "hold request bodies to this package's strict spec")
    .option(
      '--max-requests <n>',
      'how many recent requests /__simulator/requests keeps (default 10000)',
      integerIn(1, 10_000_000),
    )
    .option('--rate-limit <n>', 'requests per minute before 429s', integerIn(1, 1_000_000))
    .option(
      '--fail-every <n>',
      'answer every Nth request with --fail-status',
      integerIn(1, 1_000_000),
    )
    .option(
      '--fail-status <status>',
      'the status for --fail-every, such as 503',
      integerIn(400, 599),
    )
    .option('--delay-ms <n>', 'wait this long before answering each request', integerIn(0, 600_000))
    .option('--drop-every <n>', 'drop the connection of every Nth request', integerIn(1, 1_000_000))
    .addHelpText(
      'after',
      `
Prints its URL, then a line "ready" once it accepts requests. Its web console is at the URL's root
(/); it and the /__simulator/ endpoints refuse requests from other origins. SIGINT/SIGTERM stop it
after a short report of what it received.

Example:
  $ kustomer-destination simulator --port 4010 --fail-every 20 --fail-status 503`,
    )
    .action(async (flags: Flags) => {
      await runSimulator(flags);
    });
}

async function runSimulator(flags: Flags): Promise<void> {
  const options = simulatorOptionsFrom(flags);
  const simulator = createKustomerSimulator(options);
  const { url } = await simulator.listen(flags.port, flags.host).catch((error: unknown) => {
    throw listenError(error, flags.host, flags.port);
  });
  const rows: string[][] = [
    [
      'api key',
      flags.apiKey === undefined ? 'any non-empty bearer key' : 'the one given with --api-key',
    ],
    ['roles', options.roles === undefined ? 'every role' : options.roles.join(', ')],
    [
      'bodies',
      flags.strict ? "checked against this package's strict spec" : 'checked as Kustomer does',
    ],
    [
      'rate limit',
      flags.rateLimit === undefined ? 'none' : `${formatCount(flags.rateLimit)} requests/min`,
    ],
  ];
  if (flags.failEvery !== undefined) {
    rows.push(['faults', `HTTP ${flags.failStatus} on ${every(flags.failEvery)}`]);
  }
  if (flags.dropEvery !== undefined) {
    rows.push(['faults', `connection dropped on ${every(flags.dropEvery)}`]);
  }
  if (flags.delayMs) rows.push(['delay', `${flags.delayMs} ms per request`]);
  const inspection = INSPECTION_ENDPOINTS.map(([method, name, what]) => [
    `${method} ${url}${INSPECTION_PREFIX}${name}`,
    what,
  ]);
  // The hint repeats the key the simulator was started with: a test key, never a real one.
  const key = flags.apiKey ?? 'test';
  await writeOut(
    `Kustomer simulator listening on ${url}\n${formatTable(rows, { align: ['left', 'left'] })}\n` +
      `Console: ${url}/ (customers, events, requests and the request rate, live)\n` +
      `Inspect it:\n${formatTable(inspection, { align: ['left', 'left'] })}\n` +
      `Try: kustomer-destination send events.ndjson --base-url ${url} --allow-insecure-base-url --api-key ${key}\n` +
      'ready\n',
  );

  onStopSignal(async (signal) => {
    process.stderr.write(`\n${signal}: ${received(simulator)}\n`);
    await simulator.close();
    process.exit(0);
  });
}

/** Builds the simulator's options (faults included) from its flags. */
export function simulatorOptionsFrom(flags: Partial<Flags>): SimulatorOptions {
  const options: SimulatorOptions = {};
  if (flags.apiKey !== undefined) {
    if (flags.apiKey.trim() === '') throw new UsageError('--api-key must not be empty');
    options.apiKey = flags.apiKey;
  }
  if (flags.rateLimit !== undefined) options.rateLimitPerMinute = flags.rateLimit;
  if ((flags.failEvery === undefined) !== (flags.failStatus === undefined)) {
    throw new UsageError('--fail-every and --fail-status go together');
  }
  const faults: FaultRule[] = [];
  if (flags.failEvery !== undefined && flags.failStatus !== undefined) {
    faults.push({ status: flags.failStatus, everyNth: flags.failEvery });
  }
  if (flags.dropEvery !== undefined) faults.push({ drop: true, everyNth: flags.dropEvery });
  // The first rule that fires answers, so the delay (which fires on every request) goes last.
  if (flags.delayMs !== undefined && flags.delayMs > 0) faults.push({ delayMs: flags.delayMs });
  if (faults.length > 0) options.faults = faults;
  if (flags.roles !== undefined) options.roles = rolesFrom(flags.roles);
  if (flags.strict) options.strict = true;
  if (flags.maxRequests !== undefined) options.maxRecordedRequests = flags.maxRequests;
  return options;
}

/** `2,090 requests, 1 customer, 0 tracking events` */
function received({ requests, customers, events }: KustomerSimulator): string {
  const counts = [requests, customers, events].map((list) => list.length);
  const nouns = ['request', 'customer', 'tracking event'];
  return counts.map((n, i) => `${formatCount(n)} ${nouns[i]}${n === 1 ? '' : 's'}`).join(', ');
}

/** `a,b , c` → `['a', 'b', 'c']`; an empty list is a usage error. */
function rolesFrom(list: string): string[] {
  const roles = list
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
  if (roles.length === 0) throw new UsageError('--roles needs at least one role');
  return roles;
}

/** `every request`, `every 2nd request`, `every 97th request` */
function every(n: number): string {
  if (n === 1) return 'every request';
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `every ${n}${suffix} request`;
}
