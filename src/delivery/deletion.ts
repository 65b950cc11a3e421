/**
 * User deletion (docs/deletion.md): a customer is deleted only when it is the person's. One found
 * by an externalId given (userId, anonymousId) is; one found by email or phone is only when it
 * holds no externalId or one of those given, since people share emails and phones (a family, a
 * team inbox, a switchboard) and Kustomer's lookups return one of them. The lookups are identify's
 * call descriptions plus the phone lookup, externalIds first so that the contact lookups meet what
 * is left.
 */
import type { CustomerLookup } from '../adapter/types.js';
import { type CallOf, describeCall, type KustomerCall } from '../client/calls.js';
import type { CallOptions, KustomerClient } from '../client/types.js';
import { executeCall, lookupCustomer } from './execute.js';
import { type LookupStep, lookupSteps } from './identity.js';
import { FOUND_ID, withPlaceholder } from './plan.js';
import type { UserToDelete } from './types.js';
import { readUserToDelete } from './user-to-delete.js';

export interface Deletion {
  /** The lane the deletion runs in: the same key as the user's events. */
  userKey: string;
  /** The externalIds given: a customer holding one of them is the person's. */
  externalIds: string[];
  steps: LookupStep[];
  /** `GET /v1/customers/phone={phone}`, when a phone was given. */
  phone?: CallOf<'getCustomerByPhone'>;
}

export interface DeletionCount {
  deleted: number;
  /** Customers found by email or phone that hold another person's externalId: left in place. */
  kept: number;
}

/**
 * Customers sharing one email or phone are reached one lookup at a time (each delete uncovers the
 * next); past this many, the rest are left for the next request rather than looping on a lookup
 * that keeps answering.
 */
const MAX_CONTACT_MATCHES = 10;

/** Reads the user and describes its lookups; throws `InvalidEventError` for unusable input. */
export function describeDeletion(baseUrl: string, input: UserToDelete): Deletion {
  const { userId, anonymousId, email, phone } = readUserToDelete(input);
  const userKey =
    userId ?? anonymousId ?? (email === undefined ? `phone:${phone ?? ''}` : `email:${email}`);
  const externalIds = [userId, anonymousId].filter((id): id is string => id !== undefined);
  const lookups: CustomerLookup[] = externalIds.map((value) => ({ by: 'externalId', value }));
  if (email !== undefined) lookups.push({ by: 'email', value: email });
  const deletion: Deletion = { userKey, externalIds, steps: lookupSteps(baseUrl, lookups) };
  if (phone !== undefined) {
    const params = { path: { phone } };
    deletion.phone = describeCall(baseUrl, 'getCustomerByPhone', params, undefined);
  }
  return deletion;
}

/** Deletes the person's customers; resolves to how many Kustomer deleted and how many were kept. */
export async function deleteCustomers(
  client: KustomerClient,
  deletion: Deletion,
  options: CallOptions,
): Promise<DeletionCount> {
  const done = new Set<string>();
  const count: DeletionCount = { deleted: 0, kept: 0 };
  const remove = async (id: string) => {
    done.add(id);
    // A customer deleted meanwhile answers 404 (null): nothing left to delete.
    const gone = await executeCall(client, deleteCall(client.baseUrl, id), options);
    if (gone !== null) count.deleted++;
  };
  for (const step of deletion.steps) {
    if (step.by !== 'externalId') continue;
    const customer = await lookupCustomer(client, step.call, options);
    if (customer !== null && !done.has(customer.id)) await remove(customer.id);
  }
  for (const byContact of contactLookups(deletion)) {
    for (let match = 0; match < MAX_CONTACT_MATCHES; match++) {
      const customer = await lookupCustomer(client, byContact, options);
      // An id already handled means the lookup still sees a deleted customer: stop, not loop.
      if (customer === null || done.has(customer.id)) break;
      const holder = customer.attributes?.externalId;
      if (typeof holder === 'string' && holder !== '' && !deletion.externalIds.includes(holder)) {
        count.kept++;
        break;
      }
      await remove(customer.id);
    }
  }
  return count;
}

/** The lookups by something people share (email, then phone), whose finds must be checked. */
function contactLookups(deletion: Deletion): KustomerCall[] {
  const email = deletion.steps.find(
    (step): step is Exclude<LookupStep, { by: 'kustomerId' }> => step.by === 'email',
  );
  return [email?.call, deletion.phone].filter((call) => call !== undefined);
}

/** The calls a deletion would make if every lookup found a customer of the person's own. */
export function planDeletionCalls(baseUrl: string, deletion: Deletion): KustomerCall[] {
  const lookups: KustomerCall[] = deletion.steps.flatMap((step) =>
    step.by === 'kustomerId' ? [] : [step.call],
  );
  if (deletion.phone !== undefined) lookups.push(deletion.phone);
  return [...lookups, ...lookups.map(() => withPlaceholder(deleteCall(baseUrl, FOUND_ID)))];
}

function deleteCall(baseUrl: string, id: string): KustomerCall {
  return describeCall(baseUrl, 'deleteCustomer', { path: { id } }, undefined);
}
