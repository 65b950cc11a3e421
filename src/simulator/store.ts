/**
 * The simulator's state: customers, tracking identities and events, and the ids they are given.
 * The id counters outlive `reset()` (./ids.ts).
 */
import { type Customers, createCustomers } from './customers.js';
import { createIds } from './ids.js';
import { createTracking, type Tracking } from './tracking.js';

export interface Store {
  readonly customers: Customers;
  readonly tracking: Tracking;
  reset(): void;
}

export function createStore(now: () => number): Store {
  const mintId = createIds();
  const iso = (): string => new Date(now()).toISOString();
  const customers = createCustomers(mintId, iso);
  const tracking = createTracking(customers, mintId, iso);
  return {
    customers,
    tracking,
    reset() {
      customers.reset();
      tracking.reset();
    },
  };
}
