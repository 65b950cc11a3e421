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
  let error = cause;
  for (let depth = 0; isObject(error) && depth < 5; depth++) {
    if (typeof error.code === 'string' && NOT_SENT_CODES.has(error.code)) return true;
    error = error.cause;
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
