/**
 * `serve --workers N`: N processes answering on one port through node:cluster, so `serve` can use
 * every core of its machine (docs/rudder-contract.md, "Workers"). The primary only forks, waits
 * for every worker to listen, aggregates the metrics (src/rudder/cluster-metrics.ts), hands the
 * stop signals on and replaces a worker that dies; the workers run the same command line.
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { serveClusterMetrics } from '../rudder/cluster-metrics.js';

const MAX_WORKERS = 256;

/** `--workers`: a count, or `auto` for one per core the process may use. */
export function parseWorkers(value: string): number {
  if (value.trim() === 'auto') return availableParallelism();
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new InvalidArgumentError(`expected auto or an integer from 1 to ${MAX_WORKERS}.`);
  }
  return n;
}

/** This process is one of `serve --workers`' workers. */
export function isServeWorker(): boolean {
  return cluster.isWorker;
}

/** The worker answering, on each answer, so that a client can tell the workers apart. */
export function workerId(): string {
  return String(cluster.worker?.id ?? 0);
}

/**
 * In the primary: forks the workers, calls `ready` with the port once every one of them listens,
 * and exits when they have all stopped after SIGINT/SIGTERM (each closes its connections as a
 * single `serve` does, within `graceMs`). A worker that dies on its own after start is replaced;
 * one that fails to start (a port in use) stops them all with its exit code.
 */
export async function runPrimary(
  workers: number,
  graceMs: number,
  ready: (port: number) => Promise<void>,
): Promise<void> {
  serveClusterMetrics();
  let stopping = false;
  let started = false;
  const listening = new Set<number>();
  const alive = () =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of alive()) worker.process.kill(signal);
    setTimeout(() => {
      for (const worker of alive()) worker.process.kill('SIGKILL');
      process.exit(process.exitCode ?? 0);
    }, graceMs + 1_000).unref();
  };
  const port = await new Promise<number>((resolve) => {
    cluster.on('listening', (worker, address) => {
      listening.add(worker.id);
      if (!started && listening.size === workers) {
        started = true;
        resolve(address.port);
      }
    });
    cluster.on('exit', (worker, code, signal) => {
      listening.delete(worker.id);
      if (stopping || !started) {
        if (!stopping) {
          process.exitCode = code || 1;
          stopAll('SIGTERM');
        }
        if (alive().length === 0) process.exit(process.exitCode ?? 0);
        return;
      }
      process.stderr.write(
        `serve: worker ${worker.id} stopped (${signal ?? `exit code ${code}`}); starting another\n`,
      );
      cluster.fork();
    });
    for (let i = 0; i < workers; i++) cluster.fork();
  });
  await ready(port);
  process.once('SIGINT', () => stopAll('SIGINT'));
  process.once('SIGTERM', () => stopAll('SIGTERM'));
}
