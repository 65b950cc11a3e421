/**
 * Load shedding and fair admission for the transformer server: a cap on requests being handled at
 * once and on the request-body bytes held at once. A request whose body has arrived while every
 * working slot is taken waits in one queue, in arrival order, and is handled when a slot frees up,
 * so the request that has waited longest is always the next one served; a new request never
 * overtakes a waiting one, as it could when every request past the cap was turned away and the
 * client's retry raced the newcomers (one post then waited seconds while the median waited tens of
 * milliseconds: bench/README.md, section 5). Past the queue's bound, or the bytes', a request is
 * turned away with 503 and `Retry-After` (rudder-server retries 5xx: docs/rudder-contract.md §1)
 * instead of the server growing until it runs out of memory (docs/reliability.md).
 */

export interface AdmissionLimits {
  /** Requests handled at once, once their body has arrived. */
  maxRequests: number;
  /**
   * Requests whose body is still arriving. They hold bytes, not work, so they are counted apart:
   * 32 clients sending one byte every 10 s must not fill the slots real requests need.
   * Default four times `maxRequests`.
   */
  maxReading?: number;
  /**
   * Requests whose body has arrived waiting for a working slot; past it, 503. Default four times
   * `maxRequests`. Clients beyond what is handled and queued are turned away, and one that retries
   * after a backoff loses the next free place to a client that posts again as soon as it is
   * answered: keep this above the client's concurrent calls (docs/reliability.md §8).
   */
  maxQueued?: number;
  /** Request-body bytes held at once, over every request being handled or waiting. */
  maxBytes: number;
}

/** One admitted request's share; `release` is idempotent. */
export interface AdmissionTicket {
  /** Counts more body bytes; false (nothing counted) when the budget cannot hold them. */
  take(bytes: number): boolean;
  /**
   * The body has arrived: resolves true once the request holds a working slot, given in arrival
   * order; false at once when the queue is full, or when the ticket is released while it waits.
   */
  work(): Promise<boolean>;
  release(): void;
}

export interface Admission {
  /** A ticket for a request whose body is arriving, or undefined when too many are. */
  admit(): AdmissionTicket | undefined;
  /** Requests and bytes held now, for tests and figures. */
  usage(): { requests: number; reading: number; queued: number; bytes: number };
}

type State = 'reading' | 'queued' | 'working' | 'released';

export function createAdmission(limits: AdmissionLimits): Admission {
  const maxReading = limits.maxReading ?? limits.maxRequests * 4;
  const maxQueued = limits.maxQueued ?? limits.maxRequests * 4;
  let reading = 0;
  let requests = 0;
  let bytes = 0;
  // Waiting requests in arrival order; each entry starts its request (true) or turns it away (false).
  const queue = new Set<(started: boolean) => void>();

  /** Hands a freed working slot to the request that has waited longest. */
  const next = () => {
    for (const start of queue) {
      queue.delete(start);
      start(true);
      return;
    }
    requests -= 1;
  };

  return {
    admit() {
      if (reading >= maxReading) return undefined;
      reading += 1;
      let held = 0;
      let state: State = 'reading';
      let waiting: ((started: boolean) => void) | undefined;
      return {
        take(more) {
          if (state === 'released' || bytes + more > limits.maxBytes) return false;
          held += more;
          bytes += more;
          return true;
        },
        work() {
          if (state !== 'reading') return Promise.resolve(state === 'working');
          reading -= 1;
          if (requests < limits.maxRequests && queue.size === 0) {
            requests += 1;
            state = 'working';
            return Promise.resolve(true);
          }
          if (queue.size >= maxQueued) {
            state = 'released';
            bytes -= held;
            held = 0;
            return Promise.resolve(false);
          }
          state = 'queued';
          return new Promise<boolean>((resolve) => {
            waiting = (started) => {
              waiting = undefined;
              if (started) state = 'working';
              resolve(started);
            };
            queue.add(waiting);
          });
        },
        release() {
          if (state === 'released') return;
          if (state === 'reading') reading -= 1;
          else if (state === 'working') next();
          const wasWaiting = waiting;
          state = 'released';
          bytes -= held;
          held = 0;
          if (wasWaiting !== undefined) {
            queue.delete(wasWaiting);
            wasWaiting(false);
          }
        },
      };
    },
    usage: () => ({ requests, reading, queued: queue.size, bytes }),
  };
}
