/**
 * The dry run: the calls an event would lead to, from the same call descriptions and the same
 * identify decision as delivery, with no I/O. `found` says which lookup would find the customer
 * (`'none'`: none does, and the customer is created); a kustomerId in the event is updated without
 * a lookup whatever `found` says.
 */
import type { CompanyReference, MappedEvent } from '../adapter/types.js';
import { describeCall, type KustomerCall } from '../client/calls.js';
import type { CustomerBody } from '../payloads.js';
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
/** Shown in place of a company id that only a company lookup or create would give. */
const COMPANY_ID = '{companyId}';

export function planCalls(baseUrl: string, mapped: MappedEvent, found: PlanFound): KustomerCall[] {
  if (!Object.hasOwn(FOUND_BY, found)) {
    throw new TypeError(`plan's found must be 'none', 'email' or 'externalId'`);
  }
  const calls: KustomerCall[] = [];
  let body: CustomerBody;
  if (mapped.type === 'group') {
    // The company as a group finds it: by external id, then created (none found) or updated.
    calls.push(...companyCalls(baseUrl, { by: 'externalId', value: mapped.groupId }, found));
    if (found === 'none') calls.push(describeCall(baseUrl, 'createCompany', {}, mapped.create));
    else {
      const params = { path: { id: COMPANY_ID } };
      calls.push(withPlaceholder(describeCall(baseUrl, 'updateCompany', params, mapped.body)));
    }
    body = { externalId: mapped.userKey, company: COMPANY_ID };
  } else if (mapped.type === 'identify') {
    body = mapped.body;
    if (mapped.company !== undefined) {
      calls.push(...companyCalls(baseUrl, mapped.company, found));
      body = { ...body, company: COMPANY_ID };
    }
  } else {
    return [describeCall(baseUrl, 'createTrackingIdentityEvent', {}, mapped.body)];
  }
  const decision = identifyDecision(baseUrl, mapped.lookups, body);
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

/**
 * The company lookup of a group or an identify's `traits.company`; an identify's company named by
 * external id and found by no lookup (`found: 'none'`) is created under its name.
 */
function companyCalls(
  baseUrl: string,
  company: CompanyReference | { by: 'externalId'; value: string },
  found: PlanFound,
): KustomerCall[] {
  const query = company.by === 'name' ? { filter: company.value } : { externalId: company.value };
  const calls: KustomerCall[] = [describeCall(baseUrl, 'getCompanies', { query }, undefined)];
  if ('name' in company && found === 'none') {
    const create = { externalId: company.value, name: company.name };
    calls.push(describeCall(baseUrl, 'createCompany', {}, create));
  }
  return calls;
}

/** The placeholder ids read `{id}` and `{companyId}` in the URL, not `%7Bid%7D`. */
export function withPlaceholder(call: KustomerCall): KustomerCall {
  const url = call.url
    .replace(encodeURIComponent(FOUND_ID), FOUND_ID)
    .replace(encodeURIComponent(COMPANY_ID), COMPANY_ID);
  return { ...call, url };
}
