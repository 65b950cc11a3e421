/**
 * `createKustomerDestination`: the one place that turns events into Kustomer requests. Events are
 * mapped by the pure adapter, then delivered through the typed client with per-user ordering, one
 * concurrency limit, a shared rate budget and a cache of resolved customers (docs/architecture.md).
 */
import { mapEvent } from './adapter/index.js';
import type { MappedEvent } from './adapter/types.js';
import { createGatedClient } from './client/index.js';
import { systemClock } from './clock.js';
import { tallyAttempts } from './delivery/attempts.js';
import { bulkApi } from './delivery/bulk/api.js';
import { backfill } from './delivery/bulk/backfill.js';
import { CompanyDirectory } from './delivery/companies.js';
import { readDeliverySettings } from './delivery/config.js';
import { CustomerCache } from './delivery/customer-cache.js';
import { deleteCustomers, describeDeletion, planDeletionCalls } from './delivery/deletion.js';
import { type DeliveryContext, deliverMapped } from './delivery/deliver.js';
import { KeyedLanes, Semaphore } from './delivery/lanes.js';
import { planCalls } from './delivery/plan.js';
import { RateBudget } from './delivery/rate-budget.js';
import { failedResult, toDeliveryError } from './delivery/results.js';
import type {
  DeletionResult,
  DeliveryError,
  DeliveryResult,
  DestinationConfig,
  KustomerDestination,
  Logger,
} from './delivery/types.js';

export function createKustomerDestination(config: DestinationConfig): KustomerDestination {
  const settings = readDeliverySettings(config);
  const gate = new RateBudget({
    requestsPerMinute: settings.requestsPerMinute,
    ...(settings.clock ? { clock: settings.clock } : {}),
  });
  const client = createGatedClient(settings.client, gate);
  const logger = settings.logger;
  const clock = settings.clock ?? systemClock;
  // How long bulk jobs take, learned by one backfill and used by the next.
  const latency = { expectedMs: 2_000 };
  const lanes = new KeyedLanes();
  // The one limit on work in flight: every entry point's I/O runs inside a slot. A call waiting
  // (a backoff, a lost write's hold) gives its slot up: its user's lane still waits, other users
  // do not (docs/reliability.md §3).
  const slots = new Semaphore(settings.concurrency);
  const whileWaiting = (wait: () => Promise<void>) => slots.outside(wait);
  const context: DeliveryContext = {
    client,
    cache: new CustomerCache(settings.customerCacheSize),
    companies: new CompanyDirectory(settings.customerCacheSize),
    logger,
    whileWaiting,
  };

  const mapOrFail = (event: unknown): MappedEvent | DeliveryError => {
    try {
      return mapEvent(event, settings.mapper);
    } catch (error) {
      const failure = toDeliveryError(error);
      logger?.debug?.('invalid event', { name: failure.name, message: failure.message });
      return failure;
    }
  };

  /** In the key's lane, then in a slot; work not started before `signal` aborts is not started. */
  const inLane = <T>(key: string, signal: AbortSignal | undefined, work: () => Promise<T>) =>
    lanes.run(key, () => slots.run(async () => (signal?.aborted ? undefined : work())));

  const send = (event: unknown, signal?: AbortSignal): Promise<DeliveryResult> => {
    const mapped = mapOrFail(event);
    return isMapped(mapped) ? deliver(mapped, signal) : Promise.resolve(failedResult(mapped));
  };

  /** A mapped event, in its user's lane. */
  const deliver = async (mapped: MappedEvent, signal?: AbortSignal): Promise<DeliveryResult> => {
    const result = await inLane(mapped.userKey, signal, () =>
      deliverMapped(context, mapped, signal),
    );
    if (result === undefined) return failedResult(ABORTED, mapped.warnings);
    report(logger, mapped, result);
    return result;
  };

  return {
    send: (event, options = {}) => send(event, options.signal),

    async sendBatch(events, options = {}) {
      if (options.bulk) {
        const tally = tallyAttempts(logger, options.signal, whileWaiting);
        const api = bulkApi(client, tally.options);
        const { cache } = context;
        const backfillContext = { api, clock, cache, latency, sendTracking: deliver };
        return backfill(backfillContext, events.map(mapOrFail), options);
      }
      let done = 0;
      return Promise.all(
        events.map(async (event, index) => {
          const result = await send(event, options.signal);
          options.onProgress?.({ done: ++done, total: events.length, index, result });
          return result;
        }),
      );
    },

    plan(event, found = 'none') {
      const result = mapOrFail(event);
      if (!isMapped(result)) return { ok: false, error: result };
      try {
        return { ok: true, mapped: result, calls: planCalls(client.baseUrl, result, found) };
      } catch (error) {
        return { ok: false, error: toDeliveryError(error) };
      }
    },

    async deleteUser(user, options = {}): Promise<DeletionResult> {
      const tally = tallyAttempts(logger, options.signal, whileWaiting);
      const counts = () => ({ requests: tally.requests, retries: tally.retries });
      try {
        const deletion = describeDeletion(client.baseUrl, user);
        const outcome = await inLane(deletion.userKey, options.signal, async () => {
          const count = await deleteCustomers(client, deletion, tally.options);
          for (const key of deletion.externalIds) {
            context.cache.delete(key);
            context.companies.forgetLink(key);
          }
          return count;
        });
        if (outcome === undefined) return { ok: false, error: ABORTED, ...counts() };
        return { ok: true, ...outcome, ...counts() };
      } catch (error) {
        return { ok: false, error: toDeliveryError(error), ...counts() };
      }
    },

    planDeletion(user) {
      try {
        return {
          ok: true,
          calls: planDeletionCalls(client.baseUrl, describeDeletion(client.baseUrl, user)),
        };
      } catch (error) {
        return { ok: false, error: toDeliveryError(error) };
      }
    },
  };
}

const ABORTED: DeliveryError = {
  name: 'AbortError',
  message: 'Not sent: delivery was aborted before it started',
  retryable: true,
};

function isMapped(value: MappedEvent | DeliveryError): value is MappedEvent {
  return 'userKey' in value;
}

/** One record per event: counts and error class only, never a warning's or an error's text, which may quote personal data. */
function report(logger: Logger | undefined, plan: MappedEvent, result: DeliveryResult): void {
  if (!logger) return;
  const fields = { type: plan.type, requests: result.requests, warnings: result.warnings.length };
  if (result.ok) {
    logger.debug?.(`${plan.type} ${result.action}`, fields);
  } else {
    const { name, status, code, retryable } = result.error;
    logger.warn?.(`${plan.type} failed`, { ...fields, error: name, status, code, retryable });
  }
}
