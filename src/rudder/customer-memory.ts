/**
 * Customers found by identify lookups, remembered across calls, per API key and base URL, so that a
 * returning user's identify is answered without lookups (issue 19: rudder-transformer looks every
 * identify up again). Only lookups that found a customer fill it; a create's id never comes back
 * from rudder-server, so a new user is looked up once more on their next identify.
 *
 * Bounded (least recently used first) and with a time-to-live: a customer deleted in Kustomer
 * after it was remembered makes rudder-server's update answer 404, and the event is aborted. The
 * default of 10 minutes bounds that window; deletions through `/deleteUsers` forget every entry of
 * their API key at once (docs/rudder-contract.md §11).
 */

export interface CustomerMemoryOptions {
  /** How long a found customer is remembered. Default 10 minutes; 0 remembers nothing. */
  ttlMs?: number;
  /** Entries over every API key. Default 100,000 (about 20 MB). */
  capacity?: number;
  now?: () => number;
}

interface Entry {
  customerId: string;
  /** The company the customer is linked to (`null`: none), when known (docs/deviations.md D20). */
  company: string | null | undefined;
  expires: number;
}

export class CustomerMemory {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #capacity: number;
  readonly #now: () => number;
  hits = 0;
  misses = 0;

  constructor(options: CustomerMemoryOptions = {}) {
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.#now = options.now ?? (() => performance.now());
  }

  get(clientKey: string, userKey: string): string | undefined {
    return this.entry(clientKey, userKey)?.customerId;
  }

  /** The remembered customer and, when known, the company it is linked to. */
  entry(
    clientKey: string,
    userKey: string,
  ): { customerId: string; company: string | null | undefined } | undefined {
    const key = `${clientKey}\n${userKey}`;
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.expires <= this.#now()) {
      if (entry !== undefined) this.#entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.hits++;
    return { customerId: entry.customerId, company: entry.company };
  }

  set(
    clientKey: string,
    userKey: string,
    customerId: string,
    company?: string | null | undefined,
  ): void {
    if (this.#ttlMs <= 0 || this.#capacity <= 0) return;
    const key = `${clientKey}\n${userKey}`;
    this.#entries.delete(key);
    this.#entries.set(key, { customerId, company, expires: this.#now() + this.#ttlMs });
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  /** Forgets every customer of one API key and base URL (after a deletion). */
  forgetClient(clientKey: string): void {
    const prefix = `${clientKey}\n`;
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

const DEFAULT_TTL_MS = 10 * 60_000;
const DEFAULT_CAPACITY = 100_000;

/** The memory `processorTransform` and `routerTransform` use when given none: one per process. */
export const sharedCustomerMemory = new CustomerMemory();

/** The memory a call uses: the one given, none for `false`, else the shared one. */
export function memoryOf(options: {
  customerMemory?: CustomerMemory | false;
}): CustomerMemory | undefined {
  if (options.customerMemory === false) return undefined;
  return options.customerMemory ?? sharedCustomerMemory;
}
