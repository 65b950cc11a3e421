/**
 * Bulk jobs (docs/kustomer-api.md §6.1): a bulk create or update of up to 100 customers answers at
 * once with a queued job; the job is `queued`, then `running`, then `complete` on the simulator's
 * clock, and only when it completes are its items applied, in submission order. Its one batch then
 * reports per-item results matched by `_clientRef`. One invalid item rejects the whole batch
 * without naming the item (as Hightouch reports of Kustomer: https://hightouch.com/docs/destinations/kustomer);
 * an `externalId` another customer holds fails that item alone, naming the holder in `meta`.
 */
import type { components } from '../../generated/kustomer.js';
import type { Customers, OperationResult } from './customers.js';
import { errorBody } from './errors.js';
import type { MintId } from './ids.js';
import { ORG_ID, USER_ID } from './ids.js';
import type { SimulatedBulkJob } from './types.js';

type Schemas = components['schemas'];
type CustomerBody = Schemas['CustomerBody'];
type ItemResult = Schemas['BulkItemResult'];
type BatchAttributes = Schemas['BulkBatchResource']['attributes'];

type BulkKind = 'create' | 'update';

/** Whether an item's customer fields are ones Kustomer accepts: problems as text, none when valid. */
export type ItemCheck = (fields: CustomerBody) => string[];

type BulkAnswer = OperationResult;

export interface BulkJobs {
  submit(kind: BulkKind, items: readonly Record<string, unknown>[]): BulkAnswer;
  get(id: string): BulkAnswer;
  batches(id: string): BulkAnswer;
  /** Applies every job whose completion time has come, oldest first. */
  settle(): void;
  /** The live jobs, in submission order; callers must copy before handing them out. */
  all(): readonly SimulatedBulkJob[];
  reset(): void;
}

interface Job extends SimulatedBulkJob {
  items: readonly Record<string, unknown>[];
  results: ItemResult[];
  errors: Schemas['BulkItemError'][];
}

const CONTEXT: Record<BulkKind, string> = {
  create: 'api.sobjects.customers.bulk-create',
  update: 'api.sobjects.customers.bulk-update',
};

export function createBulkJobs(options: {
  customers: Customers;
  mintId: MintId;
  now: () => number;
  /** Submission to completion, in milliseconds of the simulator's clock. */
  durationMs: number;
  check: ItemCheck;
}): BulkJobs {
  const { customers, mintId, now, durationMs, check } = options;
  let jobs = new Map<string, Job>();
  let pending: Job[] = [];
  const iso = (at: number) => new Date(at).toISOString();

  const statusOf = (job: Job): SimulatedBulkJob['status'] => {
    if (job.completedAt !== undefined) return 'complete';
    // Queued for the first fifth of its time, then running: a worker has it.
    return now() - Date.parse(job.submittedAt) < durationMs / 5 ? 'queued' : 'running';
  };

  const run = (job: Job): void => {
    const problems = job.items.flatMap((item) => check(fieldsOf(job.kind, item)));
    if (problems.length > 0) {
      const error = {
        code: 'bad_request',
        message: 'The batch was rejected: one of its items is invalid',
      };
      job.errors = [error];
      job.results = job.items.map((item) => ({ _clientRef: refOf(item), status: 'failed', error }));
    } else {
      job.results = job.items.map((item) => apply(customers, job.kind, item));
      job.errors = job.results.flatMap((r) =>
        r.error ? [{ ...r.error, _clientRef: r._clientRef }] : [],
      );
    }
    job.successCount = job.results.filter((r) => r.status !== 'failed').length;
    job.failureCount = job.results.length - job.successCount;
    job.completedAt = iso(Date.parse(job.submittedAt) + durationMs);
  };

  const envelope = (job: Job): Schemas['BulkOperationEnvelope'] => {
    const status = statusOf(job);
    const done = status === 'complete' ? 1 : 0;
    return {
      data: {
        type: 'bulk',
        id: job.id,
        attributes: {
          ids: [],
          context: CONTEXT[job.kind],
          status,
          v2: true,
          batches: { complete: done, total: 1 },
          createdAt: job.submittedAt,
          updatedAt: job.completedAt ?? job.submittedAt,
          completed: status === 'complete',
        },
        relationships: {
          org: { links: { self: `/v1/orgs/${ORG_ID}` }, data: { type: 'org', id: ORG_ID } },
          createdBy: {
            links: { self: `/v1/users/${USER_ID}` },
            data: { type: 'user', id: USER_ID },
          },
        },
        links: { self: `/v1/bulk/${job.id}` },
      },
    };
  };

  const batch = (job: Job): Schemas['BulkBatchResource'] => {
    const status = statusOf(job);
    const attributes: BatchAttributes =
      status === 'complete'
        ? {
            status: 'complete',
            objectIds: job.results.flatMap((r) => (r.id === undefined ? [] : [r.id])),
            successCount: job.successCount,
            failureCount: job.failureCount,
            completedAt: job.completedAt ?? null,
            errors: job.errors,
            // Kustomer adds `results` only for items sent with a `_clientRef`.
            results: job.results.filter((r) => r._clientRef !== ''),
          }
        : {
            status: status === 'queued' ? 'queued' : 'scheduled',
            objectIds: [],
            successCount: 0,
            failureCount: 0,
            completedAt: null,
            errors: [],
          };
    return { type: 'bulk_batch', id: `${job.id}-1`, attributes };
  };

  const settle = (): void => {
    const at = now();
    while (pending[0] !== undefined && Date.parse(pending[0].submittedAt) + durationMs <= at) {
      const job = pending.shift() as Job;
      run(job);
    }
  };

  const find = (id: string): Job | undefined => {
    settle();
    return jobs.get(id);
  };
  const notFound = (): BulkAnswer => ({ status: 404, body: errorBody(404, 'Bulk job not found') });

  return {
    submit(kind, items) {
      settle();
      const job: Job = {
        id: mintId('bulk'),
        kind,
        size: items.length,
        status: 'queued',
        submittedAt: iso(now()),
        successCount: 0,
        failureCount: 0,
        items: structuredClone(items),
        results: [],
        errors: [],
      };
      jobs.set(job.id, job);
      pending.push(job);
      return { status: 201, body: envelope(job) };
    },
    get(id) {
      const job = find(id);
      return job ? { status: 200, body: envelope(job) } : notFound();
    },
    batches(id) {
      const job = find(id);
      return job ? { status: 200, body: { data: [batch(job)] } } : notFound();
    },
    settle,
    all() {
      settle();
      return [...jobs.values()].map((job) => ({
        id: job.id,
        kind: job.kind,
        size: job.size,
        status: statusOf(job),
        submittedAt: job.submittedAt,
        successCount: job.successCount,
        failureCount: job.failureCount,
        ...(job.completedAt === undefined ? {} : { completedAt: job.completedAt }),
      }));
    },
    reset() {
      jobs = new Map();
      pending = [];
    },
  };
}

/** One item applied to the store, as its per-item result. */
function apply(customers: Customers, kind: BulkKind, item: Record<string, unknown>): ItemResult {
  const ref = refOf(item);
  const fields = fieldsOf(kind, item);
  const answer =
    kind === 'create'
      ? customers.create(fields)
      : customers.update(String(item.id), fields, 'merge');
  const body = answer.body as { data?: { id?: string }; errors?: Schemas['KustomerErrorObject'][] };
  if (answer.status < 300 && body.data?.id !== undefined) {
    return { _clientRef: ref, status: kind === 'create' ? 'created' : 'updated', id: body.data.id };
  }
  const first = body.errors?.[0];
  const error = {
    code: first?.code ?? 'error',
    ...(first?.message === undefined ? {} : { message: first.message }),
    ...(first?.meta === undefined ? {} : { meta: first.meta }),
  };
  return { _clientRef: ref, status: 'failed', error };
}

/** The customer fields of an item: without `_clientRef`, and for an update without `id`. */
function fieldsOf(kind: BulkKind, item: Record<string, unknown>): CustomerBody {
  const { _clientRef: _ref, ...rest } = item;
  if (kind === 'create') return rest as CustomerBody;
  const { id: _id, ...fields } = rest;
  return fields as CustomerBody;
}

function refOf(item: Record<string, unknown>): string {
  return typeof item._clientRef === 'string' ? item._clientRef : '';
}
