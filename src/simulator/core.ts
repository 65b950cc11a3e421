/**
 * The transport-free simulator: one request in, one answer (or a dropped connection) out. The msw
 * handlers and the node:http server are thin wrappers around `handle`. The checks run in the order
 * of Kustomer's request lifecycle (docs/kustomer-api.md §4): key, role, rate limit, body.
 */
import { maxBodyBytes } from '../../generated/limits.js';
import { withDefinedAttributes } from './attributes.js';
import { badRequest, type ErrorBody, errorBody } from './errors.js';
import { createFaults, type Faults } from './faults.js';
import { inspect } from './inspect.js';
import { bodyCheck } from './leniency.js';
import { resolveOptions } from './options.js';
import { safeDecode } from './paths.js';
import { createRateWindow, type RateState } from './rate-window.js';
import { type MatchedRoute, matchRoute } from './routes.js';
import { createStore, type Store } from './store.js';
import type { FaultRule, RecordedRequest, SimulatorOptions } from './types.js';
import type { SimulatorRequest, SimulatorResponse } from './wire.js';

export interface SimulatorCore {
  handle(request: SimulatorRequest): Promise<SimulatorResponse>;
  readonly store: Store;
  readonly faults: Faults;
  /** The live log of recent requests; callers must copy before handing it out. */
  readonly requests: readonly RecordedRequest[];
  /** The rate limit in force; undefined for none. */
  readonly rateLimitPerMinute: number | undefined;
  /** Changes the rate limit (undefined: none) and starts a fresh window. */
  setRateLimit(limit: number | undefined): void;
  /** Calls `listener` after every Kustomer request is answered (the console's feed). */
  observe(listener: (exchange: Exchange) => void): () => void;
  /** Calls `listener` after every reset. */
  onReset(listener: () => void): () => void;
  reset(): void;
}

/** One answered Kustomer request, for observers (./console/). */
export interface Exchange {
  request: SimulatorRequest;
  method: string;
  url: URL;
  operationId?: string;
  params: Readonly<Record<string, string>>;
  response: SimulatorResponse;
  /** The injected fault that answered or delayed it, if one did. */
  fault?: FaultRule;
  /** When it arrived, by the simulator's clock (epoch ms). */
  at: number;
  durationMs: number;
}

/** Kustomer's body limit for most endpoints (spec `PayloadTooLarge`; docs/kustomer-api.md §4). */
const MAX_BODY_BYTES = maxBodyBytes;

export function createSimulatorCore(options: SimulatorOptions = {}): SimulatorCore {
  const settings = resolveOptions(options);
  const { clock } = settings;
  const now = () => clock.now();
  const check = withDefinedAttributes(bodyCheck(settings.strict), settings.customAttributes);
  const store = createStore(now, {
    bulkJobMs: settings.bulkJobMs,
    check: (fields) => check('CustomerBody', fields).map((i) => `${i.path} ${i.message}`),
  });
  const faults = createFaults();
  let rate = createRateWindow(settings.rateLimitPerMinute, now);
  let requests: RecordedRequest[] = [];
  const observers = new Set<(exchange: Exchange) => void>();
  const resetListeners = new Set<() => void>();
  const addInitialFaults = (): void => {
    for (const rule of settings.faults) faults.add(rule);
  };
  addInitialFaults();

  const record = (entry: RecordedRequest): void => {
    requests.push(entry);
    if (requests.length > settings.maxRecordedRequests) requests.shift();
  };

  async function answer(
    request: SimulatorRequest,
    url: URL,
    matched: MatchedRoute | undefined,
    seen: { fault?: FaultRule },
  ): Promise<SimulatorResponse> {
    const method = request.method.toUpperCase();
    const fault = faults.next(method, safeDecode(url.pathname));
    if (fault) {
      seen.fault = fault;
      if (fault.delayMs !== undefined && fault.delayMs > 0) await clock.sleep(fault.delayMs);
      if (fault.drop) return { drop: true };
      if (fault.status !== undefined) return faultAnswer(fault.status, rate.peek(), now());
    }

    if (!authorized(request.headers.authorization, settings.apiKey)) {
      return reply(401, errorBody(401, 'Missing or invalid bearer token'), rate.peek());
    }
    if (matched && !matched.route.roles.some((role) => settings.roles.has(role))) {
      const needs = matched.route.roles.join(' or ');
      return reply(403, errorBody(403, `The key lacks the role ${needs}`), rate.peek());
    }

    const budget = rate.take();
    if (!budget.allowed) {
      const limited = errorBody(429, 'Rate limit exceeded for this window');
      return reply(429, limited, budget.state, true);
    }
    if (Buffer.byteLength(request.bodyText, 'utf8') > MAX_BODY_BYTES) {
      const tooLarge = errorBody(413, `body: larger than ${MAX_BODY_BYTES} bytes`, {
        pointer: '',
      });
      return reply(413, tooLarge, budget.state);
    }
    if (!matched) {
      return reply(404, errorBody(404, `No route for ${method} ${url.pathname}`), budget.state);
    }

    const prepared = prepare(matched, request.bodyText, url);
    if (!prepared.ok) return reply(400, prepared.error, budget.state);
    const result = matched.route.perform(store, matched.params, prepared.body, url);
    return reply(result.status, result.body, budget.state);
  }

  /** The parsed body once it passes the route's checks, or the 400 that says why not. */
  function prepare(
    { route }: MatchedRoute,
    text: string,
    url: URL,
  ): { ok: true; body: unknown } | { ok: false; error: ErrorBody } {
    const parsed = parseBody(text);
    if (!parsed.ok) return { ok: false, error: invalid(parsed.problem) };
    if (route.shape !== undefined) {
      const problem = route.shape(parsed.value);
      return problem === undefined
        ? { ok: true, body: parsed.value }
        : { ok: false, error: invalid(problem) };
    }
    if (route.body === undefined) {
      return parsed.value === undefined
        ? { ok: true, body: undefined }
        : { ok: false, error: invalid('the operation takes no body') };
    }
    const issues = check(route.body, parsed.value);
    if (issues.length > 0) return { ok: false, error: badRequest(issues) };
    const replace = url.searchParams.get('replace');
    if (
      route.operationId === 'updateCustomer' &&
      replace !== null &&
      !/^(true|false)$/.test(replace)
    ) {
      const error = errorBody(400, 'replace: must be true or false', { parameter: 'replace' });
      return { ok: false, error };
    }
    return { ok: true, body: parsed.value };
  }

  return {
    async handle(request) {
      const url = new URL(request.url, 'http://simulator.invalid');
      const method = request.method.toUpperCase();
      // Bulk jobs due by now are applied before anything reads or writes the store.
      store.bulk.settle();
      const inspected = inspect(method, url.pathname, { store, requests: () => requests, reset });
      if (inspected) return inspected;
      const matched = matchRoute(method, url.pathname);
      const entry: RecordedRequest = { method, path: url.pathname, status: 0 };
      if (matched) entry.operationId = matched.route.operationId;
      record(entry);
      const at = now();
      const started = performance.now();
      const seen: { fault?: FaultRule } = {};
      const response = await answer(request, url, matched, seen);
      if (!('drop' in response)) entry.status = response.status;
      if (observers.size > 0) {
        const exchange: Exchange = {
          request,
          method,
          url,
          params: matched?.params ?? {},
          response,
          at,
          durationMs: performance.now() - started,
        };
        if (matched) exchange.operationId = matched.route.operationId;
        if (seen.fault) exchange.fault = seen.fault;
        for (const listener of observers) listener(exchange);
      }
      return response;
    },
    store,
    faults,
    get requests() {
      return requests;
    },
    get rateLimitPerMinute() {
      return settings.rateLimitPerMinute;
    },
    setRateLimit(limit) {
      settings.rateLimitPerMinute = limit;
      rate = createRateWindow(limit, now);
    },
    observe: (listener) => subscribe(observers, listener),
    onReset: (listener) => subscribe(resetListeners, listener),
    reset,
  };

  function reset(): void {
    store.reset();
    faults.clear();
    addInitialFaults();
    rate.reset();
    requests = [];
    for (const listener of resetListeners) listener();
  }
}

function subscribe<T>(listeners: Set<T>, listener: T): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function authorized(header: string | undefined, apiKey: string | undefined): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  const key = match?.[1];
  if (key === undefined) return false;
  return apiKey === undefined || key === apiKey;
}

/** An injected failure; an injected 429 says when the current minute ends, as Kustomer's would. */
function faultAnswer(status: number, state: RateState | undefined, now: number): SimulatorResponse {
  const resetAt = state?.resetAt ?? Math.ceil((now + 1) / 60_000) * 60;
  const headers = status === 429 ? { 'x-ratelimit-reset': String(resetAt) } : {};
  const answer = reply(status, errorBody(status, `Injected fault: HTTP ${status}`), state);
  return 'drop' in answer ? answer : { ...answer, headers: { ...answer.headers, ...headers } };
}

function reply(
  status: number,
  body: ErrorBody | object | undefined,
  state: RateState | undefined,
  withReset = false,
): SimulatorResponse {
  const headers: Record<string, string> = {};
  if (state) {
    headers['x-ratelimit-limit'] = String(state.limit);
    headers['x-ratelimit-remaining'] = String(state.remaining);
    if (withReset) headers['x-ratelimit-reset'] = String(state.resetAt);
  }
  if (body === undefined) return { status, headers, bodyText: '' };
  headers['content-type'] = 'application/json; charset=utf-8';
  return { status, headers, bodyText: JSON.stringify(body) };
}

function invalid(problem: string): ErrorBody {
  return badRequest([{ path: '', message: problem, keyword: 'type' }]);
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: 'is not valid JSON' };
  }
}
