/** The errors the bulk engine gives records it could not deliver. */
import type { DeliveryError } from '../types.js';

export const ABORTED: DeliveryError = {
  name: 'AbortError',
  message: 'Not sent: delivery was aborted before it started',
  retryable: true,
};

export const RESTLESS: DeliveryError = {
  name: 'KustomerApiError',
  message: 'The record was neither created nor updated: its customer kept appearing and vanishing',
  retryable: true,
};

export function unknownOutcome(jobId: string): DeliveryError {
  return {
    name: 'KustomerApiError',
    message: `Bulk job ${jobId} gave no outcome for the record; it may or may not have landed`,
    code: 'bulk_outcome_unknown',
    retryable: true,
  };
}

export function readFailure(jobId: string, error: DeliveryError): string {
  return `Bulk job ${jobId} was sent, but reading its outcome failed: ${error.message}`;
}
