/**
 * Packing records into bulk requests, and splitting a rejected one. Kustomer takes at most 100
 * records per bulk request (docs/kustomer-api.md §6.1) and at most 100 KB per body (§4), so a batch
 * closes at whichever comes first. Pure.
 */

import { maxBodyBytes } from '../../../generated/limits.js';

export interface BatchLimits {
  maxItems: number;
  maxBytes: number;
}

/** Kustomer's limits, with room left for the array's brackets and commas. */
export const BULK_LIMITS: BatchLimits = { maxItems: 100, maxBytes: maxBodyBytes };

/**
 * Batches of `items` in input order, each within `limits`; `bytesOf` is an item's size as JSON. An
 * item over `maxBytes` on its own gets a batch of its own, for Kustomer to refuse (413) for it alone.
 */
export function packBatches<T>(
  items: readonly T[],
  bytesOf: (item: T) => number,
  limits: BatchLimits = BULK_LIMITS,
): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; ) {
    const end = takeBatch(items, start, bytesOf, limits);
    batches.push(items.slice(start, end));
    start = end;
  }
  return batches;
}

/** Where the batch that starts at `start` ends (exclusive): at least one item, within `limits`. */
export function takeBatch<T>(
  items: readonly T[],
  start: number,
  bytesOf: (item: T) => number,
  limits: BatchLimits = BULK_LIMITS,
): number {
  // `[` and `]`, and a comma before every item but the first.
  let bytes = 2;
  let end = start;
  while (end < items.length && end - start < limits.maxItems) {
    const grown = bytes + bytesOf(items[end] as T) + (end > start ? 1 : 0);
    if (end > start && grown > limits.maxBytes) break;
    bytes = grown;
    end++;
  }
  return end;
}

/** The size of a value as UTF-8 JSON, as it goes on the wire. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * The two halves of a batch Kustomer rejected as a whole, to send apart until each bad record is
 * alone in its batch (a binary split: about 2·log2(n) requests to isolate one bad record of n).
 */
export function halves<T>(items: readonly T[]): [T[], T[]] {
  const middle = Math.ceil(items.length / 2);
  return [items.slice(0, middle), items.slice(middle)];
}
