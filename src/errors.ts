/**
 * The package's error classes. Every error says whether a retry could help (`retryable`), and no
 * error carries the API key: requests are kept with `Authorization` redacted.
 */

/** The base class of every error this package throws or reports. */
export class KustomerError extends Error {
  override name = 'KustomerError';
  /** Whether sending the same thing again later could succeed. */
  readonly retryable: boolean;

  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}

/** A request as an error keeps it: never with the credential. */
export interface RedactedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface KustomerApiErrorInit {
  status: number;
  /** The spec's path template, named in the message instead of the URL, which may hold personal data. */
  path?: string;
  code?: string | undefined;
  messages?: string[];
  request: RedactedRequest;
  retryAfterMs?: number | undefined;
  /** The parsed error body Kustomer sent, when it sent one. */
  body?: unknown;
  cause?: unknown;
}

/**
 * Kustomer answered with an error status, or the request never got an answer (`status` 0: network
 * error or timeout). Thrown by the client's operations; lookups that answer 404 resolve to `null`
 * instead.
 */
export class KustomerApiError extends KustomerError {
  override name = 'KustomerApiError';
  /** HTTP status, or 0 when no response arrived (network error, timeout). */
  readonly status: number;
  /** Kustomer's error code (`bad_request`, `not_found`, …), or `timeout`/`network_error`. */
  readonly code: string | undefined;
  /** Kustomer's own messages, from `errors[].message`, `.title` or `.detail`. */
  readonly messages: string[];
  /** How long to wait before retrying, from `x-ratelimit-reset`, when Kustomer said. */
  readonly retryAfterMs: number | undefined;
  readonly request: RedactedRequest;
  readonly body: unknown;

  constructor(init: KustomerApiErrorInit) {
    const messages = init.messages ?? [];
    const what = init.status === 0 ? 'no response' : `HTTP ${init.status}`;
    const detail = messages.length > 0 ? `: ${messages.join('; ')}` : '';
    super(
      `Kustomer ${init.request.method} ${init.path ?? pathOf(init.request.url)} failed with ${what}${detail}`,
      {
        retryable: isRetryableStatus(init.status),
        cause: init.cause,
      },
    );
    this.status = init.status;
    this.code = init.code;
    this.messages = messages;
    this.retryAfterMs = init.retryAfterMs;
    this.request = init.request;
    this.body = init.body;
  }
}

/** The input is not an event this package can deliver. Never retryable. */
export class InvalidEventError extends KustomerError {
  override name = 'InvalidEventError';
  /** The event field at fault, such as `type`, `userId` or `event`. */
  readonly field: string;

  constructor(message: string, options: { field: string }) {
    super(message, { retryable: false });
    this.field = options.field;
  }
}

/** The configuration given to a factory is unusable. Never retryable. */
export class ConfigurationError extends KustomerError {
  override name = 'ConfigurationError';
  /** The option at fault. */
  readonly option: string;

  constructor(message: string, options: { option: string }) {
    super(message, { retryable: false });
    this.option = options.option;
  }
}

/**
 * Whether a status is worth retrying: 408, 429 and 5xx except 501 (Kustomer's error table, and the
 * rule RudderStack applies to destination responses), plus 0 for a request that got no answer.
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 0 || status === 408 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501;
}

/** Copies headers with the credential replaced, for errors and logs. */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    out[name] = name.toLowerCase() === 'authorization' ? '[REDACTED]' : value;
  }
  return out;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
