/** Errors as plain result data: name, message, status and whether a retry could help. */
import { KustomerApiError, KustomerError } from '../errors.js';
import type { DeliveryError, DeliveryResult } from './types.js';

export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof KustomerApiError) {
    return {
      name: error.name,
      message: error.message,
      status: error.status,
      ...(error.code === undefined ? {} : { code: error.code }),
      retryable: error.retryable,
    };
  }
  if (error instanceof KustomerError) {
    return { name: error.name, message: error.message, retryable: error.retryable };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return {
      name: 'AbortError',
      message: 'Delivery was aborted before it finished',
      retryable: true,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { name: error instanceof Error ? error.name : 'Error', message, retryable: false };
}

export function failedResult(error: DeliveryError, warnings: string[] = []): DeliveryResult {
  return { ok: false, error, requests: 0, retries: 0, warnings };
}
