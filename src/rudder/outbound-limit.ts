/**
 * A cap on concurrent requests to Kustomer, overall and per API key, around the fetch the
 * transformer's lookups use. Without it, every event of every request in flight opens its own
 * connection: 200 clients once opened 8,512 sockets, an organisation's whole rate budget at once
 * (docs/reliability.md). A request waits for a slot; its abort signal (the client's timeout) ends
 * the wait.
 */

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

interface Waiter {
  key: string;
  start: () => void;
}

export function limitFetch(fetch: Fetch, limits: OutboundLimits): LimitedFetch {
  let total = 0;
  const perKey = new Map<string, number>();
  const queue: Waiter[] = [];

  const fits = (key: string) =>
    total < limits.maxRequests && (perKey.get(key) ?? 0) < limits.maxPerKey;
  const hold = (key: string) => {
    total += 1;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  };
  const release = (key: string) => {
    total -= 1;
    const left = (perKey.get(key) ?? 1) - 1;
    if (left === 0) perKey.delete(key);
    else perKey.set(key, left);
    // The first waiter that fits goes next: a busy key does not hold up the others.
    for (let index = 0; index < queue.length && total < limits.maxRequests; ) {
      const waiter = queue[index] as Waiter;
      if (!fits(waiter.key)) {
        index += 1;
        continue;
      }
      queue.splice(index, 1);
      hold(waiter.key);
      waiter.start();
    }
  };

  const slot = (key: string, signal: AbortSignal): Promise<void> => {
    if (fits(key)) {
      hold(key);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        key,
        start: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = queue.indexOf(waiter);
        if (index !== -1) queue.splice(index, 1);
        reject(signal.reason);
      };
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });
  };

  const limited: LimitedFetch = async (request) => {
    // The key only names a bucket here; it is never kept past the request or written anywhere.
    const key = request.headers.get('authorization') ?? '';
    await slot(key, request.signal);
    try {
      const response = await fetch(request);
      // The slot is held until the body is read, so a connection is not counted free too early.
      const body = await response.arrayBuffer();
      return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      release(key);
    }
  };
  limited.inFlight = () => total;
  return limited;
}
