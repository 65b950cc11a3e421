/**
 * Requests per event through `serve` (issue 19, item 3): the stream of section 1 (stream.ts), from
 * the same starting state, posted in rudder-server-shaped batches of 20 to `serve`'s handler on a
 * real HTTP server, and every request it returns executed against the simulator in order, as
 * rudder-server would. Counted: the lookups `serve` makes and the requests it returns that are
 * executed. The handler keeps its customer memory across posts, as a running `serve` does.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTransformerHandler } from '../src/rudder/index.js';
import type { Report } from './report.js';
import { startingState } from './requests-per-event.js';
import { type StreamShape, streamEvents } from './stream.js';

const BATCH = 20;

export interface ServeRequestsPerEvent {
  events: number;
  requests: number;
  lookups: number;
  perEvent: number;
  /** Outputs that were not requests: identifies folded into another's create (D8), refusals. */
  notRequests: number;
  /** Returned requests Kustomer refused. */
  refused: number;
  seconds: number;
}

interface Output {
  statusCode: number;
  output?: {
    method: string;
    endpoint: string;
    headers: Record<string, string>;
    body: { JSON: unknown };
  };
}

export async function benchServeRequests(shape: StreamShape): Promise<ServeRequestsPerEvent> {
  const state = await startingState(shape);
  const server = createServer(createTransformerHandler({ fetch: state.fetch }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v0/destinations/kustomer`;
  const started = performance.now();
  let notRequests = 0;
  let refused = 0;
  let batch: unknown[] = [];
  let jobId = 0;
  const flush = async () => {
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
    if (answer.status !== 200) throw new Error(`serve answered ${answer.status}`);
    for (const element of (await answer.json()) as Output[]) {
      if (element.statusCode !== 200 || element.output === undefined) {
        notRequests++;
        continue;
      }
      const { method, endpoint, headers, body } = element.output;
      const init = { method, headers, body: JSON.stringify(body.JSON) };
      const response = await state.fetch(new Request(endpoint, init));
      if (!response.ok) refused++;
      await response.body?.cancel();
    }
    batch = [];
  };
  try {
    for (const message of streamEvents(shape)) {
      jobId++;
      const metadata = { jobId, messageId: `m${jobId}`, destinationId: 'd1', workspaceId: 'w1' };
      batch.push({ message, metadata, destination: { ID: 'd1', Config: { apiKey: 'bench-key' } } });
      if (batch.length === BATCH) await flush();
    }
    if (batch.length > 0) await flush();
  } finally {
    server.closeAllConnections();
    server.close();
  }
  const { requests, lookups } = state.tally();
  return {
    events: shape.events,
    requests,
    lookups,
    perEvent: requests / shape.events,
    notRequests,
    refused,
    seconds: (performance.now() - started) / 1000,
  };
}

export function reportServeRequests(report: Report, run: ServeRequestsPerEvent): void {
  const stream = `${run.events.toLocaleString('en-US')} events`;
  const measure = `requests/event through serve, returned requests executed (${stream})`;
  report.check('1', measure, run.perEvent, '', { max: 1.05 });
  report.info('1', 'lookups/event through serve', run.lookups / run.events, '');
  report.check('1', 'returned requests Kustomer refused', run.refused, '', { max: 0 });
}
