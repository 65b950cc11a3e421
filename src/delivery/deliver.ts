/**
 * Carries out one mapped event: for an identify, the identity-resolution step and create-or-update;
 * for a track, page or screen, one tracking identityEvent. Every call is a call description run
 * through the client. Every outcome is a result; nothing throws.
 */
import type { CustomerPlan, EventPlan } from '../adapter/types.js';
import type { CallOptions, KustomerClient } from '../client/types.js';
import { KustomerApiError } from '../errors.js';
import type { CustomerBody } from '../payloads.js';
import { type AttemptTally, tallyAttempts } from './attempts.js';
import { describeCall, type KustomerCall } from './calls.js';
import type { CustomerCache } from './customer-cache.js';
import { executeCall } from './execute.js';
import { lookupSteps, resolveCustomer, updateCall } from './identity.js';
import { toDeliveryError } from './results.js';
import type { DeliveryResult, Logger } from './types.js';

export interface DeliveryContext {
  client: KustomerClient;
  cache: CustomerCache;
  logger: Logger | undefined;
  /** Runs the waits between attempts, outside the caller's concurrency slot. */
  whileWaiting?: CallOptions['whileWaiting'];
}

type Run = (call: KustomerCall) => Promise<string | null>;

export async function deliverPlan(
  context: DeliveryContext,
  plan: EventPlan,
  signal?: AbortSignal,
): Promise<DeliveryResult> {
  const tally = tallyAttempts(context.logger, signal, context.whileWaiting);
  const run: Run = (call) => executeCall(context.client, call, tally.options);
  const outcome = { warnings: plan.warnings, ...notSentOf(plan) };
  try {
    if (plan.type === 'identify') {
      const { action, customerId } = await upsertCustomer(context, plan, run);
      return { ok: true, action, customerId, ...counts(tally), ...outcome };
    }
    const call = describeCall(context.client.baseUrl, 'createTrackingIdentityEvent', {}, plan.body);
    const customerId = await run(call);
    // Kustomer attached the event to the customer with this externalId: a later identify of the
    // user updates it without lookups, unless an identify already resolved the user.
    if (customerId !== null && context.cache.get(plan.userKey) === undefined) {
      context.cache.set(plan.userKey, customerId);
    }
    return {
      ok: true,
      action: 'tracked',
      ...(customerId === null ? {} : { customerId }),
      ...counts(tally),
      ...outcome,
    };
  } catch (error) {
    return { ok: false, error: toDeliveryError(error), ...counts(tally), ...outcome };
  }
}

async function upsertCustomer(
  { client, cache }: DeliveryContext,
  plan: CustomerPlan,
  run: Run,
): Promise<{ action: 'created' | 'updated'; customerId: string }> {
  const baseUrl = client.baseUrl;
  const steps = lookupSteps(baseUrl, plan.lookups);
  const update = (id: string) => updateIfExists(run, updateCall(baseUrl, id, plan.body));
  // An explicit kustomerId outranks what we remember for the user.
  const cached = steps[0]?.by === 'kustomerId' ? undefined : cache.get(plan.userKey);
  if (cached !== undefined) {
    if (await update(cached)) return { action: 'updated', customerId: cached };
    cache.delete(plan.userKey);
  }
  const found = await resolveCustomer(steps, run, (id) => id !== cached && update(id));
  const outcome =
    found === undefined
      ? await createOrAdopt(baseUrl, plan.body, run)
      : { action: 'updated' as const, customerId: found };
  cache.set(plan.userKey, outcome.customerId);
  return outcome;
}

/** Runs an update; false when Kustomer no longer has the customer (404). */
async function updateIfExists(run: Run, call: KustomerCall): Promise<boolean> {
  try {
    await run(call);
    return true;
  } catch (error) {
    if (error instanceof KustomerApiError && error.status === 404) return false;
    throw error;
  }
}

/**
 * Creates the customer. A 409 means another writer created this externalId since our lookup
 * (external ids are unique per org: docs/kustomer-api.md §4), so that customer is updated instead.
 */
async function createOrAdopt(
  baseUrl: string,
  body: CustomerBody,
  run: Run,
): Promise<{ action: 'created' | 'updated'; customerId: string }> {
  try {
    const id = await run(describeCall(baseUrl, 'createCustomer', {}, body));
    if (id === null) throw new TypeError('Kustomer answered a create without a customer id');
    return { action: 'created', customerId: id };
  } catch (error) {
    const externalId = body.externalId;
    if (!(error instanceof KustomerApiError) || error.status !== 409 || !externalId) throw error;
    const params = { path: { externalId } };
    const existing = await run(describeCall(baseUrl, 'getCustomerByExternalId', params, undefined));
    if (existing === null) throw error;
    await run(updateCall(baseUrl, existing, body));
    return { action: 'updated', customerId: existing };
  }
}

function counts(tally: AttemptTally): { requests: number; retries: number; uncertain?: number } {
  const { requests, retries, uncertain } = tally;
  return uncertain > 0 ? { requests, retries, uncertain } : { requests, retries };
}

function notSentOf({ notSent }: EventPlan): { notSent?: string[] } {
  return notSent.length > 0 ? { notSent } : {};
}
