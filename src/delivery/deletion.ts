/**
 * User deletion (docs/deletion.md): every customer found by the user's externalIds (userId,
 * anonymousId) or email is deleted. The lookups are identify's, through the same identity-resolution
 * step, except that every match counts: one person may be two records, one found by email and one
 * by externalId.
 */
import type { CustomerLookup } from '../adapter/types.js';
import type { CallOptions, KustomerClient } from '../client/types.js';
import { InvalidEventError } from '../errors.js';
import { describeCall, type KustomerCall } from './calls.js';
import { executeCall } from './execute.js';
import { type LookupStep, lookupSteps, resolveCustomer } from './identity.js';
import { FOUND_ID, withPlaceholder } from './plan.js';
import type { UserToDelete } from './types.js';

export interface Deletion {
  /** The lane the deletion runs in: the same key as the user's events. */
  userKey: string;
  steps: LookupStep[];
}

const FIELDS = ['userId', 'anonymousId', 'email'] as const;

/** Checks the user and describes its lookups; throws `InvalidEventError` for unusable input. */
export function describeDeletion(baseUrl: string, user: UserToDelete): Deletion {
  if (typeof user !== 'object' || user === null || Array.isArray(user)) {
    throw new InvalidEventError('A user to delete must be an object', { field: 'user' });
  }
  const given: Partial<Record<(typeof FIELDS)[number], string>> = {};
  for (const field of FIELDS) {
    const value: unknown = user[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') {
      throw new InvalidEventError(`The user's ${field} must be a string`, { field });
    }
    given[field] = value;
  }
  const { userId, anonymousId, email } = given;
  const userKey = userId ?? anonymousId ?? (email === undefined ? undefined : `email:${email}`);
  if (userKey === undefined) {
    throw new InvalidEventError('A user to delete needs a userId, anonymousId or email', {
      field: 'userId',
    });
  }
  const lookups: CustomerLookup[] = [];
  if (email !== undefined) lookups.push({ by: 'email', value: email });
  for (const id of [userId, anonymousId]) {
    if (id !== undefined) lookups.push({ by: 'externalId', value: id });
  }
  return { userKey, steps: lookupSteps(baseUrl, lookups) };
}

/** Deletes every customer the steps find; resolves to how many Kustomer deleted. */
export async function deleteCustomers(
  client: KustomerClient,
  deletion: Deletion,
  options: CallOptions,
): Promise<number> {
  const run = (call: KustomerCall) => executeCall(client, call, options);
  const ids = new Set<string>();
  await resolveCustomer(deletion.steps, run, (id) => {
    ids.add(id);
    return false;
  });
  let deleted = 0;
  for (const id of ids) {
    // A customer deleted meanwhile answers 404 (null): nothing left to delete.
    if ((await run(deleteCall(client.baseUrl, id))) !== null) deleted++;
  }
  return deleted;
}

/** The calls a deletion would make if every lookup found a customer of its own. */
export function planDeletionCalls(baseUrl: string, deletion: Deletion): KustomerCall[] {
  const lookups = deletion.steps.flatMap((step) => (step.by === 'kustomerId' ? [] : [step.call]));
  return [...lookups, ...lookups.map(() => withPlaceholder(deleteCall(baseUrl, FOUND_ID)))];
}

function deleteCall(baseUrl: string, id: string): KustomerCall {
  return describeCall(baseUrl, 'deleteCustomer', { path: { id } }, undefined);
}
