/**
 * `npm run bench` (full, under 10 minutes) or `npm run bench:quick` (`--quick`, under 2 minutes):
 * runs every section, prints one table with each figure next to its target, and writes
 * bench/results.json. Never part of `npm test`: timings depend on the machine. Sections 4 and 5
 * run the built CLI, so `npm run build` first (the npm scripts do).
 */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchBudget } from './budget.js';
import { benchBulkInChild, reportBulk } from './bulk.js';
import { benchLookupParts } from './lookup-parts.js';
import { benchMappers } from './mappers.js';
import { assertBuilt } from './processes.js';
import { benchProcessor } from './processor.js';
import { benchReplicas, reportReplicas } from './replicas.js';
import { Report } from './report.js';
import { benchRequestsPerEvent } from './requests-per-event.js';
import { benchSend, HEAP_CAP } from './send.js';
import { benchServe, reportServe, reportServeWorkers } from './serve.js';
import { benchServeRequests, reportServeRequests } from './serve-requests.js';
import { benchVersusRudder, reportVersus, rudderTransformerDir } from './versus-rudder.js';

const quick = process.argv.includes('--quick');
const plan = quick
  ? {
      stream: { events: 10_000, users: 500 },
      runs: 5,
      send: { dryRun: [20_000, 100_000], real: [2_000, 5_000] },
      serveSeconds: 5,
      bulkUsers: 100_000,
    }
  : {
      stream: { events: 100_000, users: 5_000 },
      runs: 15,
      send: { dryRun: [100_000, 1_000_000], real: [10_000, 100_000] },
      serveSeconds: 30,
      bulkUsers: 1_000_000,
    };

// `--send-real 100000,1000000` picks the sizes of the real `send` runs (a million takes 10+ minutes).
const realSizes = process.argv[process.argv.indexOf('--send-real') + 1];
if (process.argv.includes('--send-real')) {
  const sizes = (realSizes ?? '').split(',').map(Number);
  if (sizes.length === 0 || !sizes.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error('--send-real needs event counts separated by commas, such as 10000,100000');
  }
  plan.send.real = sizes;
}

assertBuilt();
const report = new Report();
const raw: Record<string, unknown> = {};
const timings: Record<string, number> = {};
const loads: number[] = [];
const started = performance.now();

async function section<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  process.stderr.write(`bench: ${name}…\n`);
  const result = await run();
  timings[name] = (performance.now() - start) / 1000;
  loads.push(loadavg()[0] ?? 0);
  raw[name] = result;
  return result;
}

// The CPU sections first, on a fresh heap: after sections 1 and 2, whose results this process keeps,
// the same mappers took about half as much CPU again in a trial (process CPU time counts the
// collector's threads too). mapIdentify is timed there as well, below.
const mappers = await section('mappers', () => benchMappers({ runs: plan.runs }));
// CPU time, not wall time: on a shared machine it is what this process itself spent.
const cpuMicros = (r: { medianNs: number; medianCpuNs?: number }) =>
  (r.medianCpuNs ?? r.medianNs) / 1000;
for (const m of mappers) {
  if (m.name.startsWith('map')) {
    report.check('3', `${m.name}, per event`, cpuMicros(m), 'µs CPU', { max: 10 });
  } else report.info('3', `${m.name}, per event`, cpuMicros(m), 'µs CPU');
}
const processor = await section('processor', () => benchProcessor({ runs: plan.runs }));
for (const p of processor.perType) {
  if (p.lookupsPerEvent === 0 && !p.name.includes('identify')) {
    report.check('3', `${p.name}, per event`, cpuMicros(p), 'µs CPU', { max: 15 });
  } else report.info('3', `${p.name}, per event`, cpuMicros(p), 'µs CPU');
}
report.check(
  '3',
  'CPU per lookup request (in-process stub fetch)',
  processor.cpuMicrosPerLookup,
  'µs CPU',
  { max: 40 },
);
const parts = await section('lookup parts', () => benchLookupParts({ runs: plan.runs }));
for (const p of parts) report.info('3', p.name, cpuMicros(p), 'µs CPU');

const rpe = await section('requests per event', () => benchRequestsPerEvent(plan.stream));
const stream = `${rpe.events.toLocaleString('en-US')} events, ${rpe.users.toLocaleString('en-US')} users`;
report.check('1', `requests/event, this package (${stream})`, rpe.ours.perEvent, '', {
  max: 1.05,
});
report.info(
  '1',
  "requests/event, RudderStack's approach, same stream",
  rpe.rudderstack.perEvent,
  '',
);
report.info('1', 'stream: identifies, share of events', (rpe.identifies / rpe.events) * 100, '%');
report.info(
  '1',
  'stream: identifies of email-only users, share of identifies',
  (rpe.emailOnlyIdentifies / rpe.identifies) * 100,
  '%',
);
report.info('1', 'lookups/event, this package', rpe.ours.lookups / rpe.events, '');
report.info('1', "lookups/event, RudderStack's approach", rpe.rudderstack.lookups / rpe.events, '');
report.check('1', 'events failed, this package', rpe.ours.failed, '', { max: 0 });

const serveRpe = await section('serve requests per event', () => benchServeRequests(plan.stream));
reportServeRequests(report, serveRpe);

const budget = await section('budget', () => benchBudget(3_000, 600));
report.check('2', 'budget used, cold start, 600/min, 3,000 events', budget.budgetUsed * 100, '%', {
  min: 95,
});
report.check('2', '429s as a share of requests', budget.tooManyShare * 100, '%', { max: 1 });
report.check('2', 'events lost', budget.lost, '', { max: 0 });
report.info('2', 'virtual time to deliver them', budget.virtualSeconds / 60, 'min');
report.info('2', 'real time those virtual minutes took', budget.realSeconds, 's');

// The mappers again, now that the heap holds sections 1 and 2.
const later = await section('mappers, later', () => benchMappers({ runs: plan.runs }));
for (const m of later.filter((r) => r.name === 'mapIdentify')) {
  report.check('3', `${m.name}, per event, after sections 1–2`, cpuMicros(m), 'µs CPU', {
    max: 10,
  });
}

// A backfill through the bulk API, in virtual time (bench/README.md).
const bulk = await section('bulk backfill', () => benchBulkInChild(plan.bulkUsers));
reportBulk(report, bulk);

const send = await section('send', () => benchSend(plan.send));
for (const dryRun of [false, true]) {
  const name = dryRun ? 'send --dry-run' : 'send';
  const runs = send.filter((s) => s.dryRun === dryRun && !s.capped);
  for (const s of runs) {
    const size = s.events.toLocaleString('en-US');
    if (!dryRun) {
      report.info('4', `${name} ${size} events, loopback simulator`, s.eventsPerSecond, 'events/s');
    }
    report.check('4', `${name} ${size} events, peak RSS`, s.peakRssMb, 'MB', { max: 150 });
    report.check('4', `${name} ${size} events, exit code`, s.exitCode ?? -1, '', { max: 0 });
  }
  const [small, large] = runs;
  if (small && large) {
    const growth = ((large.peakRssMb - small.peakRssMb) / small.peakRssMb) * 100;
    const times = `${large.events / small.events}× the events`;
    report.check('4', `${name} peak RSS growth, ${times}`, growth, '%', { max: 10 });
  }
  for (const s of send.filter((s) => s.dryRun === dryRun && s.capped)) {
    const size = s.events.toLocaleString('en-US');
    report.info('4', `${name} ${size} events, peak RSS with ${HEAP_CAP}`, s.peakRssMb, 'MB');
    report.check('4', `${name} ${size} events with ${HEAP_CAP}, exit code`, s.exitCode ?? -1, '', {
      max: 0,
    });
  }
}

// Three real `send` processes sharing one 120/min budget take two whole minutes and more: full runs only.
if (!quick) reportReplicas(report, await section('replicas', () => benchReplicas()));

const serve = await section('serve', () => benchServe(200, plan.serveSeconds));
reportServe(report, serve);
const workers = await section('serve, 2 workers', () => benchServe(200, plan.serveSeconds, 2));
reportServeWorkers(report, serve, workers);

// Section 6 needs RudderStack's transformer built beside the project (bench/versus-rudder.ts).
const rudderDir = rudderTransformerDir();
if (rudderDir === undefined) {
  process.stderr.write(
    'bench: no built rudder-transformer beside the project; section 6 skipped\n',
  );
} else {
  const versus = await section('versus rudder-transformer', () =>
    benchVersusRudder({ dir: rudderDir, seconds: quick ? 3 : 10, clients: [8, 64] }),
  );
  reportVersus(report, versus);
}

const machine = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  loadAverageDuringSections: loads.map((l) => Number(l.toFixed(2))),
};
console.log('');
report.print();
const seconds = (performance.now() - started) / 1000;
console.log(
  `\n${quick ? 'quick' : 'full'} run, ${seconds.toFixed(0)} s on ${machine.cores} cores (${machine.cpu}); ` +
    `1-minute load average after each section: ${machine.loadAverageDuringSections.join(', ')}`,
);
const out = fileURLToPath(new URL('./results.json', import.meta.url));
report.write(out, {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  seconds,
  machine,
  sectionSeconds: timings,
  results: raw,
});
console.log(`results written to ${out}`);
