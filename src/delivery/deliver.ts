/**
 * Carries out one mapped event: for an identify, the company it names (companies.ts) and the
 * identity-resolution step and create-or-update (upsert.ts); for a group, its company's upsert and
 * the user's customer linked to it; for a track, page or screen, one tracking identityEvent. Every
 * call is a call description run through the client. Every outcome is a result; nothing throws.
 */
import type { MappedEvent, MappedGroup, MappedIdentify } from '../adapter/types.js';
import { describeCall } from '../client/calls.js';
import type { CallOptions } from '../client/types.js';
import { type AttemptTally, tallyAttempts } from './attempts.js';
import type { CompanyDirectory } from './companies.js';
import { executeCall } from './execute.js';
import { toDeliveryError } from './results.js';
import type { DeliveryResult, Logger } from './types.js';
import { type UpsertContext, upsertCustomer } from './upsert.js';

export interface DeliveryContext extends UpsertContext {
  companies: CompanyDirectory;
  logger: Logger | undefined;
  /** Runs the waits between attempts, outside the caller's concurrency slot. */
  whileWaiting?: CallOptions['whileWaiting'];
}

export async function deliverMapped(
  context: DeliveryContext,
  plan: MappedEvent,
  signal?: AbortSignal,
): Promise<DeliveryResult> {
  const tally = tallyAttempts(context.logger, signal, context.whileWaiting);
  const outcome = { warnings: [...plan.warnings], ...notSentOf(plan) };
  try {
    if (plan.type === 'identify') {
      const done = await deliverIdentify(context, plan, tally.options, outcome.warnings);
      return { ok: true, ...done, ...counts(tally), ...outcome };
    }
    if (plan.type === 'group') {
      const done = await deliverGroup(context, plan, tally.options);
      return { ok: true, ...done, ...counts(tally), ...outcome };
    }
    const call = describeCall(context.client.baseUrl, 'createTrackingIdentityEvent', {}, plan.body);
    const customerId = await executeCall(context.client, call, tally.options);
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

/** An identify: the company it names resolved first, so the customer write links it. */
async function deliverIdentify(
  context: DeliveryContext,
  plan: MappedIdentify,
  options: CallOptions,
  warnings: string[],
) {
  const reference = plan.company;
  const company =
    reference === undefined
      ? undefined
      : await context.companies.resolve(context.client, reference, options);
  if (reference !== undefined && company === undefined) {
    // Only a name, and no company has it: nothing to link; the customer keeps the link it has.
    warnings.push(
      `traits.company: no company is named ${JSON.stringify(reference.value)}: not linked`,
    );
  }
  const write = {
    userKey: plan.userKey,
    lookups: plan.lookups,
    body: plan.body,
    linkTo: company?.id,
  };
  const done = await upsertCustomer(context, write, options);
  return company === undefined ? done : { ...done, company };
}

/** A group: the company found and updated or created, then the user's customer linked to it. */
async function deliverGroup(context: DeliveryContext, plan: MappedGroup, options: CallOptions) {
  const company = await context.companies.upsert(context.client, plan, options);
  const body = { externalId: plan.userKey };
  const write = { userKey: plan.userKey, lookups: plan.lookups, body, linkTo: company.id };
  const { customerId } = await upsertCustomer(context, write, options);
  return { action: 'linked' as const, customerId, company };
}

function counts(tally: AttemptTally): { requests: number; retries: number; uncertain?: number } {
  const { requests, retries, uncertain } = tally;
  return uncertain > 0 ? { requests, retries, uncertain } : { requests, retries };
}

function notSentOf({ notSent }: MappedEvent): { notSent?: string[] } {
  return notSent.length > 0 ? { notSent } : {};
}
