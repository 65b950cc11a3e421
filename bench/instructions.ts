/**
 * The mappers and `processorTransform` of this build against another build's in machine
 * instructions per event, counted by valgrind's callgrind. Unlike CPU time on a shared machine,
 * the count does not move with the machine's load; it still moves between runs (about 5% on the
 * mappers, bench/README.md). Each count is the difference between a process handling 20,000 +
 * `events` events and one handling 20,000, so start-up, module loading and the JIT's warm-up cancel
 * out (with 1,000 of warm-up, optimising compilations fell inside the difference and moved it 10%).
 * `processorTransform` takes section 3's tracking batches; its rows can jump by a quarter when a
 * recompilation or a collection falls inside a 40,000-event window, so read them over 200,000
 * events (`-- OTHER/dist 200000`) before believing a change. Needs valgrind (Debian: `apt-get
 * install valgrind`); about 15 minutes on 2 cores.
 *
 *   npm run bench:instructions -- OTHER/dist [events]
 *
 * OTHER/dist is another checkout's `npm run build` output, as for bench/against.ts.
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { builtRudder } from './built.js';
import { change, writeTable } from './harness.js';
import { MAPPER_CASES, type Mappers } from './mappers.js';
import { trackingBatches } from './processor.js';

const SELF = fileURLToPath(import.meta.url);
const THIS_DIST = fileURLToPath(new URL('../dist', import.meta.url));
const WARM = 20_000;

const BATCHES = trackingBatches();
const CASES = [
  ...MAPPER_CASES.map(([name]) => name),
  ...Object.keys(BATCHES).map((type) => `processorTransform ${type}`),
];

/** In the child: `n` events of one case on one build. */
async function child([dist = '', name = '', n = '0']: string[]): Promise<void> {
  const load = async <T>(path: string) =>
    (await import(pathToFileURL(resolve(dist, 'src', path)).href)) as T;
  const run = MAPPER_CASES.find(([caseName]) => caseName === name)?.[1];
  const batch = BATCHES[name.replace('processorTransform ', '') as keyof typeof BATCHES];
  let sink: unknown;
  if (run !== undefined) {
    const mappers = await load<Mappers>('index.js');
    for (let i = 0; i < Number(n); i++) sink = run(mappers);
  } else if (batch !== undefined) {
    const { processorTransform } = await load<typeof builtRudder>('rudder/index.js');
    for (let i = 0; i < Number(n) / batch.length; i++) sink = await processorTransform(batch);
  } else {
    throw new Error(`no case ${name}`);
  }
  if (sink === undefined) process.exitCode = 1;
}

/** Instructions callgrind counts in a child handling `n` events. */
async function instructions(dist: string, name: string, n: number): Promise<number> {
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath];
  // One thread: callgrind serialises threads anyway, and V8's background compiler would add noise.
  args.push('--single-threaded', '--import', 'tsx', SELF, '--child', dist, name, String(n));
  const { stderr } = await promisify(execFile)('valgrind', args, { maxBuffer: 1 << 24 });
  const collected = /Collected : (\d+)/.exec(stderr)?.[1];
  if (collected === undefined) throw new Error(`callgrind printed no count:\n${stderr}`);
  return Number(collected);
}

async function perEvent(dist: string, name: string, events: number): Promise<number> {
  const [base, more] = await Promise.all([
    instructions(dist, name, WARM),
    instructions(dist, name, WARM + events),
  ]);
  return (more - base) / events;
}

async function compareBuilds(otherDist: string | undefined, eventsArg: string | undefined) {
  if (otherDist === undefined) {
    process.stderr.write('usage: npm run bench:instructions -- OTHER/dist [events]\n');
    process.exit(2);
  }
  const events = Number(eventsArg ?? 40_000);
  const rows = [['measure', 'other', 'this build', 'change']];
  const jobs = CASES.flatMap((name) => [
    { name, dist: resolve(otherDist) },
    { name, dist: THIS_DIST },
  ]);
  const counts = new Map<string, number>();
  // Each job starts two valgrind processes: half as many jobs at once as there are cores.
  const width = Math.max(1, Math.floor(availableParallelism() / 2));
  for (let i = 0; i < jobs.length; i += width) {
    await Promise.all(
      jobs.slice(i, i + width).map(async ({ name, dist }) => {
        counts.set(`${dist}\n${name}`, await perEvent(dist, name, events));
      }),
    );
  }
  for (const name of CASES) {
    const a = counts.get(`${resolve(otherDist)}\n${name}`) ?? Number.NaN;
    const b = counts.get(`${THIS_DIST}\n${name}`) ?? Number.NaN;
    const count = (x: number) => Math.round(x).toLocaleString('en');
    rows.push([name, count(a), count(b), change(a, b, 1)]);
  }
  writeTable(rows);
  process.stdout.write(
    `instructions per event, callgrind, ${events.toLocaleString('en')} events after ${WARM.toLocaleString('en')} (Node ${process.versions.node})\n`,
  );
}

const [first, ...rest] = process.argv.slice(2);
if (first === '--child') await child(rest);
else await compareBuilds(first, rest[0]);
