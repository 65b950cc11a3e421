/**
 * `sendBatch(events, { bulk: true })`: a backfill (docs/bulk.md). Each user's identifies are folded
 * into one record; records of users the destination knows (a Kustomer id named by the event or
 * remembered) go out as bulk updates, the rest as bulk creates with `externalId`, which Kustomer
 * keeps unique, so a record sent twice never makes a second customer. A user's tracking events,
 * which have no bulk endpoint, follow the user's record one by one in input order. One result per
 * input event, in input order; an identify is delivered only when its job reported it done.
 */
import type { MappedEvent } from '../../adapter/types.js';
import type { Clock } from '../../clock.js';
import type { CustomerCache } from '../customer-cache.js';
import { failedResult } from '../results.js';
import type { BulkProgress, DeliveryError, DeliveryResult, SendBatchOptions } from '../types.js';
import {
  type BulkApi,
  type BulkRecord,
  type JobLatency,
  type RecordResult,
  runBulk,
} from './engine.js';
import { type BulkUser, foldPlans } from './fold.js';

export interface BackfillContext {
  api: BulkApi;
  clock: Clock;
  cache: CustomerCache;
  /** How long bulk jobs take, learned across calls. */
  latency: JobLatency;
  /** Delivers one event the way `send` does, in its user's lane (tracking; a user with companies: any). */
  sendTracking(plan: MappedEvent, signal?: AbortSignal): Promise<DeliveryResult>;
}

export async function backfill(
  context: BackfillContext,
  mapped: ReadonlyArray<MappedEvent | DeliveryError>,
  options: SendBatchOptions = {},
): Promise<DeliveryResult[]> {
  const total = mapped.length;
  const results: DeliveryResult[] = new Array(total);
  const progress: BulkProgress = { queued: 0, jobsRunning: 0, settled: 0, total };
  let done = 0;
  const finish = (index: number, result: DeliveryResult) => {
    results[index] = result;
    progress.settled = ++done;
    options.onProgress?.({ done, total, index, result });
  };

  const plans: Array<{ index: number; plan: MappedEvent }> = [];
  mapped.forEach((item, index) => {
    if ('userKey' in item) plans.push({ index, plan: item });
    else finish(index, failedResult(item));
  });
  const planAt = (index: number) => mapped[index] as MappedEvent;

  const followers: Promise<void>[] = [];
  const follow = (user: BulkUser) => {
    if (user.tracking.length === 0) return;
    followers.push(
      (async () => {
        for (const index of user.tracking) {
          finish(index, await context.sendTracking(planAt(index), options.signal));
        }
      })(),
    );
  };

  const create: BulkRecord[] = [];
  const update: BulkRecord[] = [];
  const owners = new Map<string, BulkUser>();
  for (const user of foldPlans(plans)) {
    if (user.body === undefined) {
      follow(user);
      continue;
    }
    const ref = String(user.identifies[0]);
    owners.set(ref, user);
    const id = user.kustomerId ?? context.cache.get(user.userKey);
    if (id === undefined) create.push({ ref, body: user.body });
    else update.push({ ref, body: user.body, id });
  }

  const stats = await runBulk(
    { create, update },
    {
      api: context.api,
      clock: context.clock,
      latency: context.latency,
      ...(options.signal ? { signal: options.signal } : {}),
      onSettled(record, outcome) {
        const user = owners.get(record.ref);
        if (user === undefined) return;
        if (outcome.ok && outcome.customerId) context.cache.set(user.userKey, outcome.customerId);
        // The requests go on the first identify, so that results add up to the requests made.
        user.identifies.forEach((index, i) => {
          finish(index, identifyResult(planAt(index), outcome, i === 0 ? outcome.requests : 0));
        });
        follow(user);
      },
      onChange(state) {
        progress.queued = state.queued;
        progress.jobsRunning = state.jobsRunning;
        options.onBulkProgress?.({ ...progress });
      },
    },
  );
  await Promise.all(followers);
  options.onBulkProgress?.({ ...progress, stats });
  return results;
}

function identifyResult(
  plan: MappedEvent,
  outcome: RecordResult,
  requests: number,
): DeliveryResult {
  const extra = {
    requests,
    retries: 0,
    warnings: plan.warnings,
    ...(plan.notSent.length > 0 ? { notSent: plan.notSent } : {}),
  };
  if (!outcome.ok) return { ok: false, error: outcome.error, ...extra };
  return {
    ok: true,
    action: outcome.action,
    ...(outcome.customerId ? { customerId: outcome.customerId } : {}),
    bulkJobId: outcome.jobId,
    ...extra,
  };
}
