/**
 * The attempt loop, and the one place that looks at openapi-fetch's `{ data, error, response }`:
 * callers get typed data, `null` for a lookup that finds nothing, or a thrown `KustomerApiError`.
 * Each attempt passes the gate and has its own timeout; what `isRetryableStatus` allows is retried
 * with the policy in `retry.ts`, and a write whose answer was lost is held before anything follows it.
 */
import type { paths } from '../../generated/kustomer.js';
import { KustomerApiError, type RedactedRequest, redactHeaders } from '../errors.js';
import { readErrorBody } from './error-body.js';
import { allowConcurrentListeners } from './listeners.js';
import { isLostWrite, systemCodeOf } from './lost-write.js';
import type { ResolvedClientOptions } from './options.js';
import { scrub, scrubBody, scrubHeaders } from './redact.js';
import {
  isRefusedRedirect,
  REDIRECT_MESSAGE,
  REDIRECT_MODE,
  RedirectRefusedError,
} from './redirect.js';
import { parseRateLimitReset, resetCapMs, retryDelayMs } from './retry.js';
import type { CallOptions } from './types.js';

export type OperationRuntime = Pick<
  ResolvedClientOptions,
  'apiKey' | 'baseUrl' | 'timeoutMs' | 'retry' | 'gate' | 'clock' | 'lostWriteHoldMs' | 'fetch'
>;

export interface OperationInfo {
  /** The spec's `operationId`. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The spec's path template. */
  path: keyof paths;
  /** A 404 means "no such customer" and resolves to null. */
  lookup: boolean;
  /** Success has no body (204). */
  empty?: true;
}

/** What each openapi-fetch call gets besides its params and body. */
interface AttemptInit {
  signal: AbortSignal;
  /** The client's fetch, wrapped to keep the request this attempt sent. */
  fetch: (request: Request) => Promise<Response>;
  /**
   * Given on every request although the client has it too: openapi-fetch reads a per-request
   * `baseUrl` and `redirect` that are absent through the prototype chain, where a polluted
   * `Object.prototype` would put them.
   */
  baseUrl: string;
  redirect: typeof REDIRECT_MODE;
}

/** The parts of an openapi-fetch result the attempt loop reads. */
interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

export type Send<D> = (init: AttemptInit) => Promise<Answer<D>>;

type AttemptResult<D> =
  | { kind: 'data'; data: D; response: Response }
  | { kind: 'not-found'; response: Response }
  | { kind: 'failed'; error: KustomerApiError; response?: Response }
  | { kind: 'aborted'; reason: unknown };

/** Runs attempts until one answers, the policy gives up, or the caller aborts. */
export function call<D extends { data: object }>(
  runtime: OperationRuntime,
  operation: OperationInfo & { lookup: false },
  options: CallOptions | undefined,
  send: Send<D>,
): Promise<D>;
export function call<D extends { data: object }>(
  runtime: OperationRuntime,
  operation: OperationInfo,
  options: CallOptions | undefined,
  send: Send<D>,
): Promise<D | null>;
export async function call<D extends { data: object }>(
  runtime: OperationRuntime,
  operation: OperationInfo,
  options: CallOptions | undefined,
  send: Send<D>,
): Promise<D | null> {
  const signal = options?.signal;
  allowConcurrentListeners(signal);
  for (let attempt = 1; ; attempt += 1) {
    signal?.throwIfAborted();
    await runtime.gate?.acquire(signal);
    const started = runtime.clock.now();
    const result = await attemptOnce(runtime, operation, signal, send);
    const response = result.kind === 'aborted' ? undefined : result.response;
    const status = response?.status ?? 0;
    const failed = result.kind === 'failed' ? result.error : undefined;
    const willRetry = failed?.retryable === true && attempt < runtime.retry.maxAttempts;
    const uncertain = failed !== undefined && isLostWrite(operation.method, failed);
    // A write whose answer was lost may still land: nothing follows it (neither its retry nor the
    // caller's next write) until it can no longer land out of order (docs/reliability.md).
    const hold = uncertain ? runtime.lostWriteHoldMs : 0;
    const waitMs = willRetry
      ? Math.max(
          hold,
          retryDelayMs(attempt, runtime.retry, () => runtime.clock.random(), failed.retryAfterMs),
        )
      : hold;
    runtime.gate?.observe(status, response?.headers, failed?.retryAfterMs);
    options?.onAttempt?.({
      operation: operation.operation,
      method: operation.method,
      path: operation.path,
      attempt,
      status,
      ...(response ? { headers: scrubHeaders(response.headers, runtime.apiKey) } : {}),
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
    if (waitMs > 0) {
      const wait = () => runtime.clock.sleep(waitMs, signal);
      await (options?.whileWaiting ? options.whileWaiting(wait) : wait());
    }
    if (!willRetry) throw result.error;
  }
}

/**
 * One attempt with its own timeout, on one abort signal: the timer and the caller's abort both
 * abort it. The timer is cleared and the caller's listener removed as soon as the attempt ends, so
 * nothing keeps the request alive afterwards (`AbortSignal.timeout` would keep its signal, and
 * through the fetch's abort listener the request and response, until it fires). One controller,
 * not one per cause: on Node 20 each AbortSignal costs about 4 µs, and the Request that follows it
 * several more (bench/README.md, CPU per lookup request).
 */
async function attemptOnce<D extends { data: object }>(
  runtime: OperationRuntime,
  operation: OperationInfo,
  callerSignal: AbortSignal | undefined,
  send: Send<D>,
): Promise<AttemptResult<D>> {
  const attempt = new AbortController();
  const timer = setTimeout(abortOnTimeout, runtime.timeoutMs, attempt);
  if (callerSignal === undefined) {
    try {
      return await attemptWithin(runtime, operation, undefined, send, attempt.signal);
    } finally {
      clearTimeout(timer);
    }
  }
  const forward = () => attempt.abort(callerSignal.reason);
  if (callerSignal.aborted) forward();
  else callerSignal.addEventListener('abort', forward, { once: true });
  try {
    return await attemptWithin(runtime, operation, callerSignal, send, attempt.signal);
  } finally {
    clearTimeout(timer);
    callerSignal.removeEventListener('abort', forward);
  }
}

function abortOnTimeout(attempt: AbortController): void {
  attempt.abort(new DOMException('The attempt timed out', 'TimeoutError'));
}

async function attemptWithin<D extends { data: object }>(
  runtime: OperationRuntime,
  operation: OperationInfo,
  callerSignal: AbortSignal | undefined,
  send: Send<D>,
  signal: AbortSignal,
): Promise<AttemptResult<D>> {
  // The request as sent, with the client's headers: errors keep it, redacted. Kept by the fetch of
  // this attempt rather than by a middleware, whose hooks cost every request more.
  let sent: Request | undefined;
  const fetch = (request: Request) => {
    sent = request;
    return runtime.fetch(request);
  };
  let answer: Answer<D>;
  try {
    answer = await send({ signal, fetch, baseUrl: runtime.baseUrl, redirect: REDIRECT_MODE });
  } catch (cause) {
    if (callerSignal?.aborted) return { kind: 'aborted', reason: callerSignal.reason };
    // The caller's abort is handled above: the only other cause of an aborted attempt is its timer.
    const timedOut = signal.aborted;
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
              : `network error: ${networkMessage(cause)}`,
          runtime.apiKey,
        ),
      ],
      request: redactedRequest(sent, operation),
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
      request: redactedRequest(sent, operation),
    });
    return { kind: 'failed', error, response };
  }
  if (response.status === 404 && operation.lookup) return { kind: 'not-found', response };
  const { code, messages } = readErrorBody(answer.error);
  const error = new KustomerApiError({
    path: operation.path,
    status: response.status,
    code: code === undefined ? undefined : scrub(code, runtime.apiKey),
    messages: messages.map((message) => scrub(message, runtime.apiKey)),
    request: redactedRequest(sent, operation),
    retryAfterMs: parseRateLimitReset(
      response.headers.get('x-ratelimit-reset'),
      runtime.clock.now(),
      resetCapMs(runtime.retry),
    ),
    body: scrubBody(answer.error, runtime.apiKey),
  });
  return { kind: 'failed', error, response };
}

function isEnvelope<D extends { data: object }>(data: D | undefined): data is D {
  return typeof data?.data === 'object' && data.data !== null;
}

function redactedRequest(request: Request | undefined, operation: OperationInfo): RedactedRequest {
  if (!request) return { method: operation.method, url: operation.path, headers: {} };
  return { method: request.method, url: request.url, headers: redactHeaders(request.headers) };
}

async function drain(response: Response): Promise<void> {
  // Never body.cancel(): on msw 2.x mocked responses it never settles (docs/architecture.md §8.1).
  if (response.body !== null && !response.bodyUsed) {
    await response.arrayBuffer().catch(() => undefined);
  }
}

/** A network error's message with its system code (`fetch failed (ECONNREFUSED)`). */
function networkMessage(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const code = systemCodeOf(cause);
  return code === undefined || message.includes(code) ? message : `${message} (${code})`;
}
