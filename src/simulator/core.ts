/**
 * The transport-free simulator: one request in, one answer (or a dropped connection) out. The msw
 * handlers and the node:http server are thin wrappers around `handle`.
 */
import { loadKustomerSpec, type SchemaIssue, type SpecOperation } from '../schema/openapi.js';
import { createFaults, type Faults } from './faults.js';
import { createRateWindow, type RateState, type RateWindow } from './rate-window.js';
import {
  createStore,
  type ErrorBody,
  errorBody,
  type OperationResult,
  type Store,
} from './store.js';
import type { FaultRule, RecordedRequest, SimulatorOptions } from './types.js';

export interface SimulatorRequest {
  method: string;
  /** An absolute URL or a path with its query, percent-encoding kept. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  bodyText: string;
}

export type SimulatorResponse =
  | { status: number; headers: Record<string, string>; bodyText: string }
  | { drop: true };

export interface SimulatorCore {
  handle(request: SimulatorRequest): Promise<SimulatorResponse>;
  readonly store: Store;
  readonly faults: Faults;
  /** The live log; callers must copy before handing it out. */
  readonly requests: readonly RecordedRequest[];
  reset(): void;
}

/** Kustomer's body limit for most endpoints (kustomer-api.md §4). */
export const MAX_BODY_BYTES = 100 * 1024;

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'too_many_requests',
  500: 'internal_server_error',
  501: 'not_implemented',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

export function createSimulatorCore(options: SimulatorOptions = {}): SimulatorCore {
  const now = options.now ?? Date.now;
  const spec = loadKustomerSpec();
  const store = createStore(now);
  const faults = createFaults();
  const rate: RateWindow = createRateWindow(options.rateLimitPerMinute, now);
  let requests: RecordedRequest[] = [];
  const addInitialFaults = (): void => {
    for (const rule of options.faults ?? []) faults.add(rule);
  };
  addInitialFaults();

  async function answer(
    request: SimulatorRequest,
    url: URL,
    operation: SpecOperation | undefined,
  ): Promise<SimulatorResponse> {
    const method = request.method.toUpperCase();
    const fault = faults.next(method, safeDecode(url.pathname));
    if (fault) {
      if (fault.delayMs !== undefined && fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.drop) return { drop: true };
      if (fault.status !== undefined) return faultAnswer(fault, rate.peek());
    }

    if (!authorized(request.headers.authorization, options.apiKey)) {
      return reply(401, errorBody('unauthorized', 'Missing or invalid bearer token'), rate.peek());
    }

    const budget = rate.take();
    if (!budget.allowed) {
      return reply(
        429,
        errorBody('too_many_requests', 'Rate limit exceeded for this window'),
        budget,
        true,
      );
    }

    if (Buffer.byteLength(request.bodyText, 'utf8') > MAX_BODY_BYTES) {
      return reply(
        413,
        errorBody('payload_too_large', `body: larger than ${MAX_BODY_BYTES} bytes`),
        budget,
      );
    }

    if (!operation) {
      return reply(404, errorBody('not_found', `No route for ${method} ${url.pathname}`), budget);
    }

    const parsed = parseBody(request.bodyText);
    if (!parsed.ok) return reply(400, badRequest([{ path: '', message: parsed.problem }]), budget);
    const issues = spec.validateRequestBody(operation, parsed.value);
    if (issues.length > 0) return reply(400, badRequest(issues), budget);
    const queryProblem = badReplace(operation, url);
    if (queryProblem) return reply(400, queryProblem, budget);

    const result = perform(store, operation, parsed.value, url);
    return reply(result.status, result.body, budget);
  }

  return {
    async handle(request) {
      const url = new URL(request.url, 'http://simulator.invalid');
      const method = request.method.toUpperCase();
      const operation = spec.matchOperation(method, url.pathname);
      const record: RecordedRequest = { method, path: url.pathname, status: 0 };
      if (operation) record.operationId = operation.operationId;
      requests.push(record);
      const response = await answer(request, url, operation);
      if (!('drop' in response)) record.status = response.status;
      return response;
    },
    store,
    faults,
    get requests() {
      return requests;
    },
    reset() {
      store.reset();
      faults.clear();
      addInitialFaults();
      rate.reset();
      requests = [];
    },
  };
}

/**
 * The operation itself, once the request has passed every check. The casts are safe because the
 * body has just been validated against the operation's schema in the spec.
 */
function perform(store: Store, operation: SpecOperation, body: unknown, url: URL): OperationResult {
  const { params } = operation;
  switch (operation.operationId) {
    case 'createCustomer':
      return store.createCustomer(body as Parameters<Store['createCustomer']>[0]);
    case 'getCustomerById':
      return store.getCustomer('id', params.id ?? '');
    case 'getCustomerByEmail':
      return store.getCustomer('email', params.email ?? '');
    case 'getCustomerByExternalId':
      return store.getCustomer('externalId', params.externalId ?? '');
    case 'updateCustomer':
      return store.updateCustomer(
        params.id ?? '',
        body as Parameters<Store['updateCustomer']>[1],
        url.searchParams.get('replace') === 'true' ? 'replace' : 'merge',
      );
    case 'updateCustomerAttributes':
      return store.updateCustomer(
        params.id ?? '',
        body as Parameters<Store['updateCustomer']>[1],
        'merge',
      );
    case 'createTrackingIdentityEvent':
      return store.identityEvent(body as Parameters<Store['identityEvent']>[0]);
    case 'createTrackingEvent':
      return store.trackingEvent(body as Parameters<Store['trackingEvent']>[0]);
    default:
      return {
        status: 501,
        body: errorBody('not_implemented', `${operation.operationId} is not simulated`),
      };
  }
}

/** The global timer, so that tests with fake timers control fault delays. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function authorized(header: string | undefined, apiKey: string | undefined): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  const key = match?.[1];
  if (key === undefined) return false;
  return apiKey === undefined || key === apiKey;
}

function faultAnswer(fault: FaultRule, state: RateState): SimulatorResponse {
  const status = fault.status ?? 500;
  const code = STATUS_CODES[status] ?? 'error';
  return reply(status, errorBody(code, `Injected fault: HTTP ${status}`), state, status === 429);
}

function reply(
  status: number,
  body: OperationResult['body'],
  state: RateState,
  withReset = false,
): SimulatorResponse {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
  };
  if (withReset) headers['x-ratelimit-reset'] = String(state.resetAt);
  if (body === undefined) return { status, headers, bodyText: '' };
  headers['content-type'] = 'application/json; charset=utf-8';
  return { status, headers, bodyText: JSON.stringify(body) };
}

/** Kustomer's 400: one `bad_request` item per problem, naming the field (kustomer-api.md §4). */
function badRequest(issues: SchemaIssue[]): ErrorBody {
  const [first, ...rest] = issues.map((issue) => ({
    code: 'bad_request',
    message: `${fieldName(issue.path)}: ${issue.message}`,
    meta: { pointer: issue.path },
  }));
  return { errors: first ? [first, ...rest] : [{ code: 'bad_request', message: 'body: invalid' }] };
}

/** `/event/name` → `event.name`; the body itself is `body`. */
function fieldName(pointer: string): string {
  if (pointer === '') return 'body';
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: 'is not valid JSON' };
  }
}

/** `replace` is the only query parameter the spec declares, a boolean (spec `Replace`). */
function badReplace(operation: SpecOperation, url: URL): ErrorBody | undefined {
  const replace = url.searchParams.get('replace');
  if (operation.operationId !== 'updateCustomer' || replace === null) return undefined;
  if (replace === 'true' || replace === 'false') return undefined;
  return errorBody('bad_request', 'replace: must be true or false', { parameter: 'replace' });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
