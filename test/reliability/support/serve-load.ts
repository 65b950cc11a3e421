/**
 * 200 clients at once posting identify batches to a `serve` process (the built CLI), whose lookups
 * go through a counting proxy to the simulator. Measures what the issue measured: sockets open to
 * "Kustomer" at once, the server's peak RSS, 503s and per-event 5xx answers.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createKustomerSimulator } from '../../../src/simulator/index.js';
import { cliPath, collect, waitForOutput } from '../../e2e/support/cli.js';
import { startFaultProxy } from './fault-proxy.js';

export interface LoadFigures {
  clients: number;
  events: number;
  /** Events answered 200 in the end. */
  transformed: number;
  /** Requests turned away with 503 (retried after Retry-After). */
  busyAnswers: number;
  /** Events answered with a 5xx statusCode inside a 200 response. */
  eventServerErrors: number;
  /** Lookups being answered at once by the simulator, at most. */
  peakOutboundRequests: number;
  /** Lookup connections open at once to the simulator, at most. */
  peakOutboundSockets: number;
  /** The serve process's peak resident memory (VmHWM), when /proc has it. */
  peakRssMb: number | undefined;
}

const API_KEY = 'reliability-load-key';

export async function runServeLoad(
  clients: number,
  eventsPerClient: number,
  serveArgs: readonly string[] = [],
  // Another build can be measured the same way, e.g. main's for a before/after comparison.
  cli = process.env.RELIABILITY_SERVE_CLI ?? cliPath,
): Promise<LoadFigures> {
  const simulator = createKustomerSimulator({ apiKey: API_KEY });
  const { url: simulatorUrl } = await simulator.listen(0);
  const proxy = await startFaultProxy(simulatorUrl, () => undefined);
  const server = spawn(
    process.execPath,
    [cli, 'serve', '--port', '0', '--allow-insecure-base-endpoint', ...serveArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = collect(server, 300_000);
  try {
    const [, url] = await waitForOutput(server, /listening on (http:\/\/\S+)\n/);
    const figures: LoadFigures = {
      clients,
      events: clients * eventsPerClient,
      transformed: 0,
      busyAnswers: 0,
      eventServerErrors: 0,
      peakOutboundRequests: 0,
      peakOutboundSockets: 0,
      peakRssMb: undefined,
    };
    const destination = { Config: { apiKey: API_KEY, baseEndpoint: proxy.url } };
    const client = async (index: number) => {
      const body = JSON.stringify(
        Array.from({ length: eventsPerClient }, (_, n) => {
          const userId = `load-${index}-${n}`;
          const traits = { name: userId, email: `${userId}@example.com` };
          return {
            message: { type: 'identify', userId, traits },
            destination,
            metadata: { jobId: n },
          };
        }),
      );
      for (let attempt = 0; attempt < 120; attempt++) {
        const response = await fetch(`${url}/v0/destinations/kustomer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        if (response.status === 503) {
          await response.arrayBuffer();
          figures.busyAnswers += 1;
          const wait = Number(response.headers.get('retry-after') ?? '1') * 1000;
          await new Promise((resolve) => setTimeout(resolve, wait));
          continue;
        }
        const outputs = (await response.json()) as { statusCode: number }[];
        for (const output of outputs) {
          if (output.statusCode === 200) figures.transformed += 1;
          else if (output.statusCode >= 500) figures.eventServerErrors += 1;
        }
        return;
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
    figures.peakOutboundRequests = proxy.peakInFlight;
    figures.peakOutboundSockets = proxy.peakConnections;
    figures.peakRssMb = peakRss(server.pid);
    return figures;
  } finally {
    server.kill('SIGKILL');
    await exited;
    await proxy.close();
    await simulator.close();
  }
}

function peakRss(pid: number | undefined): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : undefined;
  } catch {
    return undefined;
  }
}
