/**
 * Load shedding for the transformer server: a cap on requests being handled at once and on the
 * request-body bytes held at once. Past either, a request is turned away with 503 and
 * `Retry-After` (rudder-server retries 5xx: docs/rudder-contract.md §1) instead of the server
 * growing until it runs out of memory (docs/reliability.md).
 */

export interface AdmissionLimits {
  /** Requests handled at once. */
  maxRequests: number;
  /** Request-body bytes held at once, over every request being handled. */
  maxBytes: number;
}

/** One admitted request's share; `release` is idempotent. */
export interface AdmissionTicket {
  /** Counts more body bytes; false (nothing counted) when the budget cannot hold them. */
  take(bytes: number): boolean;
  release(): void;
}

export interface Admission {
  /** A ticket, or undefined when the server is at its request cap. */
  admit(): AdmissionTicket | undefined;
  /** Requests and bytes held now, for tests and figures. */
  usage(): { requests: number; bytes: number };
}

export function createAdmission(limits: AdmissionLimits): Admission {
  let requests = 0;
  let bytes = 0;
  return {
    admit() {
      if (requests >= limits.maxRequests) return undefined;
      requests += 1;
      let held = 0;
      let released = false;
      return {
        take(more) {
          if (released || bytes + more > limits.maxBytes) return false;
          held += more;
          bytes += more;
          return true;
        },
        release() {
          if (released) return;
          released = true;
          requests -= 1;
          bytes -= held;
        },
      };
    },
    usage: () => ({ requests, bytes }),
  };
}
