/**
 * The one identity-resolution step (docs/architecture.md): an identify's lookups, in order, as
 * call descriptions, walked until a customer is accepted. The destination, the dry run, the
 * RudderStack layer and user deletion all resolve customers through it.
 */
import type { CustomerLookup } from '../adapter/types.js';
import type { CustomerBody } from '../payloads.js';
import { checkSegment, describeCall, type KustomerCall } from './calls.js';

/** One lookup: a call to make, or (for `context.externalId[type=kustomerId]`) the id itself. */
export type LookupStep =
  | { by: 'kustomerId'; id: string }
  | { by: 'email' | 'externalId'; call: KustomerCall };

/**
 * Describes every lookup up front, so that a value that cannot be a path segment refuses the
 * event before any request is made.
 */
export function lookupSteps(baseUrl: string, lookups: readonly CustomerLookup[]): LookupStep[] {
  return lookups.map((lookup) => lookupStep(baseUrl, lookup));
}

function lookupStep(baseUrl: string, lookup: CustomerLookup): LookupStep {
  switch (lookup.by) {
    case 'kustomerId':
      checkSegment('/v1/customers/{id}', 'id', lookup.value);
      return { by: 'kustomerId', id: lookup.value };
    case 'email': {
      const params = { path: { email: lookup.value } };
      return {
        by: 'email',
        call: describeCall(baseUrl, 'getCustomerByEmail', params, undefined),
      };
    }
    case 'externalId': {
      const params = { path: { externalId: lookup.value } };
      const call = describeCall(baseUrl, 'getCustomerByExternalId', params, undefined);
      return { by: 'externalId', call };
    }
  }
}

/**
 * Walks the steps in order: each id found is offered to `accept`, and the first one accepted is
 * the customer. `accept` may refuse an id (a stale one it already tried, or every id when the
 * caller wants them all), and the walk goes on.
 */
export async function resolveCustomer(
  steps: readonly LookupStep[],
  find: (call: KustomerCall) => Promise<string | null>,
  accept: (id: string) => boolean | Promise<boolean> = () => true,
): Promise<string | undefined> {
  for (const step of steps) {
    const id = step.by === 'kustomerId' ? step.id : await find(step.call);
    if (id !== null && (await accept(id))) return id;
  }
  return undefined;
}

/** An update that merges into the stored customer, as RudderStack's does (`replace=false`). */
export function updateCall(baseUrl: string, id: string, body: CustomerBody): KustomerCall {
  return describeCall(baseUrl, 'updateCustomer', { path: { id }, query: { replace: false } }, body);
}
