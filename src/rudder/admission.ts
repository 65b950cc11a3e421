/**
 * Load shedding for the transformer server: a cap on requests being handled at once and on the
 * request-body bytes held at once. Past either, a request is turned away with 503 and
 * `Retry-After` (rudder-server retries 5xx: docs/rudder-contract.md §1) instead of the server
 * growing until it runs out of memory (docs/reliability.md).
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
  /** Request-body bytes held at once, over every request being handled. */
  maxBytes: number;
}

/** One admitted request's share; `release` is idempotent. */
export interface AdmissionTicket {
  /** Counts more body bytes; false (nothing counted) when the budget cannot hold them. */
  take(bytes: number): boolean;
  /** The body has arrived: counts the request as handled; false when the server is at its cap. */
  work(): boolean;
  release(): void;
}

export interface Admission {
  /** A ticket for a request whose body is arriving, or undefined when too many are. */
  admit(): AdmissionTicket | undefined;
  /** Requests and bytes held now, for tests and figures. */
  usage(): { requests: number; reading: number; bytes: number };
}

export function createAdmission(limits: AdmissionLimits): Admission {
  const maxReading = limits.maxReading ?? limits.maxRequests * 4;
  let reading = 0;
  let requests = 0;
  let bytes = 0;
  return {
    admit() {
      if (reading >= maxReading) return undefined;
      reading += 1;
      let held = 0;
      let state: 'reading' | 'working' | 'released' = 'reading';
      return {
        take(more) {
          if (state === 'released' || bytes + more > limits.maxBytes) return false;
          held += more;
          bytes += more;
          return true;
        },
        work() {
          if (state !== 'reading') return state === 'working';
          if (requests >= limits.maxRequests) return false;
          reading -= 1;
          requests += 1;
          state = 'working';
          return true;
        },
        release() {
          if (state === 'released') return;
          if (state === 'reading') reading -= 1;
          else requests -= 1;
          state = 'released';
          bytes -= held;
        },
      };
    },
    usage: () => ({ requests, reading, bytes }),
  };
}
