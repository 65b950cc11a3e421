/**
 * The Kustomer operations, and the one place that looks at openapi-fetch's `{ data, error,
 * response }` (STYLE.md rule 8): callers get typed data, `null` for a lookup that finds nothing, or
 * a thrown `KustomerApiError`. Each call runs attempts through the gate, with a per-attempt timeout,
 * and retries what `isRetryableStatus` allows with the policy in `retry.ts`.
 */
import type { Client, Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/kustomer.js';
import { KustomerApiError, KustomerError, type RedactedRequest, redactHeaders } from '../errors.js';
import type { ResolvedClientOptions } from './options.js';
import { scrub, scrubBody } from './redact.js';
import { isRefusedRedirect, REDIRECT_MESSAGE, RedirectRefusedError } from './redirect.js';
import { parseRateLimitReset, retryDelayMs } from './retry.js';
import type { CallOptions, KustomerClient } from './types.js';

export type KustomerApi = Client<paths>;

export type OperationRuntime = Pick<
  ResolvedClientOptions,
  'apiKey' | 'timeoutMs' | 'retry' | 'gate' | 'clock' | 'lostWriteHoldMs'
>;

/** The spec's path templates, one per operation: values only ever go in as path params. */
const PATHS = {
  customers: '/v1/customers',
  customer: '/v1/customers/{id}',
  byEmail: '/v1/customers/email={email}',
  byExternalId: '/v1/customers/externalId={externalId}',
  identityEvent: '/v1/tracking/identityEvent',
} as const satisfies Record<string, keyof paths>;

interface OperationInfo {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: (typeof PATHS)[keyof typeof PATHS];
  /** A 404 means "no such customer" and resolves to null. */
  lookup: boolean;
  /** Success has no body (204). */
  empty?: true;
}

/** What each openapi-fetch call gets besides its params and body. */
interface AttemptInit {
  signal: AbortSignal;
  middleware: Middleware[];
}

/** The parts of an openapi-fetch result the attempt loop reads. */
interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

type Send<D> = (init: AttemptInit) => Promise<Answer<D>>;

type AttemptResult<D> =
  | { kind: 'data'; data: D; response: Response }
  | { kind: 'not-found'; response: Response }
  | { kind: 'failed'; error: KustomerApiError; response?: Response }
  | { kind: 'aborted'; reason: unknown };

const CREATE = { method: 'POST', path: PATHS.customers, lookup: false } as const;
const GET_BY_ID = { method: 'GET', path: PATHS.customer, lookup: true } as const;
const GET_BY_EMAIL = { method: 'GET', path: PATHS.byEmail, lookup: true } as const;
const GET_BY_EXTERNAL_ID = { method: 'GET', path: PATHS.byExternalId, lookup: true } as const;
const UPDATE = { method: 'PUT', path: PATHS.customer, lookup: false } as const;
const IDENTITY_EVENT = { method: 'POST', path: PATHS.identityEvent, lookup: false } as const;
// A customer already gone answers 404: for a delete that is "nothing to delete", not a failure.
const DELETE = { method: 'DELETE', path: PATHS.customer, lookup: true, empty: true } as const;
const DELETED = { data: {} };

export function createOperations(
  api: KustomerApi,
  runtime: OperationRuntime,
): Pick<KustomerClient, 'customers' | 'tracking'> {
  return {
    customers: {
      async create(body, options) {
        const envelope = await call(runtime, CREATE, options, (init) =>
          api.POST(PATHS.customers, { body, ...init }),
        );
        return envelope.data;
      },
      async get(id, options) {
        const path = { id: segment('customers.get', 'id', id, { dotSegmentsEscape: true }) };
        const envelope = await call(runtime, GET_BY_ID, options, (init) =>
          api.GET(PATHS.customer, { params: { path }, ...init }),
        );
        return envelope?.data ?? null;
      },
      async getByEmail(email, options) {
        const path = { email: segment('customers.getByEmail', 'email', email) };
        const envelope = await call(runtime, GET_BY_EMAIL, options, (init) =>
          api.GET(PATHS.byEmail, { params: { path }, ...init }),
        );
        return envelope?.data ?? null;
      },
      async getByExternalId(externalId, options) {
        const path = { externalId: segment('customers.getByExternalId', 'externalId', externalId) };
        const envelope = await call(runtime, GET_BY_EXTERNAL_ID, options, (init) =>
          api.GET(PATHS.byExternalId, { params: { path }, ...init }),
        );
        return envelope?.data ?? null;
      },
      async update(id, body, options) {
        const path = { id: segment('customers.update', 'id', id, { dotSegmentsEscape: true }) };
        // `replace` is always sent, so the request says which of Kustomer's two behaviours it wants.
        const query = { replace: options?.replace === true };
        const envelope = await call(runtime, UPDATE, options, (init) =>
          api.PUT(PATHS.customer, { params: { path, query }, body, ...init }),
        );
        return envelope.data;
      },
      async delete(id, options) {
        const path = { id: segment('customers.delete', 'id', id, { dotSegmentsEscape: true }) };
        const answer = await call(runtime, DELETE, options, async (init) => {
          const { response } = await api.DELETE(PATHS.customer, { params: { path }, ...init });
          return response.ok ? { data: DELETED, response } : { error: undefined, response };
        });
        return answer !== null;
      },
    },
    tracking: {
      async identityEvent(body, options) {
        const envelope = await call(runtime, IDENTITY_EVENT, options, (init) =>
          api.POST(PATHS.identityEvent, { body, ...init }),
        );
        return envelope.data;
      },
    },
  };
}

/** Runs attempts until one answers, the policy gives up, or the caller aborts. */
function call<D extends { data: object }>(
  runtime: OperationRuntime,
  operation: OperationInfo & { lookup: false },
  options: CallOptions | undefined,
  send: Send<D>,
): Promise<D>;
function call<D extends { data: object }>(
  runtime: OperationRuntime,
  operation: OperationInfo,
  options: CallOptions | undefined,
  send: Send<D>,
): Promise<D | null>;
async function call<D extends { data: object }>(
  runtime: OperationRuntime,
  operation: OperationInfo,
  options: CallOptions | undefined,
  send: Send<D>,
): Promise<D | null> {
  const signal = options?.signal;
  for (let attempt = 1; ; attempt += 1) {
    signal?.throwIfAborted();
    await runtime.gate?.acquire(signal);
    const started = runtime.clock.now();
    const result = await attemptOnce(runtime, operation, signal, send);
    const response = result.kind === 'aborted' ? undefined : result.response;
    const status = response?.status ?? 0;
    const failed = result.kind === 'failed' ? result.error : undefined;
    const willRetry =
      failed !== undefined && failed.retryable && attempt < runtime.retry.maxAttempts;
    const uncertain = failed !== undefined && isLostWrite(operation, failed);
    // A write whose answer was lost may still land: nothing follows it (neither its retry nor the
    // caller's next write) until it can no longer land out of order (docs/reliability.md).
    const hold = uncertain ? runtime.lostWriteHoldMs : 0;
    const waitMs = willRetry
      ? Math.max(
          hold,
          retryDelayMs(attempt, runtime.retry, () => runtime.clock.random(), failed.retryAfterMs),
        )
      : hold;
    runtime.gate?.observe(status, response?.headers);
    options?.onAttempt?.({
      method: operation.method,
      path: operation.path,
      attempt,
      status,
      ...(response ? { headers: response.headers } : {}),
      willRetry,
      uncertain,
      durationMs: runtime.clock.now() - started,
      waitMs,
    });
    switch (result.kind) {
      case 'data':
        return result.data;
      case 'not-found':
        return null;
      case 'aborted':
        throw result.reason;
    }
    if (waitMs > 0) await runtime.clock.sleep(waitMs, signal);
    if (!willRetry) throw result.error;
  }
}

async function attemptOnce<D extends { data: object }>(
  runtime: OperationRuntime,
  operation: OperationInfo,
  callerSignal: AbortSignal | undefined,
  send: Send<D>,
): Promise<AttemptResult<D>> {
  const timeout = AbortSignal.timeout(runtime.timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
  // The request as sent, after the header middleware: errors keep it, redacted.
  const sent: { request?: Request } = {};
  const capture: Middleware = {
    onRequest({ request }) {
      sent.request = request;
    },
  };
  let answer: Answer<D>;
  try {
    answer = await send({ signal, middleware: [capture] });
  } catch (cause) {
    if (callerSignal?.aborted) return { kind: 'aborted', reason: callerSignal.reason };
    const timedOut = timeout.aborted;
    const redirected = !timedOut && isRefusedRedirect(cause);
    const error = new (redirected ? RedirectRefusedError : KustomerApiError)({
      path: operation.path,
      status: 0,
      code: timedOut ? 'timeout' : redirected ? 'redirect' : 'network_error',
      messages: [
        scrub(
          timedOut
            ? `no response within ${runtime.timeoutMs} ms`
            : redirected
              ? REDIRECT_MESSAGE
              : `network error: ${cause instanceof Error ? cause.message : String(cause)}`,
          runtime.apiKey,
        ),
      ],
      request: redactedRequest(sent.request, operation),
      cause,
    });
    return { kind: 'failed', error };
  }

  const { response } = answer;
  // openapi-fetch leaves some bodies unread (empty, 204); an unread body can hold the connection.
  await drain(response);
  if (response.ok) {
    if (operation.empty || isEnvelope(answer.data)) {
      return { kind: 'data', data: answer.data as D, response };
    }
    const error = new KustomerApiError({
      path: operation.path,
      status: response.status,
      code: 'invalid_response',
      messages: ['the answer has no JSON:API `data` envelope'],
      request: redactedRequest(sent.request, operation),
    });
    return { kind: 'failed', error, response };
  }
  if (response.status === 404 && operation.lookup) return { kind: 'not-found', response };
  const { code, messages } = readErrorBody(answer.error);
  const error = new KustomerApiError({
    path: operation.path,
    status: response.status,
    code,
    messages: messages.map((message) => scrub(message, runtime.apiKey)),
    request: redactedRequest(sent.request, operation),
    retryAfterMs: parseRateLimitReset(
      response.headers.get('x-ratelimit-reset'),
      runtime.clock.now(),
    ),
    body: scrubBody(answer.error, runtime.apiKey),
  });
  return { kind: 'failed', error, response };
}

/** A write sent with no answer: a timeout, or a connection lost after it was made. */
function isLostWrite(operation: OperationInfo, error: KustomerApiError): boolean {
  // A refused redirect is an answer: the host applied nothing (docs/reliability.md §5).
  if (operation.method === 'GET' || error.status !== 0 || error.code === 'redirect') return false;
  return error.code === 'timeout' || !neverSent(error.cause);
}

// Connection errors raised before any byte of the request is sent (undici puts the system error
// on `cause`): such a write cannot land.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

function neverSent(cause: unknown): boolean {
  let error = cause;
  for (let depth = 0; isObject(error) && depth < 5; depth++) {
    if (typeof error.code === 'string' && NOT_SENT_CODES.has(error.code)) return true;
    error = error.cause;
  }
  return false;
}

function isEnvelope<D extends { data: object }>(data: D | undefined): data is D {
  return typeof data?.data === 'object' && data.data !== null;
}

/**
 * A path value, checked before anything is sent. openapi-fetch encodes it as one segment with
 * `encodeURIComponent`, which leaves `.` alone: a bare `.` or `..` id would be a dot segment that
 * URL parsing collapses (`/v1/customers/..` becomes `/v1/`). `email=` and `externalId=` prefix
 * their segment, so there a dot cannot escape.
 */
function segment(
  operation: string,
  name: string,
  value: unknown,
  { dotSegmentsEscape = false } = {},
): string {
  const fail = (problem: string): never => {
    throw new KustomerError(`${operation} needs ${name} as a string: ${problem}`);
  };
  if (typeof value !== 'string') return fail(`got ${typeof value}`);
  if (value === '') return fail('it is empty');
  if (dotSegmentsEscape && (value === '.' || value === '..')) {
    return fail(`'.' and '..' would change the request path`);
  }
  // A lone surrogate has no UTF-8 encoding; encodeURIComponent would throw a URIError.
  if (/\p{Cs}/u.test(value)) return fail('it contains an unpaired UTF-16 surrogate');
  return value;
}

/**
 * Code and messages from either of Kustomer's error shapes: `errors[].code/message`, or JSON:API
 * `errors[].status/code/title/detail` (https://developer.kustomer.com/docs/concepts/errors).
 */
export function readErrorBody(body: unknown): { code: string | undefined; messages: string[] } {
  const items = isObject(body) && Array.isArray(body.errors) ? body.errors : [];
  let code: string | undefined;
  const messages: string[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    if (code === undefined && typeof item.code === 'string' && item.code !== '') code = item.code;
    const parts = [item.message, item.title, item.detail].filter(
      (part, index, all): part is string =>
        typeof part === 'string' && part !== '' && all.indexOf(part) === index,
    );
    if (parts.length > 0) messages.push(parts.join(': '));
  }
  return { code, messages };
}

function redactedRequest(request: Request | undefined, operation: OperationInfo): RedactedRequest {
  if (!request) return { method: operation.method, url: operation.path, headers: {} };
  return { method: request.method, url: request.url, headers: redactHeaders(request.headers) };
}

async function drain(response: Response): Promise<void> {
  // Never body.cancel(): on msw 2.x mocked responses it never settles (TOOLCHAIN.md pitfall 5).
  if (response.body !== null && !response.bodyUsed) {
    await response.arrayBuffer().catch(() => undefined);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
