/**
 * The customer write of an identify or a group: the remembered customer, else the identify
 * decision's lookups, updated when found, else created; a 409 on create adopts the customer another
 * writer made. Every write carries the company the user's customer is linked to, because Kustomer
 * unlinks a customer whose update omits it (docs/deviations.md D20).
 */
import type { CustomerLookup } from '../adapter/types.js';
import { describeCall } from '../client/calls.js';
import type { CallOptions, KustomerClient } from '../client/types.js';
import { KustomerApiError } from '../errors.js';
import type { CustomerBody } from '../payloads.js';
import type { CompanyDirectory } from './companies.js';
import type { CustomerCache } from './customer-cache.js';
import { lookupCustomer } from './execute.js';
import { identifyDecision, updateCall } from './identity.js';

export interface UpsertContext {
  client: KustomerClient;
  cache: CustomerCache;
  companies: CompanyDirectory;
}

export interface CustomerWrite {
  userKey: string;
  lookups: readonly CustomerLookup[];
  body: CustomerBody;
  /** The company to link the customer to now; undefined keeps the link it has. */
  linkTo?: string | undefined;
}

/** `null`: no company; undefined: not known yet. */
export type Link = string | null | undefined;

export async function upsertCustomer(
  { client, cache, companies }: UpsertContext,
  { userKey, lookups, body, linkTo }: CustomerWrite,
  options: CallOptions,
): Promise<{ action: 'created' | 'updated'; customerId: string }> {
  const baseUrl = client.baseUrl;
  const known = linkTo ?? companies.linkOf(userKey);
  /** Updates with the link: the one to set, the one we know, the one the lookup showed, else read. */
  const update = async (id: string, shown: Link): Promise<Link | false> => {
    const company = known !== undefined ? known : shown !== undefined ? shown : await linkOf(id);
    try {
      const call = updateCall(baseUrl, id, withCompany(body, company));
      await client.execute(call, options);
      return company;
    } catch (error) {
      // Gone (404), or refused because another customer holds this externalId (409): the decision
      // goes on, to the customer that holds it (docs/deviations.md D21).
      if (error instanceof KustomerApiError && (error.status === 404 || error.status === 409)) {
        return false;
      }
      throw error;
    }
  };
  const linkOf = async (id: string): Promise<Link> => {
    const call = describeCall(baseUrl, 'getCustomerById', { path: { id } }, undefined);
    return (await client.execute(call, options))?.attributes.company ?? null;
  };
  const done = (action: 'created' | 'updated', customerId: string, company: Link) => {
    cache.set(userKey, customerId);
    companies.setLink(userKey, company ?? null);
    return { action, customerId };
  };

  // Every path value is checked here, before any request.
  const decision = identifyDecision(baseUrl, lookups, body);
  const first = decision.next();
  // send's own way of finding: the customer remembered for the user comes before the lookups,
  // unless the event names its customer (an explicit kustomerId outranks what we remember).
  const named = !first.done && first.value.kind === 'update';
  const cached = named ? undefined : cache.get(userKey);
  if (cached !== undefined) {
    const company = await update(cached, undefined);
    if (company !== false) return done('updated', cached, company);
    cache.delete(userKey);
  }
  const shown = new Map<string, Link>();
  let written: Link;
  let step = first;
  while (!step.done) {
    const { value } = step;
    if (value.kind === 'lookup') {
      const found = await lookupCustomer(client, value.call, options);
      // The remembered id was just found gone or refused: the lookup's answer is not tried again.
      if (found === null || found.id === cached) step = decision.next(null);
      else {
        shown.set(found.id, found.attributes.company ?? null);
        step = decision.next(found.id);
      }
    } else {
      const company = await update(value.customerId, shown.get(value.customerId));
      written = company === false ? undefined : company;
      step = decision.next(company === false ? null : value.customerId);
    }
  }
  const write = step.value;
  if (write.action === 'update') return done('updated', write.customerId, written);
  const created = known === undefined ? undefined : known;
  try {
    const call = describeCall(baseUrl, 'createCustomer', {}, withCompany(body, created));
    return done('created', (await client.execute(call, options)).id, created);
  } catch (error) {
    // Another writer created this externalId since our lookup (external ids are unique per org:
    // docs/kustomer-api.md §4): that customer is updated instead.
    const externalId = body.externalId;
    if (!(error instanceof KustomerApiError) || error.status !== 409 || !externalId) throw error;
    const params = { path: { externalId } };
    const call = describeCall(baseUrl, 'getCustomerByExternalId', params, undefined);
    const existing = await client.execute(call, options);
    if (existing === null) throw error;
    const company = await update(existing.id, existing.attributes.company ?? null);
    if (company === false) throw error;
    return done('updated', existing.id, company);
  }
}

/** The body with the link to keep: the company id, or no `company` for none. */
export function withCompany(body: CustomerBody, company: Link): CustomerBody {
  return typeof company === 'string' ? { ...body, company } : body;
}
