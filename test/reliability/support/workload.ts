/**
 * A workload whose every effect can be found again in the simulator, and the reconciliation of the
 * simulator's contents against what the destination reported.
 */
import type { DeliveryResult } from '../../../src/delivery/types.js';
import type { KustomerSimulator } from '../../../src/simulator/types.js';

export type WorkloadEvent = Record<string, unknown> & { seq: number; userId: string };

/**
 * `count` events over `users` users: each user is identified first, then tracks, pages and
 * re-identifies follow. Every event carries its `seq`: in `properties` for tracking events, in the
 * name (`user-3 v17`) for identifies, so the last identify of each user is the expected state.
 */
export function workload(count: number, users: number): WorkloadEvent[] {
  const events: WorkloadEvent[] = [];
  for (let seq = 0; seq < count; seq++) {
    const userId = `user-${seq < users ? seq : (seq * 7919) % users}`;
    const kind = seq < users ? 0 : seq % 4;
    if (kind === 0) {
      const traits = { name: `${userId} v${seq}`, email: `${userId}@example.com` };
      events.push({ type: 'identify', userId, traits, seq, messageId: `m-${seq}` });
    } else {
      const page = kind === 2;
      events.push({
        type: page ? 'page' : 'track',
        userId,
        ...(page ? { name: 'Pricing' } : { event: 'Clicked' }),
        properties: { seq },
        seq,
        messageId: `m-${seq}`,
      });
    }
  }
  return events;
}

export interface Reconciliation {
  events: number;
  delivered: number;
  failed: number;
  /** Events reported delivered that the simulator does not hold. */
  lost: number;
  /** Users whose customer does not hold their last delivered identify (or a failed later one). */
  stale: number;
  /** Tracking events stored more than once (extra copies). */
  duplicateEvents: number;
  /** Customers created more than once for one user (extra customers). */
  duplicateCustomers: number;
  /** Writes sent without an answer, as the results counted them. */
  uncertain: number;
}

/**
 * Checks the simulator against the events: every tracking event delivered is stored, every user's
 * customer holds the traits of the user's last identify. `results` may be absent (a CLI run whose
 * results are not per event); then every event counts as delivered.
 */
export function reconcile(
  events: readonly WorkloadEvent[],
  simulator: KustomerSimulator,
  results?: readonly DeliveryResult[],
): Reconciliation {
  const stored = new Map<number, number>();
  for (const event of simulator.events) {
    const seq = event.meta.seq;
    if (typeof seq === 'number') stored.set(seq, (stored.get(seq) ?? 0) + 1);
  }
  const customersOf = new Map<string, string[]>();
  for (const customer of simulator.customers) {
    const user = String(customer.attributes.externalId ?? '');
    customersOf.set(user, [...(customersOf.get(user) ?? []), String(customer.attributes.name)]);
  }
  // The traits a user's customer may hold: the last delivered identify's, or those of a failed
  // identify after it (a failed write may still have been applied).
  const acceptable = new Map<string, string[]>();
  const out: Reconciliation = {
    events: events.length,
    delivered: 0,
    failed: 0,
    lost: 0,
    stale: 0,
    duplicateEvents: 0,
    duplicateCustomers: 0,
    uncertain: 0,
  };
  events.forEach((event, index) => {
    const result = results?.[index];
    out.uncertain += result?.uncertain ?? 0;
    const name = `${event.userId} v${event.seq}`;
    if (result !== undefined && !result.ok) {
      out.failed += 1;
      const earlier = acceptable.get(event.userId);
      if (event.type === 'identify' && earlier !== undefined) earlier.push(name);
      return;
    }
    out.delivered += 1;
    if (event.type === 'identify') {
      acceptable.set(event.userId, [name]);
    } else if (!stored.has(event.seq)) {
      out.lost += 1;
    }
  });
  for (const copies of stored.values()) out.duplicateEvents += copies - 1;
  for (const [user, expected] of acceptable) {
    const names = customersOf.get(user) ?? [];
    if (names.length === 0) out.lost += 1;
    out.duplicateCustomers += Math.max(0, names.length - 1);
    if (!names.some((held) => expected.includes(held))) out.stale += 1;
  }
  return out;
}
