/**
 * The typed surface of the Kustomer client. Payload shapes are the spec's, in `../payloads.ts`.
 */
import type { Clock } from '../clock.js';
import type {
  CustomerBody,
  CustomerResource,
  IdentityEventBody,
  TrackingIdentityResource,
} from '../payloads.js';
import type { CallOf, KustomerOperation, ResultOf } from './calls.js';

/** Kustomer's regional pods: US (prod1), EU (prod2), India (prod4). */
export type Region = 'us' | 'eu' | 'in';

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** The first backoff; each retry doubles it, with full jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** No single wait is longer than this, `x-ratelimit-reset` included. Default 60,000 ms. */
  maxDelayMs?: number;
}

/** One HTTP attempt, reported after it ends (retries are further attempts). */
export interface AttemptInfo {
  /** The spec's `operationId`, such as `getCustomerByEmail`. */
  operation: string;
  method: string;
  /** The spec's path template, such as `/v1/customers/email={email}`: never the looked-up value. */
  path: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** Response headers, when a response arrived. */
  headers?: Headers;
  /** Whether the client will try again after this attempt. */
  willRetry: boolean;
  /** A write that got no answer (timeout, connection lost): it may have landed. */
  uncertain: boolean;
  /** How long the attempt took. */
  durationMs: number;
  /** The wait before the next attempt, or the hold after a lost write; 0 for none. */
  waitMs: number;
}

/**
 * Gates every attempt, so that several clients or callers share one rate budget. Internal: the
 * destination hands its `RateBudget` to `createGatedClient` (./index.ts).
 */
export interface RequestGate {
  /** Resolves when an attempt may start. */
  acquire(signal?: AbortSignal): Promise<void>;
  /**
   * Told the outcome of every attempt (status 0 for no response) and, for a failed one, the wait
   * its `x-ratelimit-reset` asks for, already bounded by the retry's `maxDelayMs`.
   */
  observe(status: number, headers: Headers | undefined, resetMs?: number): void;
}

export interface KustomerClientOptions {
  /** A Kustomer API key, sent as a bearer token. Never logged, never in an error. */
  apiKey: string;
  /** The regional host to use. Default `'us'`. */
  region?: Region;
  /** The organisation's own host, `https://{orgName}.api.kustomerapp.com`; wins over `region`. */
  orgName?: string;
  /** An explicit origin, such as a simulator's; wins over `orgName` and `region`. */
  baseUrl?: string;
  /** Accept a `baseUrl` that is not an https `*.kustomerapp.com` origin (a local simulator). */
  allowInsecureBaseUrl?: boolean;
  /** Per-attempt timeout. Default 10,000 ms. */
  timeoutMs?: number;
  /**
   * How long a write whose answer was lost (timeout, dropped connection) is given to land before
   * its retry or the caller's next call goes out. Default twice `timeoutMs`.
   */
  lostWriteHoldMs?: number;
  /** Retry policy for 408/429/5xx (not 501) and network errors, or `false` for none. */
  retry?: RetryPolicy | false;
  /** The fetch to use; default the global one, looked up at call time. */
  fetch?: (request: Request) => Promise<Response>;
  /** Added before this package's own `User-Agent`. */
  userAgent?: string;
  /** Time, waits between attempts and jitter; injectable for tests. Default the system clock. */
  clock?: Clock;
}

export interface CallOptions {
  /** Aborts the call, waits between retries included. */
  signal?: AbortSignal;
  /** Told about every attempt of this call. */
  onAttempt?: (info: AttemptInfo) => void;
  /**
   * Runs each wait of the call (a backoff, a lost write's hold): a caller that holds a shared
   * resource, such as a concurrency slot, can give it up while nothing is being sent.
   */
  whileWaiting?: (wait: () => Promise<void>) => Promise<void>;
}

export interface UpdateOptions extends CallOptions {
  /** Replace the stored document (true) or merge into it (false, the default). */
  replace?: boolean;
}

/**
 * Typed Kustomer operations. Each returns typed data or throws a `KustomerApiError`; lookups that
 * find nothing (404) resolve to `null`.
 */
export interface KustomerClient {
  /** The origin requests go to, such as `https://api.kustomerapp.com`. */
  readonly baseUrl: string;
  /**
   * Runs a call description (as `plan()` shows it) through the same attempt loop as every method
   * below: the request goes to the description's own method and path template with its values.
   */
  execute<O extends KustomerOperation>(
    call: CallOf<O>,
    options?: CallOptions,
  ): Promise<ResultOf<O>>;
  readonly customers: {
    create(body: CustomerBody, options?: CallOptions): Promise<CustomerResource>;
    get(id: string, options?: CallOptions): Promise<CustomerResource | null>;
    getByEmail(email: string, options?: CallOptions): Promise<CustomerResource | null>;
    getByExternalId(externalId: string, options?: CallOptions): Promise<CustomerResource | null>;
    update(id: string, body: CustomerBody, options?: UpdateOptions): Promise<CustomerResource>;
    /** Deletes the customer; `false` when Kustomer had no such customer (404). */
    delete(id: string, options?: CallOptions): Promise<boolean>;
  };
  readonly tracking: {
    identityEvent(
      body: IdentityEventBody,
      options?: CallOptions,
    ): Promise<TrackingIdentityResource>;
  };
}
