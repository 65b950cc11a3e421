/**
 * Folds a backfill's mapped events per user: every identify of one user becomes one
 * record, later values winning field by field as docs/deviations.md D8 does, and the user's
 * tracking events are kept, in input order, to follow the record. A user with companies in the
 * input (a group, or an identify naming one in `traits.company`) gets no record: all of the user's
 * events go `send`'s way, in input order, because a bulk record cannot link a company and would
 * unlink one (docs/bulk.md, docs/deviations.md D20). Pure.
 */
import type { MappedEvent } from '../../adapter/types.js';
import type { CustomerBody } from '../../payloads.js';

/** One user of the input: the folded record, if the user has identifies, and the events after it. */
export interface BulkUser {
  /** userId, else anonymousId: the record's `externalId`. */
  userKey: string;
  /** Input indexes of the identifies folded into `body`, in input order. */
  identifies: number[];
  /** The folded customer body; absent when the input has no identify of the user. */
  body?: CustomerBody;
  /** The Kustomer id the latest identify named (`context.externalId[type=kustomerId]`). */
  kustomerId?: string;
  /**
   * Input indexes of the events sent `send`'s way after the record, in input order: track, page
   * and screen; for a user with companies, every event.
   */
  tracking: number[];
}

/** The users of the input in the order each first appears. */
export function foldPlans(plans: Iterable<{ index: number; plan: MappedEvent }>): BulkUser[] {
  const users = new Map<string, BulkUser>();
  const withCompanies = new Set<string>();
  for (const { index, plan } of plans) {
    if (plan.type === 'group' || (plan.type === 'identify' && plan.company !== undefined)) {
      withCompanies.add(plan.userKey);
    }
    let user = users.get(plan.userKey);
    if (user === undefined) {
      user = { userKey: plan.userKey, identifies: [], tracking: [] };
      users.set(plan.userKey, user);
    }
    if (plan.type !== 'identify') {
      user.tracking.push(index);
      continue;
    }
    user.identifies.push(index);
    user.body = mergeBodies(user.body, plan.body);
    const named = plan.lookups.find((lookup) => lookup.by === 'kustomerId');
    if (named !== undefined) user.kustomerId = named.value;
  }
  for (const key of withCompanies) {
    const user = users.get(key) as BulkUser;
    const all = [...user.identifies, ...user.tracking].sort((a, b) => a - b);
    users.set(key, { userKey: key, identifies: [], tracking: all });
  }
  return [...users.values()];
}

/** docs/deviations.md D8: a later identify's values win field by field. */
function mergeBodies(earlier: CustomerBody | undefined, later: CustomerBody): CustomerBody {
  return earlier === undefined ? { ...later } : { ...earlier, ...later };
}
