/**
 * The mappers and `processorTransform` of this build against another build's, in one process:
 * batches of each alternate (the order swapped every round), so a load that comes and goes on a
 * shared machine weighs on both alike. Separate processes run one after the other read 40–70%
 * apart on the same code (bench/README.md, 2026-12-03). CPU µs per call (per event for
 * `processorTransform`), medians over the rounds.
 *
 *   npm run bench:against -- OTHER/dist [rounds]
 *
 * OTHER/dist is another checkout's `npm run build` output, such as an earlier commit's
 * (`git worktree add ../old <commit> && cd ../old && npm ci && npm run build`).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { built, builtRudder } from './built.js';
import { change, median, writeTable } from './harness.js';
import { MAPPER_CASES, type Mappers } from './mappers.js';
import { trackingBatches } from './processor.js';

const [otherDist, roundsArg] = process.argv.slice(2);
if (otherDist === undefined) {
  process.stderr.write('usage: npm run bench:against -- OTHER/dist [rounds]\n');
  process.exit(2);
}
const load = async <T>(path: string) =>
  (await import(pathToFileURL(resolve(otherDist, 'src', path)).href)) as T;
const other = await load<Mappers>('index.js');
const otherRudder = await load<Pick<typeof builtRudder, 'processorTransform'>>('rudder/index.js');
const rounds = Number(roundsArg ?? 41);

// biome-ignore lint/correctness/noUnusedVariables: written, never read: being written is its job.
let sink: unknown;

/** CPU µs per event of `calls` awaited calls of `run`, each handling `events` events. */
async function cpuMicros(run: () => unknown, calls: number, events: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) sink = await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (calls * events);
}

const rows = [['measure', 'other', 'this build', 'change']];

/** One row: both builds warmed, then timed in alternating order, medians of the rounds. */
async function compare(
  name: string,
  [theirs, ours]: readonly [() => unknown, () => unknown],
  calls: number,
  events = 1,
): Promise<void> {
  await cpuMicros(theirs, calls * 4, events);
  await cpuMicros(ours, calls * 4, events);
  const times: [number[], number[]] = [[], []];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      times[k as 0 | 1].push(await cpuMicros(k === 0 ? theirs : ours, calls, events));
    }
  }
  const [a, b] = [median(times[0]), median(times[1])];
  rows.push([name, a.toFixed(2), b.toFixed(2), change(a, b)]);
}

for (const [name, run] of MAPPER_CASES) {
  await compare(name, [() => run(other), () => run(built)], 5_000);
}
for (const [type, inputs] of Object.entries(trackingBatches())) {
  const theirs = () => otherRudder.processorTransform(inputs);
  const ours = () => builtRudder.processorTransform(inputs);
  // 200 calls of 100 events a sample: with 20, the page row read −39% to +57% in four runs (bench/README.md).
  await compare(`processorTransform ${type}`, [theirs, ours], 200, inputs.length);
}

writeTable(rows);
process.stdout.write(
  `CPU µs per call (per event for processorTransform), medians of ${rounds} alternating rounds (Node ${process.versions.node})\n`,
);
