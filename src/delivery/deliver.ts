/**
 * Carries out one mapped event: for an identify, the identity-resolution step and create-or-update;
 * for a track, page or screen, one tracking identityEvent. Every call is a call description run
 * through the client. Every outcome is a result; nothing throws.
 */
import type { MappedEvent, MappedIdentify } from '../adapter/types.js';
import { describeCall, type KustomerCall } from '../client/calls.js';
import type { CallOptions, KustomerClient } from '../client/types.js';
import { KustomerApiError } from '../errors.js';
import type { CustomerBody } from '../payloads.js';
import { type AttemptTally, tallyAttempts } from './attempts.js';
import type { CustomerCache } from './customer-cache.js';
import { executeCall } from './execute.js';
import { identifyDecision, updateCall } from './identity.js';
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

export async function deliverMapped(
  context: DeliveryContext,
  plan: MappedEvent,
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
  mapped: MappedIdentify,
  run: Run,
): Promise<{ action: 'created' | 'updated'; customerId: string }> {
  const baseUrl = client.baseUrl;
  // Every path value is checked here, before any request.
  const decision = identifyDecision(baseUrl, mapped.lookups, mapped.body);
  const first = decision.next();
  // send's own way of finding: the customer remembered for the user comes before the lookups,
  // unless the event names its customer (an explicit kustomerId outranks what we remember).
  const named = !first.done && first.value.kind === 'update';
  const cached = named ? undefined : cache.get(mapped.userKey);
  if (cached !== undefined) {
    if (await updateIfExists(run, updateCall(baseUrl, cached, mapped.body))) {
      return { action: 'updated', customerId: cached };
    }
    cache.delete(mapped.userKey);
  }
  let step = first;
  while (!step.done) {
    const { value } = step;
    if (value.kind === 'lookup') {
      const id = await run(value.call);
      // The remembered id was just found gone: the lookup's stale answer is not tried again.
      step = decision.next(id === cached ? null : id);
    } else {
      step = decision.next((await updateIfExists(run, value.call)) ? value.customerId : null);
    }
  }
  const write = step.value;
  const outcome =
    write.action === 'create'
      ? await createOrAdopt(baseUrl, mapped.body, run)
      : { action: 'updated' as const, customerId: write.customerId };
  cache.set(mapped.userKey, outcome.customerId);
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

function notSentOf({ notSent }: MappedEvent): { notSent?: string[] } {
  return notSent.length > 0 ? { notSent } : {};
}
