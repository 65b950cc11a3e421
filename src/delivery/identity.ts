/**
 * Identity resolution (docs/architecture.md#data-flow): an identify's lookups, in order, as call
 * descriptions, and the one identify decision that `send`, the dry run and the RudderStack layer
 * each drive with their own way of finding. User deletion makes the same lookups.
 */
import type { CustomerLookup } from '../adapter/types.js';
import { type CallOf, checkPathValues, describeCall } from '../client/calls.js';
import type { CustomerBody } from '../payloads.js';

type LookupCall = CallOf<'getCustomerByEmail'> | CallOf<'getCustomerByExternalId'>;

/** One lookup: a call to make, or (for `context.externalId[type=kustomerId]`) the id itself. */
export type LookupStep =
  | { by: 'kustomerId'; id: string }
  | { by: 'email' | 'externalId'; value: string; call: LookupCall };

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
      checkPathValues('/v1/customers/{id}', { path: { id: lookup.value } });
      return { by: 'kustomerId', id: lookup.value };
    case 'email': {
      const params = { path: { email: lookup.value } };
      const call = describeCall(baseUrl, 'getCustomerByEmail', params, undefined);
      return { by: 'email', value: lookup.value, call };
    }
    case 'externalId': {
      const params = { path: { externalId: lookup.value } };
      const call = describeCall(baseUrl, 'getCustomerByExternalId', params, undefined);
      return { by: 'externalId', value: lookup.value, call };
    }
  }
}

/** A step of the identify decision, and what its driver answers. */
export type IdentifyStep =
  /** Make this lookup; answer the customer it found (`Found`, or its id alone), or `null`. */
  | { kind: 'lookup'; call: LookupCall }
  /** This customer was found (or named by kustomerId, with no lookup); answer its id to take it, `null` to go on. */
  | { kind: 'update'; customerId: string; call: CallOf<'updateCustomer'> };

/**
 * A customer a lookup found, with the externalId it holds (`null`: none). An id alone means the
 * driver does not know it, and the customer is taken as found.
 */
export interface Found {
  id: string;
  externalId: string | null;
}

/** What a driver answers: a customer found (or taken), or `null`. */
export type IdentifyAnswer = Found | string | null;

/** Where the decision ends: the update taken, or a create. */
export type IdentifyWrite =
  | { action: 'update'; customerId: string; call: CallOf<'updateCustomer'> }
  | { action: 'create'; call: CallOf<'createCustomer'> };

/**
 * The one identify decision: a kustomerId is updated without a lookup; otherwise the lookups are
 * made in order and the first customer found is updated; when none is found (or every one found is
 * refused), the customer is created. The customer holding the event's externalId is the user's
 * (docs/deviations.md D21): a customer found by another lookup that holds another externalId (or
 * none) is taken only when the lookup of the event's externalId finds no one, because Kustomer
 * refuses an update that would give it an externalId another customer holds. Every path value is
 * checked before the first step.
 */
export function* identifyDecision(
  baseUrl: string,
  lookups: readonly CustomerLookup[],
  body: CustomerBody,
): Generator<IdentifyStep, IdentifyWrite, IdentifyAnswer> {
  const steps = lookupSteps(baseUrl, lookups);
  const own = typeof body.externalId === 'string' ? body.externalId : undefined;
  const holderStep = steps.findIndex((step) => step.by === 'externalId' && step.value === own);
  let holderAsked = false;
  for (const [index, step] of steps.entries()) {
    if (index === holderStep && holderAsked) continue;
    if (index === holderStep) holderAsked = true;
    const answer = step.by === 'kustomerId' ? step.id : yield { kind: 'lookup', call: step.call };
    if (answer === null) continue;
    let found = typeof answer === 'string' ? answer : answer.id;
    const other = typeof answer !== 'string' && answer.externalId !== own;
    const ask = holderStep >= 0 && !holderAsked ? steps[holderStep] : undefined;
    if (other && ask !== undefined && ask.by !== 'kustomerId') {
      holderAsked = true;
      const holder = yield { kind: 'lookup', call: ask.call };
      if (holder !== null) found = typeof holder === 'string' ? holder : holder.id;
    }
    const call = updateCall(baseUrl, found, body);
    if ((yield { kind: 'update', customerId: found, call }) !== null) {
      return { action: 'update', customerId: found, call };
    }
  }
  return { action: 'create', call: describeCall(baseUrl, 'createCustomer', {}, body) };
}

/** Drives the decision with answers that need I/O. */
export async function decideIdentify(
  decision: Generator<IdentifyStep, IdentifyWrite, IdentifyAnswer>,
  answer: (step: IdentifyStep) => Promise<IdentifyAnswer>,
): Promise<IdentifyWrite> {
  let step = decision.next();
  while (!step.done) step = decision.next(await answer(step.value));
  return step.value;
}

/** An update that merges into the stored customer, as RudderStack's does (`replace=false`). */
export function updateCall(
  baseUrl: string,
  id: string,
  body: CustomerBody,
): CallOf<'updateCustomer'> {
  return describeCall(baseUrl, 'updateCustomer', { path: { id }, query: { replace: false } }, body);
}
