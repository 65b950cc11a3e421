/**
 * The attack of issue 20 finding 3, rerun: `send --checkpoint` (the built CLI) against the
 * simulator through a proxy that lands a share of customer updates late (held past the client's
 * timeout, then forwarded inside the lost-write hold), killed with SIGKILL again and again and
 * resumed at once, then run to the end. Counts the customers left holding an older identify's
 * values. Shared by `test/reliability/kill-late.test.ts` (a few kills) and `npm run bench:kill-late`
 * (the attack's twelve).
 */
import { seededRandom } from '../../../src/cli/demo-events.js';
import { createKustomerSimulator } from '../../../src/simulator/index.js';
import { collect, spawnCli } from '../../e2e/support/cli.js';
import { tempDir, writeNdjson } from '../../e2e/support/files.js';
import { type Fault, startFaultProxy } from './fault-proxy.js';
import { type Reconciliation, reconcile, workload } from './workload.js';

export interface KillLateOptions {
  kills: number;
  events: number;
  users: number;
  /** `send --timeout`: the lost-write hold is twice it, the resume quiet time twice it plus 1 s. */
  timeoutMs: number;
  /** The share of customer updates that land late. */
  lateShare: number;
  seed: number;
  /** Called after each kill with what happened so far. */
  onKill?: (kill: number, figures: { requests: number; late: number }) => void;
}

export interface KillLateFigures extends Reconciliation {
  kills: number;
  requests: number;
  /** Updates held past the timeout and applied late. */
  late: number;
  /** The last run's exit code. */
  exitCode: number | null;
  seconds: number;
}

const API_KEY = 'reliability-kill-late-key';

/** Customer updates land between the timeout and 1.9 × it after being sent: inside the hold. */
function latePlan(
  options: KillLateOptions,
): (r: { method: string; path: string }) => Fault | undefined {
  const random = seededRandom(options.seed);
  const { timeoutMs } = options;
  return ({ method, path }) => {
    if (method !== 'PUT' || !path.startsWith('/v1/customers/')) return undefined;
    if (random() >= options.lateShare) return undefined;
    return { kind: 'late', ms: Math.round(timeoutMs * (1.1 + 0.8 * random())) };
  };
}

async function until(ready: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 10));
  }
  return true;
}

export async function runKillLate(options: KillLateOptions): Promise<KillLateFigures> {
  const started = performance.now();
  const simulator = createKustomerSimulator({ apiKey: API_KEY });
  const dir = tempDir();
  const proxy = await startFaultProxy((await simulator.listen(0)).url, latePlan(options));
  try {
    const events = workload(options.events, options.users);
    const file = dir.path('events.ndjson');
    writeNdjson(file, events);
    const args = [
      'send',
      file,
      '--checkpoint',
      dir.path('events.checkpoint.json'),
      '--dead-letter',
      dir.path('dead.ndjson'),
      '--base-url',
      proxy.url,
      '--allow-insecure-base-url',
      '--no-progress',
      '--timeout',
      String(options.timeoutMs),
    ];
    const env = { KUSTOMER_API_KEY: API_KEY };
    const runLimit = 60_000 + 40 * options.timeoutMs;
    const trackingTotal = events.filter((event) => event.type !== 'identify').length;
    for (let kill = 1; kill <= options.kills; kill++) {
      const target = Math.floor((trackingTotal * kill) / (options.kills + 1));
      const child = spawnCli(args, { env });
      const done = collect(child, runLimit);
      // A run that ends before the target (its events all sent) is not killed: nothing left to kill.
      await until(() => simulator.events.length >= target || child.exitCode !== null, runLimit);
      // Then kill as an update is caught to land late, the worst moment: it lands after the
      // resumed run has started, unless the resume waits it out.
      const caught = proxy.injected.late ?? 0;
      await until(() => (proxy.injected.late ?? 0) > caught || child.exitCode !== null, runLimit);
      child.kill('SIGKILL');
      await done;
      options.onKill?.(kill, { requests: proxy.requests, late: proxy.injected.late ?? 0 });
    }
    const last = await collect(spawnCli(args, { env }), runLimit);
    await proxy.settled();
    return {
      ...reconcile(events, simulator),
      kills: options.kills,
      requests: proxy.requests,
      late: proxy.injected.late ?? 0,
      exitCode: last.code,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await proxy.close();
    await simulator.close();
    dir.remove();
  }
}
