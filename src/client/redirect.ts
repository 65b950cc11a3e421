/**
 * Redirects are refused (`redirect: 'error'` on every request): a 307/308 from the Kustomer host
 * would otherwise resend the body (names, emails, phones, event meta) to whatever host the
 * `Location` names, and that host's 2xx would count as delivered (docs/reliability.md).
 */
import { KustomerApiError } from '../errors.js';

/** The fetch redirect mode every request is made with. */
export const REDIRECT_MODE = 'error';

export const REDIRECT_MESSAGE =
  'Kustomer answered with a redirect, which is never followed: check the base URL';

/** A refused redirect: sending again would be refused again, so it is never retryable. */
export class RedirectRefusedError extends KustomerApiError {
  override readonly retryable = false;
}

/**
 * Whether a fetch rejection is a refused redirect: undici rejects with `TypeError('fetch failed')`
 * whose cause is `Error('unexpected redirect')`; msw's interceptor gives the cause as a string.
 */
export function isRefusedRedirect(error: unknown): boolean {
  let cause: unknown = error;
  for (let depth = 0; depth < 5 && cause !== undefined && cause !== null; depth++) {
    const message = cause instanceof Error ? cause.message : cause;
    if (message === 'unexpected redirect') return true;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return false;
}
