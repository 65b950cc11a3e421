/**
 * A tiny timing harness: warm up, then time `runs` batches of `iterations` calls with
 * `performance.now()` and report the median per call. No dependency; never part of `npm test`.
 */
import { performance } from 'node:perf_hooks';
import process from 'node:process';

export interface BenchCase {
  name: string;
  fn: () => unknown;
  /** Calls per timed batch. Default 10,000. */
  iterations?: number;
}

export interface BenchResult {
  name: string;
  /** Median wall-clock nanoseconds per call over the batches. */
  medianNs: number;
  /**
   * Median CPU nanoseconds per call (user + system time of this process): less sensitive than wall
   * time to other processes competing for the same cores.
   */
  medianCpuNs?: number;
  opsPerSecond: number;
  runs: number;
  iterations: number;
}

export interface BenchOptions {
  warmupMs?: number;
  runs?: number;
}

/** Results are kept here so the engine cannot drop the calls as dead code. */
let sink: unknown;

export function bench(c: BenchCase, options: BenchOptions = {}): BenchResult {
  const iterations = c.iterations ?? 10_000;
  const runs = options.runs ?? 15;
  const warmupEnd = performance.now() + (options.warmupMs ?? 300);
  while (performance.now() < warmupEnd) {
    for (let i = 0; i < 1_000; i++) sink = c.fn();
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < iterations; i++) sink = c.fn();
    wall.push(((performance.now() - start) * 1e6) / iterations);
    const used = process.cpuUsage(cpuStart);
    cpu.push(((used.user + used.system) * 1e3) / iterations);
  }
  const medianNs = median(wall);
  return {
    name: c.name,
    medianNs,
    medianCpuNs: median(cpu),
    opsPerSecond: 1e9 / medianNs,
    runs,
    iterations,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Keeps the last result observable (and the sink alive). */
export function lastSink(): unknown {
  return sink;
}

/** `bench` for an async call: each call is awaited before the next starts. */
export async function benchAsync(c: BenchCase, options: BenchOptions = {}): Promise<BenchResult> {
  const iterations = c.iterations ?? 2_000;
  const runs = options.runs ?? 15;
  const warmupEnd = performance.now() + (options.warmupMs ?? 300);
  while (performance.now() < warmupEnd) {
    for (let i = 0; i < 100; i++) sink = await c.fn();
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < iterations; i++) sink = await c.fn();
    wall.push(((performance.now() - start) * 1e6) / iterations);
    const used = process.cpuUsage(cpuStart);
    cpu.push(((used.user + used.system) * 1e3) / iterations);
  }
  const medianNs = median(wall);
  return {
    name: c.name,
    medianNs,
    medianCpuNs: median(cpu),
    opsPerSecond: 1e9 / medianNs,
    runs,
    iterations,
  };
}
