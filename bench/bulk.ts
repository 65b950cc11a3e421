/**
 * A backfill in virtual time: `sendBatch(events, { bulk: true })` against the simulator at 1,000
 * requests a minute with bulk jobs taking 2 s, both on one virtual clock (virtual-time.ts), so an
 * hour of rate windows takes a minute or two of real time. The simulator core answers in-process
 * (no msw, no sockets) and its store is read directly: a million customers are never copied.
 *
 * Scenarios: every user new; the same with 1% invalid records (most refused by the mappers before
 * any request, a few only by Kustomer, which rejects their whole batch); half the users existing.
 */

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BulkStats } from '../src/delivery/types.js';
import type { RudderEvent } from '../src/index.js';
import { createKustomerDestination } from '../src/index.js';
import { createSimulatorCore } from '../src/simulator/core.js';
import { answerRequest } from '../src/simulator/msw.js';
import { runInVirtualTime, VirtualClock } from './virtual-time.js';

const START = Date.UTC(2026, 0, 1, 0, 0, 0);
const LIMIT = 1_000;

interface BulkScenario {
  users: number;
  /** Records the mappers refuse (no userId, no anonymousId). */
  refusedByMappers?: number;
  /** Records only Kustomer refuses (a custom attribute the org never defined). */
  refusedByKustomer?: number;
  /** Users Kustomer already has, by externalId. */
  existing?: number;
}

export interface BulkRun {
  users: number;
  requests: number;
  byKind: Record<string, number>;
  polls: number;
  pollShare: number;
  virtualMinutes: number;
  realSeconds: number;
  delivered: number;
  /** Valid records with no success: should be 0. */
  lost: number;
  /** Invalid records reported failed, of those planted. */
  reported: number;
  planted: number;
  customers: number;
  duplicateCustomers: number;
  tooMany: number;
  stats: BulkStats | undefined;
}

async function benchBulk(scenario: BulkScenario): Promise<BulkRun> {
  const clock = new VirtualClock(START);
  const core = createSimulatorCore({
    rateLimitPerMinute: LIMIT,
    customAttributes: ['planStr'],
    clock,
  });
  const existing = scenario.existing ?? 0;
  for (let user = 0; user < existing; user++) {
    core.store.customers.insert({ externalId: userIdOf(user), name: `Old ${user}` });
  }
  let inFlight = 0;
  let requests = 0;
  let tooMany = 0;
  const byKind: Record<string, number> = {};
  const fetch = async (request: Request): Promise<Response> => {
    inFlight++;
    requests++;
    const kind = `${request.method} ${new URL(request.url).pathname.replace(/\/[0-9a-f]{24}/g, '/{id}')}`;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    try {
      const answer = await answerRequest(core, request);
      if (answer.status === 429) tooMany++;
      return answer;
    } finally {
      inFlight--;
    }
  };
  const destination = createKustomerDestination({
    apiKey: 'bench-key',
    baseUrl: 'https://api.kustomerapp.com',
    fetch,
    clock,
    customAttributes: { plan: 'planStr', legacyCode: 'legacyCodeStr' },
  });

  const { events, invalid } = backfillEvents(scenario);
  let stats: BulkStats | undefined;
  const started = performance.now();
  const results = await runInVirtualTime(
    clock,
    () => inFlight,
    destination.sendBatch(events, {
      bulk: true,
      onBulkProgress: (progress) => {
        if (progress.stats) stats = progress.stats;
      },
    }),
  );
  const realSeconds = (performance.now() - started) / 1000;

  const customers = core.store.customers.all();
  const externalIds = new Set(customers.map((c) => c.attributes.externalId));
  const delivered = results.filter((r) => r.ok).length;
  const reported = [...invalid].filter((i) => results[i]?.ok === false).length;
  const polls = stats?.polls ?? 0;
  return {
    users: scenario.users,
    requests,
    byKind,
    polls,
    pollShare: polls / Math.max(1, requests),
    virtualMinutes: (clock.now() - START) / 60_000,
    realSeconds,
    delivered,
    lost: results.length - invalid.size - delivered,
    reported,
    planted: invalid.size,
    customers: customers.length,
    duplicateCustomers: customers.length - externalIds.size,
    tooMany,
    stats,
  };
}

const userIdOf = (user: number): string => `user-${String(user).padStart(7, '0')}`;

/**
 * One identify per user, with name, email and a plan; the invalid records spread evenly through
 * the input (every nth), so most batches meet one when there are many.
 */
function backfillEvents(scenario: BulkScenario): { events: RudderEvent[]; invalid: Set<number> } {
  const { users } = scenario;
  const refusedByMappers = scenario.refusedByMappers ?? 0;
  const refusedByKustomer = scenario.refusedByKustomer ?? 0;
  const invalid = new Set<number>();
  const every = (count: number, offset: number) =>
    count === 0
      ? new Set<number>()
      : new Set(
          Array.from({ length: count }, (_, i) => Math.floor((i + 0.5) * (users / count)) + offset),
        );
  const noIds = every(refusedByMappers, 0);
  const undefinedAttribute = every(refusedByKustomer, 1);
  const events: RudderEvent[] = new Array(users);
  for (let user = 0; user < users; user++) {
    const traits: Record<string, unknown> = {
      name: `User ${user}`,
      email: `user${user}@example.com`,
      plan: user % 3 === 0 ? 'pro' : 'free',
    };
    if (undefinedAttribute.has(user) && !noIds.has(user)) {
      traits.legacyCode = `L${user}`;
      invalid.add(user);
    }
    if (noIds.has(user)) {
      events[user] = { type: 'identify', traits } as RudderEvent;
      invalid.add(user);
    } else events[user] = { type: 'identify', userId: userIdOf(user), traits } as RudderEvent;
  }
  return { events, invalid };
}

/** One of the three scenarios by name. */
export function benchBulkScenario(name: string, users: number): Promise<BulkRun> {
  const byKustomer = Math.max(1, Math.round(users * 0.00005));
  switch (name) {
    case 'new':
      return benchBulk({ users });
    case 'invalid':
      // 1% invalid: all but 0.005% refused by the mappers, 0.005% only by Kustomer.
      return benchBulk({
        users,
        refusedByMappers: Math.round(users * 0.01) - byKustomer,
        refusedByKustomer: byKustomer,
      });
    case 'halfExisting':
      return benchBulk({ users, existing: Math.floor(users / 2) });
    default:
      throw new Error(`no bulk scenario ${name}: new, invalid or halfExisting`);
  }
}

/** The three scenarios of bench/README.md, with `users` records each (1,000,000 in a full run). */
export async function benchBulkScenarios(
  users: number,
  onRun?: (name: string, run: BulkRun) => void,
): Promise<Record<string, BulkRun>> {
  const runs: Record<string, BulkRun> = {};
  for (const name of ['new', 'invalid', 'halfExisting']) {
    const run = await benchBulkScenario(name, users);
    runs[name] = run;
    onRun?.(name, run);
  }
  return runs;
}

/** Adds the backfill rows to the report. */
export function reportBulk(
  report: {
    check(s: string, m: string, v: number, u: string, t: { min?: number; max?: number }): void;
    info(s: string, m: string, v: number, u: string): void;
  },
  runs: Record<string, BulkRun>,
): void {
  const size = (run: BulkRun) => run.users.toLocaleString('en-US');
  const fresh = runs.new;
  if (fresh) {
    const what = `bulk, ${size(fresh)} new users`;
    report.check('6', `${what}: requests, reads and polls included`, fresh.requests, '', {
      max: 10_500,
    });
    report.check(
      '6',
      `${what}: virtual minutes at 1,000 requests/min`,
      fresh.virtualMinutes,
      'min',
      {
        max: 20,
      },
    );
    report.check('6', `${what}: lost`, fresh.lost, '', { max: 0 });
    report.check('6', `${what}: duplicate customers`, fresh.duplicateCustomers, '', { max: 0 });
    report.check('6', `${what}: polls, share of requests`, fresh.pollShare * 100, '%', { max: 5 });
    report.info('6', `${what}: bulk requests`, fresh.stats?.submits ?? 0, '');
    report.info('6', `${what}: job reads`, fresh.stats?.reads ?? 0, '');
    report.info('6', `${what}: real seconds`, fresh.realSeconds, 's');
  }
  const invalid = runs.invalid;
  if (invalid && fresh) {
    const what = `bulk, ${size(invalid)} users, 1% invalid`;
    report.check(
      '6',
      `${what}: extra requests over all-valid`,
      invalid.requests - fresh.requests,
      '',
      {
        max: 2_000,
      },
    );
    report.check(
      '6',
      `${what}: invalid records not reported`,
      invalid.planted - invalid.reported,
      '',
      {
        max: 0,
      },
    );
    report.check('6', `${what}: lost`, invalid.lost, '', { max: 0 });
    report.info('6', `${what}: batches split`, invalid.stats?.splits ?? 0, '');
  }
  const half = runs.halfExisting;
  if (half) {
    const what = `bulk, ${size(half)} users, half existing`;
    report.info('6', `${what}: requests`, half.requests, '');
    report.info('6', `${what}: virtual minutes`, half.virtualMinutes, 'min');
    report.check('6', `${what}: lost`, half.lost, '', { max: 0 });
    report.check('6', `${what}: duplicate customers`, half.duplicateCustomers, '', { max: 0 });
    report.check('6', `${what}: polls, share of requests`, half.pollShare * 100, '%', { max: 5 });
  }
}

/**
 * The scenarios in a child process with a 12 GB heap: a million users' events, records and
 * simulated customers outgrow Node's default heap of about 4 GB.
 */
export async function benchBulkInChild(users: number): Promise<Record<string, BulkRun>> {
  const script = fileURLToPath(new URL('./bulk-only.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--max-old-space-size=12288', '--import', 'tsx', script, String(users), '--json'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Record<string, BulkRun>;
}
