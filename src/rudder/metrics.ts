/**
 * `GET /metrics`: Prometheus text (prom-client) for operators to alert on, as rudder-transformer
 * exposes its own. Labels hold no key and no looked-up value: event types, statuses, methods.
 * Each handler has its own registry, so several can live in one process (docs/metrics.md).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Admission } from './admission.js';
import type { CustomerMemory } from './customer-memory.js';
import type { Fetch } from './outbound-limit.js';
import type { RouterResponse, TransformerInput } from './types.js';

export interface TransformerMetrics {
  readonly registry: Registry;
  /** Counts the events of one answered call by type and status. */
  events(
    feature: 'processor' | 'router',
    inputs: readonly unknown[],
    statuses: readonly EventStatus[],
  ): void;
  /** Counts a whole call answered 503 or 429 for rudder-server to retry. */
  retryAnswer(status: number, reason: 'transient' | 'busy'): void;
  /** Counts a sender dropped because its body did not arrive in time. */
  slowSender(): void;
  /** Wraps the fetch lookups use: every request to Kustomer counted and timed. */
  timeFetch(fetch: Fetch): Fetch;
}

/** An output's status, with the input it answers when known (router outputs can answer several). */
export interface EventStatus {
  input: number;
  status: number;
}

const TYPES = new Set(['identify', 'track', 'page', 'screen', 'group', 'alias']);

export function createMetrics(
  admissions: { transforms: Admission; proxied: Admission },
  memory?: CustomerMemory,
): TransformerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kustomer_transformer_' });
  const events = new Counter({
    name: 'kustomer_transformer_events_total',
    help: 'Events answered, by endpoint, event type and per-event status',
    labelNames: ['feature', 'type', 'status'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'kustomer_transformer_retry_answers_total',
    help: 'Whole calls answered 503 or 429 so that rudder-server retries them, by status and reason',
    labelNames: ['status', 'reason'] as const,
    registers: [registry],
  });
  const slow = new Counter({
    name: 'kustomer_transformer_slow_senders_total',
    help: 'Connections dropped because the request body did not arrive within bodyTimeoutMs',
    registers: [registry],
  });
  new Counter({
    name: 'kustomer_transformer_customer_cache_total',
    help: 'Identify resolutions answered from the customer cache (hit) or by lookups (miss)',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      // The memory keeps its own running totals; the counter mirrors them.
      this.reset();
      this.inc({ result: 'hit' }, memory?.hits ?? 0);
      this.inc({ result: 'miss' }, memory?.misses ?? 0);
    },
  });
  const requests = new Counter({
    name: 'kustomer_transformer_kustomer_requests_total',
    help: 'Requests to Kustomer (lookups, deletions), by method and status (0: no answer)',
    labelNames: ['method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'kustomer_transformer_kustomer_request_duration_seconds',
    help: 'Time from sending a request to Kustomer to its answer, by method',
    labelNames: ['method'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'kustomer_transformer_requests_in_flight',
    help: 'Calls being handled now: transforms (Kustomer) and proxied (to the upstream transformer)',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      this.set({ kind: 'transforms' }, admissions.transforms.usage().requests);
      this.set({ kind: 'proxied' }, admissions.proxied.usage().requests);
    },
  });
  new Gauge({
    name: 'kustomer_transformer_requests_queued',
    help: 'Transform calls whose body has arrived, waiting in arrival order for a working slot',
    registers: [registry],
    collect() {
      this.set(admissions.transforms.usage().queued);
    },
  });

  return {
    registry,
    events(feature, inputs, statuses) {
      for (const { input, status } of statuses) {
        events.inc({ feature, type: typeOf(inputs[input]), status: String(status) });
      }
    },
    retryAnswer: (status, reason) => retries.inc({ status: String(status), reason }),
    slowSender: () => slow.inc(),
    timeFetch(fetch) {
      return async (request) => {
        const stop = latency.startTimer({ method: request.method });
        try {
          const response = await fetch(request);
          requests.inc({ method: request.method, status: String(response.status) });
          return response;
        } catch (error) {
          requests.inc({ method: request.method, status: '0' });
          throw error;
        } finally {
          stop();
        }
      };
    },
  };
}

function typeOf(input: unknown): string {
  const message =
    typeof input === 'object' && input !== null ? (input as TransformerInput).message : undefined;
  const type =
    typeof message === 'object' && message !== null ? Reflect.get(message, 'type') : undefined;
  const lower = typeof type === 'string' ? type.toLowerCase() : '';
  return TYPES.has(lower) ? lower : 'other';
}

/** Router outputs name their inputs by metadata (merged identifies list several, docs/deviations.md D8). */
export function routerStatuses(
  inputs: readonly unknown[],
  response: RouterResponse,
): EventStatus[] {
  const indexOf = new Map<unknown, number>();
  inputs.forEach((input, index) => {
    const metadata =
      typeof input === 'object' && input !== null ? Reflect.get(input, 'metadata') : undefined;
    if (metadata !== undefined) indexOf.set(metadata, index);
  });
  const statuses: EventStatus[] = [];
  for (const output of response.output) {
    for (const metadata of output.metadata) {
      const input = indexOf.get(metadata);
      if (input !== undefined) statuses.push({ input, status: output.statusCode });
    }
  }
  return statuses;
}
