/**
 * A cap on concurrent requests to Kustomer, overall and per API key, around the fetch the
 * transformer's lookups use. Without it, every event of every request in flight opens its own
 * connection: 200 clients once opened 8,512 sockets, an organisation's whole rate budget at once
 * (docs/reliability.md). A request waits for a slot; its abort signal (the client's timeout) ends
 * the wait. It counts with the `Semaphore` of src/delivery/lanes.ts, whose other use is a different
 * job: the destination's `concurrency` caps events, each of which may make several requests
 * (lookups, then a write), while this caps the requests of every transformer call `serve` answers,
 * per key and overall.
 */
import { Semaphore } from '../delivery/lanes.js';

export interface OutboundLimits {
  /** Requests to Kustomer in flight at once, over every key. */
  maxRequests: number;
  /** Requests in flight at once for one API key (one Kustomer organisation's budget). */
  maxPerKey: number;
}

// The Fetch standard's null body statuses: a Response with one of these may not have a body.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export type Fetch = (request: Request) => Promise<Response>;

export interface LimitedFetch extends Fetch {
  /** Requests in flight now, for tests and figures. */
  inFlight(): number;
}

export function limitFetch(fetch: Fetch, limits: OutboundLimits): LimitedFetch {
  const overall = new Semaphore(limits.maxRequests);
  // One lane per key with requests waiting or in flight, dropped when its last request ends. A
  // request takes its key's slot first, then an overall one, so a busy key waits in its own lane
  // and never holds up the overall queue for the other keys.
  const lanes = new Map<string, { slots: Semaphore; requests: number }>();

  const limited: LimitedFetch = async (request) => {
    // The key only names a lane here; it is never kept past the request or written anywhere.
    const key = request.headers.get('authorization') ?? '';
    const lane = lanes.get(key) ?? { slots: new Semaphore(limits.maxPerKey), requests: 0 };
    lanes.set(key, lane);
    lane.requests += 1;
    try {
      await lane.slots.acquire(request.signal);
      try {
        await overall.acquire(request.signal);
        try {
          return await readWhole(await fetch(request));
        } finally {
          overall.release();
        }
      } finally {
        lane.slots.release();
      }
    } finally {
      lane.requests -= 1;
      if (lane.requests === 0) lanes.delete(key);
    }
  };
  limited.inFlight = () => overall.active;
  return limited;
}

/** The response with its body read, so a slot is not counted free before the connection is. */
async function readWhole(response: Response): Promise<Response> {
  const body = await response.arrayBuffer();
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
