/**
 * `createKustomerDestination`: the one place that turns events into Kustomer requests. Events are
 * mapped by the pure adapter, then delivered through the typed client with per-user ordering,
 * bounded concurrency, a shared rate budget and a cache of resolved customers.
 */
import { mapEvent } from './adapter/index.js';
import type { EventPlan } from './adapter/types.js';
import { createKustomerClient } from './client/index.js';
import type { KustomerClientOptions } from './client/types.js';
import { readDeliverySettings } from './delivery/config.js';
import { CustomerCache } from './delivery/customer-cache.js';
import { type DeliveryContext, deliverPlan } from './delivery/deliver.js';
import { KeyedLanes, Semaphore } from './delivery/lanes.js';
import { planCalls } from './delivery/plan.js';
import { RateBudget } from './delivery/rate-budget.js';
import { toDeliveryError } from './delivery/results.js';
import type {
  DeliveryError,
  DeliveryPlan,
  DeliveryResult,
  DestinationConfig,
  KustomerDestination,
  Logger,
  SendBatchOptions,
} from './delivery/types.js';

export function createKustomerDestination(config: DestinationConfig): KustomerDestination {
  const settings = readDeliverySettings(config);
  const budget = new RateBudget({
    requestsPerMinute: settings.requestsPerMinute,
    ...(config.clock ? { clock: config.clock } : {}),
  });
  const client = createKustomerClient(clientOptions(config, budget));
  const context: DeliveryContext = { client, cache: new CustomerCache(settings.customerCacheSize) };
  const lanes = new KeyedLanes();
  const slots = new Semaphore(settings.concurrency);
  const logger = config.logger;

  const mapped = (event: unknown): EventPlan | DeliveryError => {
    try {
      return mapEvent(event, settings.mapper);
    } catch (error) {
      return toDeliveryError(error);
    }
  };

  const deliverInLane = async (
    plan: EventPlan,
    signal: AbortSignal | undefined,
    limit: Semaphore | undefined,
  ): Promise<DeliveryResult> => {
    const run = () => deliverPlan(context, plan, signal);
    const result = await lanes.run(plan.userKey, limit ? () => limit.run(run) : run);
    report(logger, plan, result);
    return result;
  };

  return {
    async send(event, options = {}) {
      const plan = mapped(event);
      if (!isPlan(plan)) return failed(plan);
      return deliverInLane(plan, options.signal, slots);
    },

    async sendBatch(events, options = {}) {
      return sendBatch(events, options, settings.concurrency, mapped, deliverInLane);
    },

    async plan(event, lookup = 'none'): Promise<DeliveryPlan> {
      const plan = mapped(event);
      if (!isPlan(plan)) return { ok: false, error: plan };
      return { ok: true, plan, calls: planCalls(client.baseUrl, plan, lookup) };
    },

    async deleteUser() {
      const error = {
        name: 'KustomerError',
        message: 'deleteUser is not built yet',
        retryable: false,
      };
      return { ok: false, error, requests: 0, retries: 0 };
    },

    async planDeletion() {
      const error = {
        name: 'KustomerError',
        message: 'deleteUser is not built yet',
        retryable: false,
      };
      return { ok: false, error };
    },
  };
}

/**
 * Delivers a batch: users in order of first appearance, up to `concurrency` users at a time, each
 * user's events one after another in input order. Results come back in input order.
 */
async function sendBatch(
  events: readonly unknown[],
  options: SendBatchOptions,
  defaultConcurrency: number,
  mapped: (event: unknown) => EventPlan | DeliveryError,
  deliver: (
    plan: EventPlan,
    signal: AbortSignal | undefined,
    limit: undefined,
  ) => Promise<DeliveryResult>,
): Promise<DeliveryResult[]> {
  const results = new Array<DeliveryResult>(events.length);
  const byUser = new Map<string, Array<{ index: number; plan: EventPlan }>>();
  let done = 0;
  const settle = (index: number, result: DeliveryResult) => {
    results[index] = result;
    done++;
    options.onProgress?.({ done, total: events.length, index, result });
  };
  events.forEach((event, index) => {
    const plan = mapped(event);
    if (!isPlan(plan)) {
      settle(index, failed(plan));
      return;
    }
    const queue = byUser.get(plan.userKey);
    if (queue) queue.push({ index, plan });
    else byUser.set(plan.userKey, [{ index, plan }]);
  });

  const users = byUser.values();
  const worker = async () => {
    for (let next = users.next(); !next.done; next = users.next()) {
      for (const { index, plan } of next.value) {
        settle(
          index,
          options.signal?.aborted
            ? abortedResult(plan)
            : await deliver(plan, options.signal, undefined),
        );
      }
    }
  };
  const concurrency = options.concurrency ?? defaultConcurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError('sendBatch concurrency must be a whole number of at least 1');
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, byUser.size) }, worker));
  return results;
}

function failed(error: DeliveryError, warnings: string[] = []): DeliveryResult {
  return { ok: false, error, requests: 0, retries: 0, warnings };
}

function abortedResult(plan: EventPlan): DeliveryResult {
  const error = { name: 'AbortError', message: 'Not sent: the batch was aborted', retryable: true };
  return failed(error, plan.warnings);
}

function clientOptions(config: DestinationConfig, gate: RateBudget): KustomerClientOptions {
  const options: KustomerClientOptions = { apiKey: config.apiKey, gate };
  if (config.region !== undefined) options.region = config.region;
  if (config.orgName !== undefined) options.orgName = config.orgName;
  if (config.baseUrl !== undefined) options.baseUrl = config.baseUrl;
  if (config.allowInsecureBaseUrl !== undefined) {
    options.allowInsecureBaseUrl = config.allowInsecureBaseUrl;
  }
  if (config.retry !== undefined) options.retry = config.retry;
  if (config.timeoutMs !== undefined) options.timeoutMs = config.timeoutMs;
  if (config.fetch !== undefined) options.fetch = config.fetch;
  if (config.userAgent !== undefined) options.userAgent = config.userAgent;
  if (config.clock !== undefined) options.clock = config.clock;
  return options;
}

function isPlan(value: EventPlan | DeliveryError): value is EventPlan {
  return 'userKey' in value;
}

function report(logger: Logger | undefined, plan: EventPlan, result: DeliveryResult): void {
  if (!logger) return;
  if (result.ok) {
    logger.debug?.(`${plan.type} ${result.action}`, { requests: result.requests });
    for (const warning of result.warnings) logger.warn?.(warning, { type: plan.type });
  } else {
    logger.warn?.(`${plan.type} failed: ${result.error.message}`, {
      status: result.error.status,
      retryable: result.error.retryable,
    });
  }
}
