/**
 * The destination's public shapes: configuration, results, and the destination itself.
 */
import type { RudderEvent } from '../adapter/events.js';
import type { MappedEvent, MapperOptions } from '../adapter/types.js';
import type { KustomerCall } from '../client/calls.js';
import type { KustomerClientOptions } from '../client/types.js';
import type { Clock } from '../clock.js';

/** Where log lines go. Lines never contain the API key. */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

export interface DestinationConfig
  extends MapperOptions,
    Pick<
      KustomerClientOptions,
      | 'apiKey'
      | 'region'
      | 'orgName'
      | 'baseUrl'
      | 'allowInsecureBaseUrl'
      | 'retry'
      | 'timeoutMs'
      | 'lostWriteHoldMs'
      | 'fetch'
      | 'userAgent'
    > {
  /**
   * Events in flight at once across users, a hard cap shared by `send`, `sendBatch` and
   * `deleteUser` (one user's events are always sent in order). Default 8.
   */
  concurrency?: number;
  /** A cap on requests per minute, below the org's own budget. Default: the budget Kustomer reports. */
  requestsPerMinute?: number;
  /** Resolved customer ids to remember per destination. Default 10,000; 0 turns the cache off. */
  customerCacheSize?: number;
  logger?: Logger;
  /** Time and waiting, for tests that run rate windows in virtual time. Default the system clock. */
  clock?: Clock;
}

/** A failed event's error, as plain data. */
export interface DeliveryError {
  name: string;
  message: string;
  status?: number;
  code?: string;
  retryable: boolean;
}

export type DeliveryResult =
  | {
      ok: true;
      /** What became of the customer; `linked`: a group linked it to its company. */
      action: 'created' | 'updated' | 'tracked' | 'linked';
      /** The Kustomer customer the event landed on, when Kustomer said. */
      customerId?: string;
      /**
       * The company the customer was linked to (a group, or an identify's `traits.company`) and what
       * became of it: `found` when an identify named a company that already existed.
       */
      company?: { id: string; action: 'created' | 'updated' | 'found' };
      /** HTTP attempts made for this event, retries included. */
      requests: number;
      /** Attempts that were retries of an earlier one. */
      retries: number;
      /** Writes sent whose answer was lost (timeout, dropped connection): they may have landed. */
      uncertain?: number;
      warnings: string[];
      /** Values the event carried that no rule sends, such as `traits.plan`. */
      notSent?: string[];
      /** With `bulk`: the Kustomer bulk job that reported the identify's record done. */
      bulkJobId?: string;
    }
  | {
      ok: false;
      error: DeliveryError;
      /** HTTP attempts made for this event before it failed. */
      requests: number;
      retries: number;
      uncertain?: number;
      warnings: string[];
      notSent?: string[];
    };

export interface BatchProgress {
  done: number;
  total: number;
  /** The event's index in the input and its result. */
  index: number;
  result: DeliveryResult;
}

export interface SendBatchOptions {
  /** Stops starting new events; those not started get a failed result. */
  signal?: AbortSignal;
  /** Called once per event as it settles, in completion order. */
  onProgress?: (progress: BatchProgress) => void;
  /**
   * A backfill through Kustomer's bulk API (docs/bulk.md): each user's identifies folded into one
   * record, records sent 100 to a request, tracking events after their user's record. For history,
   * not for a live stream: a record is delivered only once its job has run.
   */
  bulk?: boolean;
  /** With `bulk`: called as records are queued and bulk jobs start and end. */
  onBulkProgress?: (progress: BulkProgress) => void;
}

/** How far a bulk backfill has got. */
export interface BulkProgress {
  /** Records waiting for a bulk request. */
  queued: number;
  /** Bulk jobs sent and not yet read back. */
  jobsRunning: number;
  /** Events with a result, of `total`. */
  settled: number;
  total: number;
  /** The requests the bulk jobs took, on the last call. */
  stats?: BulkStats;
}

/** The requests a bulk backfill made, by kind. */
export interface BulkStats {
  /** Bulk requests sent, halves of rejected batches included. */
  submits: number;
  /** Reads of a job that found it complete: one per job. */
  reads: number;
  /** Reads of a job that found it still running. */
  polls: number;
  /** Lookups by externalId, for records Kustomer said exist without naming the customer. */
  lookups: number;
  /** Batches rejected as a whole and halved. */
  splits: number;
}

/** What `plan` shows for an event: the mapped event and the Kustomer calls it would lead to. */
export type DeliveryPlan =
  | { ok: true; mapped: MappedEvent; calls: KustomerCall[] }
  | { ok: false; error: DeliveryError };

/**
 * Who `deleteUser` deletes: the customers holding the userId or anonymousId as externalId, and
 * those found by the email or phone that hold no other externalId (docs/deletion.md).
 */
export interface UserToDelete {
  userId?: string;
  anonymousId?: string;
  email?: string;
  /** As Kustomer stores it (E.164, such as `18005551212`): looked up with `GET /customers/phone=`. */
  phone?: string;
}

export type DeletionResult =
  | {
      ok: true;
      /** Customers deleted; 0 when none matched (nothing to delete is a success). */
      deleted: number;
      /**
       * Customers found by the email or phone that hold another person's externalId, left in
       * place (docs/deletion.md): a shared email or phone never deletes someone else.
       */
      kept: number;
      /** HTTP attempts made, retries included. */
      requests: number;
      retries: number;
    }
  | { ok: false; error: DeliveryError; requests: number; retries: number };

/** What `planDeletion` shows: the calls `deleteUser` would make if every lookup found a customer. */
export type DeletionPlan =
  | { ok: true; calls: KustomerCall[] }
  | { ok: false; error: DeliveryError };

export interface KustomerDestination {
  /**
   * Delivers one event; never rejects: failures are results. Concurrent calls for the same user
   * (userId, else anonymousId) are delivered in call order.
   */
  send(event: RudderEvent, options?: { signal?: AbortSignal }): Promise<DeliveryResult>;
  /** Delivers many; one result per event, in input order. */
  sendBatch(events: readonly RudderEvent[], options?: SendBatchOptions): Promise<DeliveryResult[]>;
  /**
   * The requests `send` would make, with no I/O. `found` says which lookup would find the
   * customer (`'none'`, the default: none does, and the customer is created), so a dry run can
   * show both paths; an event carrying its kustomerId is updated without a lookup either way.
   */
  plan(event: RudderEvent, found?: 'none' | 'email' | 'externalId'): DeliveryPlan;
  /**
   * Deletes every Kustomer customer found for the user, in the user's lane: after the user's
   * earlier events, before later ones. Never rejects: failures are results.
   */
  deleteUser(user: UserToDelete, options?: { signal?: AbortSignal }): Promise<DeletionResult>;
  /** The calls `deleteUser` would make, with no I/O. */
  planDeletion(user: UserToDelete): DeletionPlan;
}
