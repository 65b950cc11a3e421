/**
 * The calls an event would lead to, for dry runs: no I/O. `hit` says which lookup would find the
 * customer (`'none'`: a create); a kustomerId in the event always hits without a request.
 */
import type { EventPlan } from '../adapter/types.js';
import { describeCall, type KustomerCall } from './calls.js';

export type LookupHit = 'none' | 'kustomerId' | 'email' | 'externalId';

// Shown in place of an id only the lookup's answer would give.
const FOUND_ID = '{id}';

export function planCalls(baseUrl: string, plan: EventPlan, hit: LookupHit): KustomerCall[] {
  if (plan.type !== 'identify') {
    return [describeCall(baseUrl, 'createTrackingIdentityEvent', {}, plan.body)];
  }
  const calls: KustomerCall[] = [];
  for (const lookup of plan.lookups) {
    if (lookup.by === 'kustomerId') return [...calls, update(baseUrl, lookup.value, plan)];
    calls.push(
      lookup.by === 'email'
        ? describeCall(baseUrl, 'getCustomerByEmail', { path: { email: lookup.value } })
        : describeCall(baseUrl, 'getCustomerByExternalId', { path: { externalId: lookup.value } }),
    );
    if (hit === lookup.by) return [...calls, update(baseUrl, FOUND_ID, plan)];
  }
  calls.push(describeCall(baseUrl, 'createCustomer', {}, plan.body));
  return calls;
}

function update(baseUrl: string, id: string, plan: EventPlan): KustomerCall {
  const call = describeCall(
    baseUrl,
    'updateCustomer',
    { path: { id }, query: { replace: false } },
    plan.body,
  );
  if (id === FOUND_ID) call.url = call.url.replace(encodeURIComponent(FOUND_ID), FOUND_ID);
  return call;
}
