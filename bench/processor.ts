/**
 * Times `processorTransform` per event, on batches shaped like rudder-server's (100 events of one
 * type per call). Track, page and screen make no request: target ≤ 10 µs per event. Identify runs
 * its lookups against an injected in-process fetch answering canned Responses (no msw, no sockets).
 * Same method as harness.ts (warm up, then the median over several timed runs), awaited, because
 * `processorTransform` is async.
 */
import { performance } from 'node:perf_hooks';
import { processorTransform, type TransformerInput } from '../src/rudder/index.js';
import type { BenchResult } from './harness.js';

const BATCH = 100;

const context = {
  app: { name: 'RudderLabs JavaScript SDK', build: '1.0.0', version: '1.1.11' },
  os: { name: '', version: '' },
  locale: 'en-US',
  screen: { density: 2 },
  library: { name: 'RudderLabs JavaScript SDK', version: '1.1.11' },
  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.16; rv:84.0) Gecko/20100101 Firefox/84.0',
};

const destination = { ID: 'd1', Config: { apiKey: 'bench-key', genericPage: false } };

function batch(make: (i: number) => Record<string, unknown>): TransformerInput[] {
  return Array.from({ length: BATCH }, (_, i) => ({
    message: make(i),
    metadata: { jobId: i + 1, destinationId: 'd1', workspaceId: 'w1', sourceId: 's1' },
    destination,
  }));
}

const common = (i: number) => ({
  userId: `user-${i}`,
  anonymousId: '97c46c81-3140-456d-b2a9-690d70aaca35',
  channel: 'web',
  context,
  messageId: `m-${i}`,
  originalTimestamp: '2021-01-03T17:02:53.195Z',
});

const tracks = batch((i) => ({
  ...common(i),
  type: 'track',
  event: 'Order Completed',
  properties: { revenue: 42.5, currency: 'USD', plan: 'pro', kustomerSessionId: 's-1' },
}));
const pages = batch((i) => ({
  ...common(i),
  type: 'page',
  name: 'Cart Viewed',
  properties: { url: 'https://example.com/cart', path: '/cart', title: 'Cart', referrer: '' },
}));
const screens = batch((i) => ({
  ...common(i),
  type: 'screen',
  name: 'Checkout',
  properties: { step: 2, kustomer_tracking_id: 't-1' },
}));
const identifies = batch((i) => ({
  ...common(i),
  type: 'identify',
  context: {
    ...context,
    traits: {
      name: 'Ada Lovelace',
      email: `ada${i}@example.com`,
      phone: '+12345578900',
      createdAt: '2015-04-17T12:37:42.146Z',
      address: { street: '24 Dovers Lane', city: 'Miami', state: 'Florida', postalCode: '1890001' },
    },
  },
}));

/** Every other user exists (found by email); the rest are new (all lookups 404). */
const cannedFetch = async (request: Request): Promise<Response> => {
  const match = /email=ada(\d+)%40/.exec(request.url);
  if (match !== null && Number(match[1]) % 2 === 0) {
    return Response.json({ data: { type: 'customer', id: `c-${match[1]}`, attributes: {} } });
  }
  return new Response(null, { status: 404 });
};

async function benchAsync(
  name: string,
  inputs: TransformerInput[],
  options: { runs?: number; iterations?: number; warmupMs?: number } = {},
): Promise<BenchResult> {
  const runs = options.runs ?? 15;
  const iterations = options.iterations ?? 50;
  const transformOptions = { fetch: cannedFetch };
  const warmupEnd = performance.now() + (options.warmupMs ?? 300);
  while (performance.now() < warmupEnd) await processorTransform(inputs, transformOptions);
  const perEvent: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) await processorTransform(inputs, transformOptions);
    perEvent.push(((performance.now() - start) * 1e6) / (iterations * inputs.length));
  }
  perEvent.sort((a, b) => a - b);
  const mid = perEvent.length >> 1;
  const medianNs =
    perEvent.length % 2 === 1
      ? (perEvent[mid] ?? 0)
      : ((perEvent[mid - 1] ?? 0) + (perEvent[mid] ?? 0)) / 2;
  return {
    name,
    medianNs,
    opsPerSecond: 1e9 / medianNs,
    runs,
    iterations: iterations * inputs.length,
  };
}

/** Median ns per event of `processorTransform`, per event type. */
export async function benchProcessor(): Promise<BenchResult[]> {
  return [
    await benchAsync('processorTransform track (per event)', tracks),
    await benchAsync('processorTransform page (per event)', pages),
    await benchAsync('processorTransform screen (per event)', screens),
    await benchAsync('processorTransform identify, in-process lookups (per event)', identifies, {
      iterations: 5,
    }),
  ];
}
