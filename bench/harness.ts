/**
 * A tiny timing harness: warm up, then time `runs` batches of `iterations` calls with
 * `performance.now()` and `process.cpuUsage()`, and report the medians per call (or per event,
 * for calls that handle several). No dependency; never part of `npm test`.
 */
import { performance } from 'node:perf_hooks';
import process from 'node:process';

export interface BenchCase {
  name: string;
  fn: () => unknown;
  /** Calls per timed batch. Default 10,000 (`bench`) or 2,000 (`benchAsync`). */
  iterations?: number;
  /** Events one call handles, so that figures are per event. Default 1. */
  eventsPerCall?: number;
}

export interface BenchResult {
  name: string;
  /** Median wall-clock nanoseconds per event over the batches. */
  medianNs: number;
  /**
   * Median CPU nanoseconds per event (user + system time of this process): less sensitive than
   * wall time to other processes competing for the same cores.
   */
  medianCpuNs?: number;
  opsPerSecond: number;
  runs: number;
  /** Events per timed batch. */
  iterations: number;
}

export interface BenchOptions {
  warmupMs?: number;
  runs?: number;
}

/** Results are kept here so the engine cannot drop the calls as dead code. */
// biome-ignore lint/correctness/noUnusedVariables: written, never read: being written is its job.
let sink: unknown;

/** Starts timing one batch; the returned function stops it, given the events the batch handled. */
function startBatch(): (events: number) => { wallNs: number; cpuNs: number } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  return (events) => {
    const wallNs = ((performance.now() - start) * 1e6) / events;
    const used = process.cpuUsage(cpuStart);
    return { wallNs, cpuNs: ((used.user + used.system) * 1e3) / events };
  };
}

function summarise(
  c: BenchCase,
  runs: number,
  events: number,
  batches: Array<{ wallNs: number; cpuNs: number }>,
): BenchResult {
  const medianNs = median(batches.map((b) => b.wallNs));
  const medianCpuNs = median(batches.map((b) => b.cpuNs));
  return {
    name: c.name,
    medianNs,
    medianCpuNs,
    opsPerSecond: 1e9 / medianNs,
    runs,
    iterations: events,
  };
}

export function bench(c: BenchCase, options: BenchOptions = {}): BenchResult {
  const iterations = c.iterations ?? 10_000;
  const runs = options.runs ?? 15;
  const warmupEnd = performance.now() + (options.warmupMs ?? 300);
  while (performance.now() < warmupEnd) {
    for (let i = 0; i < 1_000; i++) sink = c.fn();
  }
  const events = iterations * (c.eventsPerCall ?? 1);
  const batches = [];
  for (let r = 0; r < runs; r++) {
    const stop = startBatch();
    for (let i = 0; i < iterations; i++) sink = c.fn();
    batches.push(stop(events));
  }
  return summarise(c, runs, events, batches);
}

/** `bench` for an async call: each call is awaited before the next starts. */
export async function benchAsync(c: BenchCase, options: BenchOptions = {}): Promise<BenchResult> {
  const iterations = c.iterations ?? 2_000;
  const runs = options.runs ?? 15;
  const warmupEnd = performance.now() + (options.warmupMs ?? 300);
  while (performance.now() < warmupEnd) sink = await c.fn();
  const events = iterations * (c.eventsPerCall ?? 1);
  const batches = [];
  for (let r = 0; r < runs; r++) {
    const stop = startBatch();
    for (let i = 0; i < iterations; i++) sink = await c.fn();
    batches.push(stop(events));
  }
  return summarise(c, runs, events, batches);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** `b` against `a` as a signed percentage, such as `+7%` or `−3.5%`. */
export function change(a: number, b: number, digits = 0): string {
  return `${b >= a ? '+' : '−'}${Math.abs((b / a - 1) * 100).toFixed(digits)}%`;
}

type Cells = readonly string[];

/** The width of each column: its longest cell. */
export function columnWidths(rows: readonly Cells[]): number[] {
  return rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
}

/** One row of an aligned table, columns two spaces apart, right-aligned where `right(column)`. */
export function alignedLine(row: Cells, widths: number[], right: (column: number) => boolean) {
  const cells = row.map((cell, i) => cell[right(i) ? 'padStart' : 'padEnd'](widths[i] ?? 0));
  return cells.join('  ').trimEnd();
}

/** Writes rows as aligned columns: the first left-aligned, the others right-aligned. */
export function writeTable(rows: readonly Cells[]): void {
  const widths = columnWidths(rows);
  for (const row of rows) process.stdout.write(`${alignedLine(row, widths, (i) => i > 0)}\n`);
}
