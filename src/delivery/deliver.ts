/**
 * Carries out one mapped event through the client: the identify lookup chain and create-or-update
 * (DESIGN.md §4), or one tracking identityEvent. Every outcome is a result; nothing throws.
 */
import type { CustomerLookup, CustomerPlan, EventPlan } from '../adapter/types.js';
import type { CallOptions, CustomerBody, KustomerClient } from '../client/types.js';
import { KustomerApiError } from '../errors.js';
import type { CustomerCache } from './customer-cache.js';
import { toDeliveryError } from './results.js';
import type { DeliveryResult } from './types.js';

export interface DeliveryContext {
  client: KustomerClient;
  cache: CustomerCache;
}

export async function deliverPlan(
  context: DeliveryContext,
  plan: EventPlan,
  signal?: AbortSignal,
): Promise<DeliveryResult> {
  let requests = 0;
  let retries = 0;
  const call: CallOptions = {
    onAttempt: (attempt) => {
      requests++;
      if (attempt.attempt > 1) retries++;
    },
  };
  if (signal) call.signal = signal;
  try {
    if (plan.type === 'identify') {
      const { action, customerId } = await upsertCustomer(context, plan, call);
      return { ok: true, action, customerId, requests, retries, warnings: plan.warnings };
    }
    const identity = await context.client.tracking.identityEvent(plan.body, call);
    const customerId = identity.relationships?.customer?.data?.id;
    return {
      ok: true,
      action: 'tracked',
      ...(customerId === undefined ? {} : { customerId }),
      requests,
      retries,
      warnings: plan.warnings,
    };
  } catch (error) {
    return { ok: false, error: toDeliveryError(error), requests, retries, warnings: plan.warnings };
  }
}

async function upsertCustomer(
  { client, cache }: DeliveryContext,
  plan: CustomerPlan,
  call: CallOptions,
): Promise<{ action: 'created' | 'updated'; customerId: string }> {
  // An explicit kustomerId outranks what we remember for the user.
  const cached = plan.lookups[0]?.by === 'kustomerId' ? undefined : cache.get(plan.userKey);
  if (cached !== undefined) {
    if (await updateIfExists(client, cached, plan.body, call)) {
      return { action: 'updated', customerId: cached };
    }
    cache.delete(plan.userKey);
  }
  for (const lookup of plan.lookups) {
    const id = await findCustomer(client, lookup, call);
    if (id === undefined || id === cached) continue;
    if (await updateIfExists(client, id, plan.body, call)) {
      cache.set(plan.userKey, id);
      return { action: 'updated', customerId: id };
    }
  }
  const created = await createOrAdopt(client, plan.body, call);
  cache.set(plan.userKey, created.customerId);
  return created;
}

async function findCustomer(
  client: KustomerClient,
  lookup: CustomerLookup,
  call: CallOptions,
): Promise<string | undefined> {
  switch (lookup.by) {
    case 'kustomerId':
      return lookup.value;
    case 'email':
      return (await client.customers.getByEmail(lookup.value, call))?.id;
    case 'externalId':
      return (await client.customers.getByExternalId(lookup.value, call))?.id;
  }
}

/** Updates with merge semantics; false when Kustomer no longer has the customer. */
async function updateIfExists(
  client: KustomerClient,
  id: string,
  body: CustomerBody,
  call: CallOptions,
): Promise<boolean> {
  try {
    await client.customers.update(id, body, { ...call, replace: false });
    return true;
  } catch (error) {
    if (error instanceof KustomerApiError && error.status === 404) return false;
    throw error;
  }
}

/**
 * Creates the customer. A 409 means another writer created this externalId since our lookup
 * (external ids are unique per org: kustomer-api.md §4), so the customer is found and updated instead.
 */
async function createOrAdopt(
  client: KustomerClient,
  body: CustomerBody,
  call: CallOptions,
): Promise<{ action: 'created' | 'updated'; customerId: string }> {
  try {
    const created = await client.customers.create(body, call);
    return { action: 'created', customerId: created.id };
  } catch (error) {
    const externalId = body.externalId;
    if (!(error instanceof KustomerApiError) || error.status !== 409 || !externalId) throw error;
    const existing = await client.customers.getByExternalId(externalId, call);
    if (!existing) throw error;
    await client.customers.update(existing.id, body, { ...call, replace: false });
    return { action: 'updated', customerId: existing.id };
  }
}
