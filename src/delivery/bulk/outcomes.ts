/**
 * What a bulk job's batches say of each record, matched by `_clientRef`
 * (https://developer.kustomer.com/api/core-resources/get-bulk-operation-batches). A record is done
 * only when a complete batch reports it created or updated; a complete job that leaves a record
 * out leaves its outcome unknown, never delivered. Pure.
 */
import type { components } from '../../../generated/kustomer.js';
import type { DeliveryError } from '../types.js';

type Batch = components['schemas']['BulkBatchResource'];
type ItemError = components['schemas']['BulkItemError'];

export type ItemOutcome =
  | { kind: 'done'; action: 'created' | 'updated'; customerId?: string }
  /** Another customer has the record's `externalId`: update that one (its id, when Kustomer names it). */
  | { kind: 'exists'; customerId?: string }
  /** The customer an update named is gone. */
  | { kind: 'gone' }
  /** The record failed; in a batch of several it may have failed for another record (split it). */
  | { kind: 'failed'; error: DeliveryError }
  /** The job is complete but says nothing of the record. */
  | { kind: 'unknown' };

export interface JobReading {
  /** Every batch of the job is complete. */
  complete: boolean;
  /** By `_clientRef`, once complete. */
  outcomes: Map<string, ItemOutcome>;
}

export function readBatches(batches: readonly Batch[], refs: readonly string[]): JobReading {
  const complete = batches.length > 0 && batches.every((b) => b.attributes.status === 'complete');
  const outcomes = new Map<string, ItemOutcome>();
  if (!complete) return { complete, outcomes };
  for (const batch of batches) {
    for (const result of batch.attributes.results ?? []) {
      outcomes.set(result._clientRef, outcomeOf(result.status, result.id, result.error));
    }
  }
  for (const ref of refs) if (!outcomes.has(ref)) outcomes.set(ref, { kind: 'unknown' });
  return { complete, outcomes };
}

function outcomeOf(
  status: string,
  id: string | undefined,
  error: ItemError | undefined,
): ItemOutcome {
  if (status === 'created' || status === 'updated') {
    return id ? { kind: 'done', action: status, customerId: id } : { kind: 'done', action: status };
  }
  if (error?.code === 'conflict') {
    const holder = error.meta?.customerId;
    return typeof holder === 'string' && holder !== ''
      ? { kind: 'exists', customerId: holder }
      : { kind: 'exists' };
  }
  if (error?.code === 'not_found') return { kind: 'gone' };
  return { kind: 'failed', error: itemError(error) };
}

/** A record's error as a result carries it: Kustomer's code and message, a 400 that retrying will not fix. */
function itemError(error: ItemError | undefined): DeliveryError {
  const code = error?.code ?? 'bulk_item_failed';
  const detail = error?.message ?? 'Kustomer reported the record failed';
  return {
    name: 'KustomerApiError',
    message: `Kustomer refused the record in a bulk job: ${detail}`,
    status: 400,
    code,
    retryable: false,
  };
}
