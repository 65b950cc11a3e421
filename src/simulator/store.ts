/**
 * The simulator's state: customers, companies, tracking identities and events, bulk jobs, and the
 * ids they are given. The id counters outlive `reset()` (./ids.ts).
 */
import { type BulkJobs, createBulkJobs, type ItemCheck } from './bulk.js';
import { type Companies, createCompanies } from './companies.js';
import { type Customers, createCustomers } from './customers.js';
import { createIds } from './ids.js';
import { createTracking, type Tracking } from './tracking.js';

export interface Store {
  readonly customers: Customers;
  readonly companies: Companies;
  readonly tracking: Tracking;
  readonly bulk: BulkJobs;
  reset(): void;
}

export interface StoreOptions {
  /** How long a bulk job takes, submission to completion. */
  bulkJobMs: number;
  /** Checks a bulk item's customer fields when its job runs. */
  check: ItemCheck;
}

export function createStore(now: () => number, options: StoreOptions): Store {
  const mintId = createIds();
  const iso = (): string => new Date(now()).toISOString();
  const companies = createCompanies(() => mintId('company'), iso);
  const customers = createCustomers(mintId, iso, (id) => companies.has(id));
  const tracking = createTracking(customers, mintId, iso);
  const bulk = createBulkJobs({
    customers,
    mintId,
    now,
    durationMs: options.bulkJobMs,
    ...options,
  });
  return {
    customers,
    companies,
    tracking,
    bulk,
    reset() {
      customers.reset();
      companies.reset();
      tracking.reset();
      bulk.reset();
    },
  };
}
