/**
 * The bulk engine: packs folded records into bulk jobs, reads each job's outcome once Kustomer has
 * had time to run it, and acts on every record's outcome (docs/bulk.md):
 * - created or updated: delivered, and nothing else is;
 * - its `externalId` already taken: updated in bulk, by the id Kustomer named or one lookup;
 * - the customer an update named is gone: created instead;
 * - every record of a batch failed: the batch was rejected as a whole, so it is halved and both
 *   halves are sent again, until each bad record is alone and reported with its own error;
 * - no outcome (the job never completed, or left the record out): failed, retryable, never delivered.
 * Every request passes the client's rate budget; reads back off, so polls stay a small share.
 */
import type { components } from '../../../generated/kustomer.js';
import type { Clock } from '../../clock.js';
import type { CustomerBody } from '../../payloads.js';
import { toDeliveryError } from '../results.js';
import type { BulkStats, DeliveryError } from '../types.js';
import { halves, jsonBytes } from './batches.js';
import { ABORTED, RESTLESS, readFailure, unknownOutcome } from './failures.js';
import { type ItemOutcome, readBatches } from './outcomes.js';
import { Queue } from './queue.js';

type Batch = components['schemas']['BulkBatchResource'];
type BulkKind = 'create' | 'update';

/** What the engine needs of Kustomer: the destination gives it call descriptions run by the client. */
export interface BulkApi {
  /** Sends a bulk request; resolves to the job's id. */
  submit(kind: BulkKind, items: Record<string, unknown>[]): Promise<string>;
  /** The job's batches. */
  read(jobId: string): Promise<readonly Batch[]>;
  /** The id of the customer with this externalId, or null. */
  findByExternalId(externalId: string): Promise<string | null>;
}

/** One record: a user's folded customer body, and for an update the customer's id. */
export interface BulkRecord {
  /** The `_clientRef` that matches the record to its result. */
  ref: string;
  body: CustomerBody;
  id?: string;
  /** Moves between create and update so far; a record that keeps moving is failed. */
  moves?: number;
}

type RecordOutcome =
  | { ok: true; action: 'created' | 'updated'; customerId?: string; jobId: string }
  | { ok: false; error: DeliveryError };

export type RecordResult = RecordOutcome & {
  /** Requests made since the last record settled: over all records, every request once. */
  requests: number;
};

/** What the engine learns of how long jobs take, kept across calls by its owner. */
export interface JobLatency {
  expectedMs: number;
  /** The longest a job has been seen still running: first reads never come sooner than this. */
  runningMs?: number;
}

export interface EngineOptions {
  api: BulkApi;
  clock: Clock;
  signal?: AbortSignal;
  /** Called exactly once per record, as soon as its outcome is final. */
  onSettled(record: BulkRecord, result: RecordResult): void;
  /** Called whenever records are queued, jobs start or jobs end. */
  onChange?(state: { queued: number; jobsRunning: number }): void;
  /**
   * Jobs submitted and not yet read at once: enough that the rate budget never idles. Default 64.
   * Until the first submit is answered (and the rate budget knows the org's limit) one runs.
   */
  maxJobsInFlight?: number;
  /** How long jobs have taken so far; updated as jobs are read. Default a first guess of 2 s. */
  latency?: JobLatency;
  /** How long to wait for one job before its records' outcome is called unknown. Default 15 min. */
  giveUpMs?: number;
}

const MAX_POLL_WAIT_MS = 60_000;
const MIN_FIRST_READ_MS = 100;
const MAX_MOVES = 3;

export async function runBulk(
  records: { create: BulkRecord[]; update: BulkRecord[] },
  options: EngineOptions,
): Promise<BulkStats> {
  const { api, clock, signal } = options;
  const giveUpMs = options.giveUpMs ?? 15 * 60_000;
  const stats: BulkStats = { submits: 0, reads: 0, polls: 0, lookups: 0, splits: 0 };
  const queues: Record<BulkKind, Queue<BulkRecord>> = {
    create: new Queue(records.create),
    update: new Queue(records.update),
  };
  const ready: Array<{ kind: BulkKind; batch: BulkRecord[] }> = [];
  const inFlight = new Set<Promise<void>>();
  let jobsRunning = 0;
  let unattributed = 0;
  // One job until a submit has been answered: its headers teach the rate budget the org's limit,
  // which it paces the rest by (a first burst of 64 went out unpaced and met 429s).
  let answered = false;
  // How long jobs take, learned from the jobs seen: the first read of a job waits this long.
  const latency = options.latency ?? { expectedMs: 2_000 };

  const changed = () =>
    options.onChange?.({
      queued:
        queues.create.size + queues.update.size + ready.reduce((n, r) => n + r.batch.length, 0),
      jobsRunning,
    });
  const settle = (record: BulkRecord, result: RecordOutcome) => {
    const requests = unattributed;
    unattributed = 0;
    options.onSettled(record, { ...result, requests });
  };
  const failAll = (batch: readonly BulkRecord[], error: DeliveryError) => {
    for (const record of batch) settle(record, { ok: false, error });
  };
  const move = (record: BulkRecord, kind: BulkKind, id?: string) => {
    const moves = (record.moves ?? 0) + 1;
    if (moves > MAX_MOVES) return settle(record, { ok: false, error: RESTLESS });
    const { id: _old, ...rest } = record;
    queues[kind].push(id === undefined ? { ...rest, moves } : { ...rest, id, moves });
  };

  const next = (): { kind: BulkKind; batch: BulkRecord[] } | undefined => {
    const split = ready.shift();
    if (split) return split;
    for (const kind of ['create', 'update'] as const) {
      const batch = queues[kind].take((r) => jsonBytes(itemOf(kind, r)));
      if (batch.length > 0) return { kind, batch };
    }
    return undefined;
  };

  const act = (
    kind: BulkKind,
    batch: BulkRecord[],
    jobId: string,
    outcomes: Map<string, ItemOutcome>,
  ) => {
    const seen = batch.map((record) => outcomes.get(record.ref) ?? UNKNOWN);
    // Every record failed: Kustomer rejected the batch as a whole without saying which was bad.
    if (batch.length > 1 && seen.every((o) => o.kind === 'failed')) {
      stats.splits++;
      for (const half of halves(batch)) if (half.length > 0) ready.push({ kind, batch: half });
      return;
    }
    const handle = (record: BulkRecord, outcome: ItemOutcome) => {
      switch (outcome.kind) {
        case 'done': {
          const { action, customerId } = outcome;
          settle(record, { ok: true, action, jobId, ...(customerId ? { customerId } : {}) });
          return;
        }
        case 'exists':
          if (outcome.customerId !== undefined) return move(record, 'update', outcome.customerId);
          return lookUp(record);
        case 'gone':
          return move(record, 'create');
        case 'failed':
          return settle(record, { ok: false, error: outcome.error });
        case 'unknown':
          return settle(record, { ok: false, error: unknownOutcome(jobId) });
      }
    };
    batch.forEach((record, i) => {
      handle(record, seen[i] ?? UNKNOWN);
    });
  };

  const lookUp = (record: BulkRecord) => {
    launch(async () => {
      try {
        stats.lookups++;
        unattributed++;
        const id = await api.findByExternalId(String(record.body.externalId));
        move(record, id === null ? 'create' : 'update', id ?? undefined);
      } catch (error) {
        settle(record, { ok: false, error: toDeliveryError(error) });
      }
    });
  };

  const runJob = async (kind: BulkKind, batch: BulkRecord[]): Promise<void> => {
    let jobId: string;
    try {
      stats.submits++;
      unattributed++;
      jobId = await api.submit(
        kind,
        batch.map((record) => itemOf(kind, record)),
      );
    } catch (error) {
      const failure = toDeliveryError(error);
      // A body Kustomer refused as a whole (too large, or malformed): halve it like a rejected job.
      if ((failure.status === 400 || failure.status === 413) && batch.length > 1) {
        stats.splits++;
        for (const half of halves(batch)) if (half.length > 0) ready.push({ kind, batch: half });
      } else failAll(batch, failure);
      return;
    }
    answered = true;
    const submittedAt = clock.now();
    let wait = latency.expectedMs;
    for (;;) {
      await clock.sleep(wait, signal);
      let batches: readonly Batch[];
      try {
        unattributed++;
        batches = await api.read(jobId);
      } catch (error) {
        const failure = toDeliveryError(error);
        return failAll(batch, {
          ...failure,
          message: readFailure(jobId, failure),
          retryable: true,
        });
      }
      const elapsed = clock.now() - submittedAt;
      const reading = readBatches(
        batches,
        batch.map((record) => record.ref),
      );
      if (reading.complete) {
        stats.reads++;
        // Found done: the job took at most the wait, so the next first read comes a little sooner
        // (not the elapsed time, which holds the read's own wait for the rate budget: learning it
        // made the wait grow with the queue until the budget idled), but never sooner than a job
        // was once seen still running: every job in flight reads at the same wait, so one guess
        // too short costs a poll for each of them.
        const floor = Math.max(MIN_FIRST_READ_MS, (latency.runningMs ?? 0) * 1.1);
        latency.expectedMs = Math.max(floor, latency.expectedMs * 0.99);
        return act(kind, batch, jobId, reading.outcomes);
      }
      stats.polls++;
      latency.runningMs = Math.min(MAX_POLL_WAIT_MS, Math.max(latency.runningMs ?? 0, elapsed));
      latency.expectedMs = Math.min(MAX_POLL_WAIT_MS, Math.max(latency.expectedMs, elapsed * 1.5));
      if (elapsed >= giveUpMs) return failAll(batch, unknownOutcome(jobId));
      wait = Math.min(MAX_POLL_WAIT_MS, wait * 2);
    }
  };

  function launch(work: () => Promise<void>): void {
    const task = work().finally(() => {
      inFlight.delete(task);
    });
    inFlight.add(task);
  }

  const maxJobs = options.maxJobsInFlight ?? 64;
  changed();
  for (;;) {
    if (signal?.aborted) {
      for (const kind of ['create', 'update'] as const) failAll(queues[kind].drain(), ABORTED);
      failAll(
        ready.splice(0).flatMap((r) => r.batch),
        ABORTED,
      );
    }
    const allowed = answered ? maxJobs : 1;
    const work = jobsRunning < allowed && !signal?.aborted ? next() : undefined;
    if (work) {
      jobsRunning++;
      launch(async () => {
        try {
          await runJob(work.kind, work.batch);
        } catch (error) {
          // Aborted while waiting for the job: its outcome is unknown.
          failAll(work.batch, { ...toDeliveryError(error), retryable: true });
        } finally {
          jobsRunning--;
          changed();
        }
      });
      changed();
      continue;
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight);
  }
  return stats;
}

/** A record as a bulk item: its fields, `_clientRef`, and for an update the customer's id. */
function itemOf(kind: BulkKind, record: BulkRecord): Record<string, unknown> {
  return kind === 'update'
    ? { ...record.body, id: record.id, _clientRef: record.ref }
    : { ...record.body, _clientRef: record.ref };
}

const UNKNOWN: ItemOutcome = { kind: 'unknown' };
