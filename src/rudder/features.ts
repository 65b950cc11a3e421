/**
 * `GET /features`: rudder-server asks the transformer which destinations take router transforms,
 * which take deletions through `/deleteUsers` (`regulations`) and whether the compacted payload is
 * understood (docs/rudder-contract.md §0, §1; https://github.com/rudderlabs/rudder-transformer/blob/develop/src/features.ts for the shape).
 */
import { isRecord } from '../adapter/read.js';

/** What this package serves, answered when there is no upstream transformer. */
export function kustomerFeatures(): Record<string, unknown> {
  return {
    routerTransform: { KUSTOMER: true },
    regulations: ['KUSTOMER'],
    supportDestTransformCompactedPayloadV1: true,
  };
}

/**
 * The upstream's features with Kustomer's entry set to what this package supports. The flags
 * stay the upstream's: rudder-server applies them to every destination, and this package accepts
 * both payload forms.
 */
export function mergeFeatures(upstream: unknown): Record<string, unknown> {
  const merged: Record<string, unknown> = isRecord(upstream) ? { ...upstream } : {};
  const router = isRecord(merged.routerTransform) ? merged.routerTransform : {};
  merged.routerTransform = { ...router, KUSTOMER: true };
  const regulations = Array.isArray(merged.regulations)
    ? merged.regulations.filter((name) => name !== 'KUSTOMER')
    : [];
  merged.regulations = [...regulations, 'KUSTOMER'];
  return merged;
}
