/**
 * The calls an event would lead to, for dry runs: the same call descriptions and the same
 * identity-resolution step as delivery, with no I/O. `hit` says which lookup would find the
 * customer (`'none'`: a create); a kustomerId in the event always hits without a request.
 */
import type { EventPlan } from '../adapter/types.js';
import { describeCall, type KustomerCall } from './calls.js';
import { lookupSteps, resolveCustomer, updateCall } from './identity.js';

export type LookupHit = 'none' | 'kustomerId' | 'email' | 'externalId';

/** Shown in place of an id that only the lookup's answer would give. */
export const FOUND_ID = '{id}';

export async function planCalls(
  baseUrl: string,
  plan: EventPlan,
  hit: LookupHit,
): Promise<KustomerCall[]> {
  if (plan.type !== 'identify') {
    return [describeCall(baseUrl, 'createTrackingIdentityEvent', {}, plan.body)];
  }
  const calls: KustomerCall[] = [];
  const found = await resolveCustomer(lookupSteps(baseUrl, plan.lookups), async (call) => {
    calls.push(call);
    return call.operation === lookupOperation(hit) ? FOUND_ID : null;
  });
  calls.push(
    found === undefined
      ? describeCall(baseUrl, 'createCustomer', {}, plan.body)
      : withPlaceholder(updateCall(baseUrl, found, plan.body)),
  );
  return calls;
}

function lookupOperation(hit: LookupHit): KustomerCall['operation'] | undefined {
  if (hit === 'email') return 'getCustomerByEmail';
  if (hit === 'externalId') return 'getCustomerByExternalId';
  return undefined;
}

/** The placeholder id reads `{id}` in the URL, not `%7Bid%7D`. */
export function withPlaceholder(call: KustomerCall): KustomerCall {
  return { ...call, url: call.url.replace(encodeURIComponent(FOUND_ID), FOUND_ID) };
}
