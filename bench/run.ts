/**
 * Runs every bench module and prints `name  median µs/op  ops/s`, then one line per target.
 * `npm run bench`; never part of `npm test` (timings depend on the machine).
 */
import { availableParallelism, loadavg } from 'node:os';
import type { BenchResult } from './harness.js';
import { benchMappers } from './mappers.js';
import { benchProcessor } from './processor.js';

interface Target {
  label: string;
  /** The results the target covers. */
  results: BenchResult[];
  maxMicros: number;
}

const mappers = benchMappers();
const processor = await benchProcessor();

const all: BenchResult[] = [...mappers, ...processor];
const targets: Target[] = [
  {
    label: 'mappers ≤ 2 µs per event',
    results: mappers.filter((r) => !r.name.startsWith('reference')),
    maxMicros: 2,
  },
  {
    label: 'processorTransform ≤ 10 µs per track/page/screen event',
    results: processor.filter((r) => !r.name.includes('identify')),
    maxMicros: 10,
  },
];

const width = Math.max(...all.map((r) => r.name.length), 4);
const head = ['median µs/op', 'ops/s', 'cpu µs/op'].map((h) => h.padStart(12)).join('  ');
console.log(`${'name'.padEnd(width)}  ${head}`);
for (const r of all) {
  const micros = (r.medianNs / 1000).toFixed(3);
  const ops = Math.round(r.opsPerSecond).toLocaleString('en-US');
  const cpu = r.medianCpuNs === undefined ? '-' : (r.medianCpuNs / 1000).toFixed(3);
  console.log(
    `${r.name.padEnd(width)}  ${[micros, ops, cpu].map((c) => c.padStart(12)).join('  ')}`,
  );
}
console.log('');
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${availableParallelism()} cores`,
);
for (const t of targets) {
  const worst = t.results.reduce((a, b) => (b.medianNs > a.medianNs ? b : a));
  const micros = worst.medianNs / 1000;
  const verdict = micros <= t.maxMicros ? 'met' : 'MISSED';
  console.log(`target ${t.label}: ${verdict} (slowest ${worst.name} at ${micros.toFixed(3)} µs)`);
}
