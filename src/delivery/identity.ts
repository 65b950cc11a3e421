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
  /** Make this lookup; answer the id of the customer it found, or `null`. */
  | { kind: 'lookup'; call: LookupCall }
  /** This customer was found (or named by kustomerId, with no lookup); answer its id to take it, `null` to go on. */
  | { kind: 'update'; customerId: string; call: CallOf<'updateCustomer'> };

/** What a driver answers: the id of the customer found (or taken), or `null`. */
export type IdentifyAnswer = string | null;

/** Where the decision ends: the update taken, or a create. */
export type IdentifyWrite =
  | { action: 'update'; customerId: string; call: CallOf<'updateCustomer'> }
  | { action: 'create'; call: CallOf<'createCustomer'> };

/**
 * The one identify decision: a kustomerId is updated without a lookup; otherwise the lookups are
 * made and the first customer found is updated; when none is found (or every one found is
 * refused), the customer is created. The customer holding the event's own externalId is the user's
 * (docs/deviations.md D21: Kustomer refuses an update that would give a customer an externalId
 * another holds), so that lookup is made first (D22); the others follow in RudderStack's order.
 * Every path value is checked before the first step.
 */
export function* identifyDecision(
  baseUrl: string,
  lookups: readonly CustomerLookup[],
  body: CustomerBody,
): Generator<IdentifyStep, IdentifyWrite, IdentifyAnswer> {
  const own = typeof body.externalId === 'string' ? body.externalId : undefined;
  for (const step of holderFirst(lookupSteps(baseUrl, lookups), own)) {
    const found = step.by === 'kustomerId' ? step.id : yield { kind: 'lookup', call: step.call };
    if (found === null) continue;
    const call = updateCall(baseUrl, found, body);
    if ((yield { kind: 'update', customerId: found, call }) !== null) {
      return { action: 'update', customerId: found, call };
    }
  }
  return { action: 'create', call: describeCall(baseUrl, 'createCustomer', {}, body) };
}

/**
 * The lookup of the event's own externalId, moved before the others (after a kustomerId, which
 * needs no request): by D21 its holder is the user's customer whichever lookup finds it, so the
 * write is the one RudderStack's order (email first) leads to, and a user whose customer a tracking
 * call or an earlier create made is found with one lookup instead of two (docs/deviations.md D22).
 */
function holderFirst(steps: LookupStep[], own: string | undefined): LookupStep[] {
  const at = steps.findIndex((step) => step.by === 'externalId' && step.value === own);
  const named = steps.filter((step) => step.by === 'kustomerId').length;
  if (at <= named) return steps;
  const holder = steps[at] as LookupStep;
  return [...steps.slice(0, named), holder, ...steps.slice(named).filter((s) => s !== holder)];
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
