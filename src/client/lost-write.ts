/**
 * Which failed writes may still land: those sent with no answer (a timeout, or a connection lost
 * after it was made). The attempt loop holds what follows them (docs/reliability.md §3).
 */
import type { KustomerApiError } from '../errors.js';

/** A write sent with no answer: a timeout, or a connection lost after it was made. */
export function isLostWrite(method: string, error: KustomerApiError): boolean {
  // A refused redirect is an answer: the host applied nothing (docs/reliability.md §5).
  if (method === 'GET' || error.status !== 0 || error.code === 'redirect') return false;
  return error.code === 'timeout' || !neverSent(error.cause);
}

// Connection errors raised before any byte of the request is sent (undici puts the system error
// on `cause`): such a write cannot land.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

function neverSent(cause: unknown): boolean {
  return NOT_SENT_CODES.has(systemCodeOf(cause) ?? '');
}

/**
 * The first system error code (`ECONNREFUSED`) along an error's cause chain: Node's fetch
 * (https://nodejs.org/api/globals.html#fetch, undici) rejects with `TypeError('fetch failed')` and
 * keeps the code only in its `cause`, so a network error's message names it from here.
 */
export function systemCodeOf(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; isObject(current) && depth < 8; depth++) {
    if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
    current = current.cause;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
