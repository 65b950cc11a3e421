/**
 * The dry run: the calls an event would lead to, from the same call descriptions and the same
 * identify decision as delivery, with no I/O. `found` says which lookup would find the customer
 * (`'none'`: none does, and the customer is created); a kustomerId in the event is updated without
 * a lookup whatever `found` says.
 */
import type { MappedEvent } from '../adapter/types.js';
import { describeCall, type KustomerCall } from '../client/calls.js';
import { identifyDecision } from './identity.js';

/** Which lookup a dry run supposes finds the customer. */
export type PlanFound = 'none' | 'email' | 'externalId';

const FOUND_BY: Record<PlanFound, KustomerCall['operation'] | undefined> = {
  none: undefined,
  email: 'getCustomerByEmail',
  externalId: 'getCustomerByExternalId',
};

/** Shown in place of an id that only the lookup's answer would give. */
export const FOUND_ID = '{id}';

export function planCalls(baseUrl: string, mapped: MappedEvent, found: PlanFound): KustomerCall[] {
  if (!Object.hasOwn(FOUND_BY, found)) {
    throw new TypeError(`plan's found must be 'none', 'email' or 'externalId'`);
  }
  if (mapped.type !== 'identify') {
    return [describeCall(baseUrl, 'createTrackingIdentityEvent', {}, mapped.body)];
  }
  const calls: KustomerCall[] = [];
  const decision = identifyDecision(baseUrl, mapped.lookups, mapped.body);
  let step = decision.next();
  while (!step.done) {
    const { value } = step;
    if (value.kind === 'lookup') {
      calls.push(value.call);
      step = decision.next(value.call.operation === FOUND_BY[found] ? FOUND_ID : null);
    } else {
      calls.push(value.customerId === FOUND_ID ? withPlaceholder(value.call) : value.call);
      step = decision.next(value.customerId);
    }
  }
  if (step.value.action === 'create') calls.push(step.value.call);
  return calls;
}

/** The placeholder id reads `{id}` in the URL, not `%7Bid%7D`. */
export function withPlaceholder(call: KustomerCall): KustomerCall {
  return { ...call, url: call.url.replace(encodeURIComponent(FOUND_ID), FOUND_ID) };
}
