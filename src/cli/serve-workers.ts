/**
 * `serve --workers N`: N processes answering on one port through node:cluster, so `serve` can use
 * every core of its machine (docs/rudder-contract.md, "Workers"). The primary only forks, waits
 * for every worker to listen, aggregates the metrics (src/rudder/cluster-metrics.ts), hands the
 * stop signals on and replaces a worker that dies; the workers run the same command line.
 */
import cluster, { type Worker } from 'node:cluster';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { serveClusterMetrics } from '../rudder/cluster-metrics.js';
import type { CustomerMemory } from '../rudder/index.js';
import { onStopSignal } from './io.js';
import { integerIn } from './options.js';

const MAX_WORKERS = 256;

/** `--workers`: a count, or `auto` for one per core the process may use. */
export function parseWorkers(value: string): number {
  if (value.trim() === 'auto') return availableParallelism();
  try {
    return integerIn(1, MAX_WORKERS)(value);
  } catch {
    throw new InvalidArgumentError(`expected auto or an integer from 1 to ${MAX_WORKERS}.`);
  }
}

function aliveWorkers(): Worker[] {
  return Object.values(cluster.workers ?? {}).filter(
    (w): w is Worker => w !== undefined && !w.isDead(),
  );
}

/** This process is one of `serve --workers`' workers. */
export function isServeWorker(): boolean {
  return cluster.isWorker;
}

const FORGET = 'kustomer-destination:forget-customers';

/**
 * In a worker: the handler as the worker serves it. Each answer names the worker
 * (`X-Serve-Worker`), and a `POST /deleteUsers` here makes every other worker forget its remembered
 * customers, as it arrives and once it is answered, as one process forgets them before and after
 * deleting (docs/rudder-contract.md §11, §13): otherwise another worker could update a deleted
 * customer from its memory. All of them: which API key a call deletes for is in its body.
 */
export function asWorker(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  memory: CustomerMemory,
): (req: IncomingMessage, res: ServerResponse) => void {
  const id = String(cluster.worker?.id ?? 0);
  process.on('message', (message: { type?: unknown }) => {
    if (message?.type === FORGET) memory.clear();
  });
  return (req, res) => {
    res.setHeader('X-Serve-Worker', id);
    if (
      req.method === 'POST' &&
      (req.url ?? '').split('?')[0]?.replace(/\/+$/, '') === '/deleteUsers'
    ) {
      process.send?.({ type: FORGET });
      res.once('finish', () => process.send?.({ type: FORGET }));
    }
    handler(req, res);
  };
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
  cluster.on('message', (from, message: { type?: unknown }) => {
    if (message?.type !== FORGET) return;
    for (const worker of aliveWorkers()) if (worker !== from) worker.send({ type: FORGET });
  });
  let stopping = false;
  let started = false;
  const listening = new Set<number>();
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of aliveWorkers()) worker.process.kill(signal);
    setTimeout(() => {
      for (const worker of aliveWorkers()) worker.process.kill('SIGKILL');
      process.exit(process.exitCode ?? 0);
    }, graceMs + 1_000).unref();
  };
  // Before the first fork: a signal that comes while the workers start stops them too.
  onStopSignal(stopAll);
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
        if (aliveWorkers().length === 0) process.exit(process.exitCode ?? 0);
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
}
