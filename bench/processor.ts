/**
 * Times the built package's `processorTransform` per event, on batches shaped like rudder-server's (100 events of one
 * type per call). Track, page and screen make no request. Identify runs its lookups against an
 * injected in-process fetch (its `fetch` option) answering canned Responses (no msw, no sockets),
 * and the CPU cost of one lookup request is what the lookups add to an identify carrying its
 * `kustomerId`, divided by the requests they add (that identify makes one request itself: the read
 * of the customer's company link, docs/deviations.md D20), measured apart (`cpuPerLookup`). Same method as harness.ts (warm up, then the median over
 * several timed runs), awaited, because `processorTransform` is async.
 */
import type { TransformerInput } from '../src/rudder/index.js';
import { builtRudder } from './built.js';
import { type BenchOptions, type BenchResult, benchAsync, median } from './harness.js';

const { processorTransform } = builtRudder;

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
/** The tracking batches section 3 times, by event type (bench/against.ts times them too). */
export const trackingBatches = (): Record<'track' | 'page' | 'screen', TransformerInput[]> => ({
  track: tracks,
  page: pages,
  screen: screens,
});

const identifyTraits = (i: number) => ({
  name: 'Ada Lovelace',
  email: `ada${i}@example.com`,
  phone: '+12345578900',
  createdAt: '2015-04-17T12:37:42.146Z',
  address: { street: '24 Dovers Lane', city: 'Miami', state: 'Florida', postalCode: '1890001' },
});
const identifies = batch((i) => ({
  ...common(i),
  type: 'identify',
  context: { ...context, traits: identifyTraits(i) },
}));
/** The same identifies carrying their Kustomer id: updated with no lookup. */
const knownIdentifies = batch((i) => ({
  ...common(i),
  type: 'identify',
  context: {
    ...context,
    traits: identifyTraits(i),
    externalId: [{ type: 'kustomerId', id: `c-${i}` }],
  },
}));

let lookupRequests = 0;

/** Every other user exists (found by email); the rest are new (all lookups 404). */
const cannedFetch = async (request: Request): Promise<Response> => {
  lookupRequests++;
  const match = /email=ada(\d+)%40/.exec(request.url);
  if (match !== null && Number(match[1]) % 2 === 0) {
    return Response.json({ data: { type: 'customer', id: `c-${match[1]}`, attributes: {} } });
  }
  return new Response(null, { status: 404 });
};

interface ProcessorResult extends BenchResult {
  /** Lookup requests per event, for identifies. */
  lookupsPerEvent: number;
}

/** Times `processorTransform` on one batch, per event, with the lookups one call makes per event. */
async function benchBatch(
  name: string,
  inputs: TransformerInput[],
  options: BenchOptions,
  iterations = 50,
): Promise<ProcessorResult> {
  // No customer memory: it would answer every timed call's identifies from the first call's
  // lookups, and the per-lookup figure would divide a lookup-free cost by the first call's lookups.
  const transformOptions = { fetch: cannedFetch, customerMemory: false as const };
  lookupRequests = 0;
  await processorTransform(inputs, transformOptions);
  const lookupsPerEvent = lookupRequests / inputs.length;
  const timed = await benchAsync(
    {
      name,
      fn: () => processorTransform(inputs, transformOptions),
      iterations,
      eventsPerCall: BATCH,
    },
    options,
  );
  return { ...timed, lookupsPerEvent };
}

export interface ProcessorBench {
  perType: ProcessorResult[];
  /** Median CPU µs one lookup request adds to an identify. */
  cpuMicrosPerLookup: number;
}

/**
 * CPU per lookup request: batches of the identifies with lookups and of the same identifies
 * carrying their kustomerId, timed in turn (10 calls each, 4 rounds per run, after 30 warm-up calls
 * of each), the medians' difference divided by the requests the lookups add. Timed in turn, and
 * warmed longer than the per-type rows: the same figure taken from those rows (300 ms of warm-up, 5
 * calls a run, one kind after the other) read 65–150 µs in four runs within a minute (2026-12-03
 * 19:10 UTC, Node 20, bench/README.md).
 */
async function cpuPerLookup(runs: number): Promise<number> {
  const options = { fetch: cannedFetch, customerMemory: false as const };
  for (let i = 0; i < 30; i++) {
    await processorTransform(identifies, options);
    await processorTransform(knownIdentifies, options);
  }
  const time = async (inputs: TransformerInput[]) => {
    lookupRequests = 0;
    const cpu = process.cpuUsage();
    for (let i = 0; i < 10; i++) await processorTransform(inputs, options);
    const used = process.cpuUsage(cpu);
    const events = 10 * inputs.length;
    return { cpuNs: ((used.user + used.system) * 1e3) / events, lookups: lookupRequests / events };
  };
  const looked: number[] = [];
  const known: number[] = [];
  let extraLookups = 0;
  for (let r = 0; r < runs * 4; r++) {
    const a = await time(identifies);
    const b = await time(knownIdentifies);
    looked.push(a.cpuNs);
    known.push(b.cpuNs);
    extraLookups = a.lookups - b.lookups;
  }
  return (median(looked) - median(known)) / 1000 / Math.max(extraLookups, 1e-9);
}

/** Median ns per event of `processorTransform`, per event type, and the cost of one lookup. */
export async function benchProcessor(options: BenchOptions = {}): Promise<ProcessorBench> {
  const perType = [
    await benchBatch('processorTransform track', tracks, options),
    await benchBatch('processorTransform page', pages, options),
    await benchBatch('processorTransform screen', screens, options),
    await benchBatch(
      'processorTransform identify, kustomerId (no lookup)',
      knownIdentifies,
      options,
      20,
    ),
    await benchBatch('processorTransform identify, in-process lookups', identifies, options, 5),
  ];
  return { perType, cpuMicrosPerLookup: await cpuPerLookup(options.runs ?? 15) };
}
