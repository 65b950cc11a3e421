/**
 * The simulator's public shapes. It is a stateful fake Kustomer for tests and demos: one core,
 * reachable as msw handlers (in-process) and as a node:http server.
 */
import type { components } from '../../generated/kustomer.js';
import type { Clock } from '../clock.js';

export type SimulatedCustomerAttributes = components['schemas']['CustomerAttributes'];

/** A customer as the simulator holds it. */
export interface SimulatedCustomer {
  id: string;
  /** The stored attributes: the merged bodies of create and updates, plus server fields. */
  attributes: SimulatedCustomerAttributes;
  createdAt: string;
  updatedAt: string;
  /** How many times it was updated after creation. */
  updates: number;
}

export type SimulatedCompanyAttributes = components['schemas']['CompanyAttributes'];

/** A company as the simulator holds it. */
export interface SimulatedCompany {
  id: string;
  /** The stored attributes: the merged bodies of create and updates, plus server fields. */
  attributes: SimulatedCompanyAttributes;
  createdAt: string;
  updatedAt: string;
  /** How many times it was updated after creation. */
  updates: number;
}

/** A tracking event as the simulator received it, in arrival order. */
export interface SimulatedEvent {
  name: string;
  customerId: string;
  meta: Record<string, string | number>;
  sessionId?: string;
  trackingId?: string;
  /** The identity sent with it (identityEvent only). */
  identity?: Record<string, unknown>;
  receivedAt: string;
}

/** A bulk job as the simulator holds it (docs/simulator.md). */
export interface SimulatedBulkJob {
  id: string;
  kind: 'create' | 'update';
  /** Items in the request. */
  size: number;
  status: 'queued' | 'running' | 'complete';
  submittedAt: string;
  completedAt?: string;
  /** Items created or updated, and items failed; both 0 until the job completes. */
  successCount: number;
  failureCount: number;
}

/** A request the simulator answered; the most recent ones are kept, in arrival order. */
export interface RecordedRequest {
  method: string;
  /** The raw path as it arrived, percent-encoding kept. */
  path: string;
  status: number;
  /** The operation it matched in the spec, when it matched one. */
  operationId?: string;
}

/** Something to go wrong on purpose. */
export interface FaultRule {
  /** Answer with this status (and an `errors[]` body) instead of handling the request. */
  status?: number;
  /** Wait this long before answering (or before dropping). */
  delayMs?: number;
  /** Destroy the connection without an answer (a network error for the client). */
  drop?: boolean;
  /** Only requests whose path (decoded, without the host) starts with this, or matches it. */
  path?: string | RegExp;
  /** Only this method. */
  method?: string;
  /** Only every Nth matching request (1 = every one). Default 1. */
  everyNth?: number;
  /** Stop after this many injections. Default unlimited. */
  times?: number;
}

export interface SimulatorOptions {
  /** Accept only this bearer key (401 otherwise); without it any non-empty key is accepted. */
  apiKey?: string;
  /**
   * The roles of the key (docs/kustomer-api.md §2), such as `org.permission.customer.read` or
   * `org.tracking`; an operation none of whose roles the key has answers 403. Default: every role.
   */
  roles?: readonly string[];
  /** Requests per 60-second window before 429s; unlimited (and no rate-limit headers) without it. */
  rateLimitPerMinute?: number;
  /** Faults to inject from the start; more can be added with `inject`. */
  faults?: FaultRule[];
  /**
   * Hold request bodies to this package's own spec, which is stricter than Kustomer in places
   * (docs/simulator.md). Default false: accept what Kustomer accepts.
   */
  strict?: boolean;
  /** How many recent requests `requests` keeps; older ones are forgotten. Default 10,000. */
  maxRecordedRequests?: number;
  /**
   * How long a bulk job takes on the simulator's clock, from its request to `complete` (queued for
   * the first fifth, running after); its items are applied when it completes. Default 2,000 ms.
   */
  bulkJobMs?: number;
  /**
   * The custom attributes the org has defined for customers, such as `['planStr']`: a customer
   * body naming another is refused (400), and so is a bulk batch holding one. Default: any
   * suffix-typed name is accepted (Kustomer's documents do not say which it does).
   */
  customAttributes?: readonly string[];
  /** The clock (now, and sleep for fault delays), for tests. Default the system clock. */
  clock?: Clock;
}

/**
 * msw's `RequestHandler[]`, typed without naming msw so that these types compile where msw is not
 * installed (it is an optional peer dependency). `never` fits every parameter, so the array
 * spreads into `setupServer(...)`, `server.use(...)` and `setupWorker(...)` as msw's own would.
 */
export type SimulatorHandlers = never[];

export interface KustomerSimulator {
  /** msw handlers answering for every `*.kustomerapp.com` host; reading it loads msw. */
  readonly handlers: SimulatorHandlers;
  /** Starts the HTTP server on 127.0.0.1 (port 0 picks a free port); resolves to its origin. */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops the HTTP server. */
  close(): Promise<void>;
  readonly customers: readonly SimulatedCustomer[];
  /** The companies, in creation order. */
  readonly companies: readonly SimulatedCompany[];
  readonly events: readonly SimulatedEvent[];
  /** The bulk jobs, in submission order, with their status on the simulator's clock. */
  readonly jobs: readonly SimulatedBulkJob[];
  /** The most recent requests (at most `maxRecordedRequests`), in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Adds a fault rule; returns a function that removes it. */
  inject(fault: FaultRule): () => void;
  /**
   * Forgets customers, events, requests, faults added with `inject` and the rate window. Ids are
   * never handed out twice in one simulator's life, even across resets.
   */
  reset(): void;
}
