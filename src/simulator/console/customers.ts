/**
 * The console's customer views: a searched, sorted page of rows (searched on the server, so that
 * 10,000 customers stay quick in the browser) and one customer with its events and requests.
 */
import { customerEnvelope } from '../resources.js';
import type { Store } from '../store.js';
import type { SimulatedCustomer, SimulatedEvent } from '../types.js';
import type { RequestLog, RequestSummary } from './log.js';

interface CustomerRow {
  id: string;
  name: string;
  email: string;
  externalId: string;
  company: string;
  createdAt: string;
  updatedAt: string;
  events: number;
}

interface CustomerPage {
  total: number;
  offset: number;
  limit: number;
  /** Whether any customer on the page has a company, so the table shows that column. */
  companies: boolean;
  items: CustomerRow[];
}

interface CustomerQuery {
  q?: string;
  offset?: number;
  limit?: number;
  sort?: string;
  dir?: 'asc' | 'desc';
}

/** How many of a customer's events its page shows (the most recent ones). */
const EVENTS_SHOWN = 1_000;
const MAX_PAGE = 200;

const SORTS: Record<string, (a: CustomerRow, b: CustomerRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  email: (a, b) => a.email.localeCompare(b.email),
  externalId: (a, b) => a.externalId.localeCompare(b.externalId),
  company: (a, b) => a.company.localeCompare(b.company),
  updatedAt: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
  events: (a, b) => a.events - b.events,
};

export interface CustomerViews {
  page(query: CustomerQuery): CustomerPage;
  detail(
    id: string,
    log: RequestLog,
  ):
    | {
        customer: unknown;
        events: SimulatedEvent[];
        eventsTotal: number;
        requests: RequestSummary[];
      }
    | undefined;
}

export function createCustomerViews(store: Store): CustomerViews {
  // Event counts per customer, brought up to date from the append-only log; a reset swaps the log.
  let counted: readonly SimulatedEvent[] | undefined;
  let seen = 0;
  let counts = new Map<string, number>();
  const eventCounts = (): Map<string, number> => {
    const log = store.tracking.events();
    if (log !== counted || log.length < seen) {
      counted = log;
      seen = 0;
      counts = new Map();
    }
    for (; seen < log.length; seen += 1) {
      const id = log[seen]?.customerId ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };

  return {
    page(query) {
      const offset = Math.max(0, Math.floor(query.offset ?? 0));
      const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(query.limit ?? 50)));
      const needle = (query.q ?? '').trim().toLowerCase();
      const all = store.customers.all();
      const events = eventCounts();
      const names = new Map(store.companies.all().map((c) => [c.id, c.attributes.name]));
      // A customer links to a company by id (docs/simulator.md#companies); the table shows its name.
      const companyName = (id: string): string => {
        const name = names.get(id);
        return typeof name === 'string' && name !== '' ? name : id;
      };
      const companyOf = (c: SimulatedCustomer): string =>
        typeof c.attributes.company === 'string' ? companyName(c.attributes.company) : '';
      const matching = needle === '' ? all : all.filter((c) => matches(c, needle, companyOf(c)));
      const compare = query.sort === undefined ? undefined : SORTS[query.sort];
      let rows: CustomerRow[];
      if (compare === undefined) {
        // Creation order, newest first unless asked otherwise: only the page needs rows.
        const ordered = query.dir === 'asc' ? matching : [...matching].reverse();
        rows = ordered.slice(offset, offset + limit).map((c) => rowOf(c, events, companyName));
      } else {
        const sorted = matching.map((c) => rowOf(c, events, companyName)).sort(compare);
        if (query.dir !== 'asc') sorted.reverse();
        rows = sorted.slice(offset, offset + limit);
      }
      return {
        total: matching.length,
        offset,
        limit,
        companies: rows.some((row) => row.company !== ''),
        items: rows,
      };
    },
    detail(id, log) {
      const customer = store.customers.find('id', id);
      if (!customer) return undefined;
      const events = store.tracking.events().filter((event) => event.customerId === id);
      return {
        customer: customerEnvelope(customer).data,
        events: events.slice(-EVENTS_SHOWN),
        eventsTotal: events.length,
        requests: log.list({ customerId: id }),
      };
    },
  };
}

function rowOf(
  customer: SimulatedCustomer,
  events: Map<string, number>,
  companyName: (id: string) => string,
): CustomerRow {
  const { attributes } = customer;
  return {
    id: customer.id,
    name: attributes.displayName ?? '',
    email: attributes.emails?.[0]?.email ?? '',
    externalId: typeof attributes.externalId === 'string' ? attributes.externalId : '',
    company: typeof attributes.company === 'string' ? companyName(attributes.company) : '',
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
    events: events.get(customer.id) ?? 0,
  };
}

/** Case-insensitive substring of the id, name, emails, phones, externalId or company. */
function matches(customer: SimulatedCustomer, needle: string, company: string): boolean {
  const a = customer.attributes;
  const fields = [
    customer.id,
    a.displayName,
    a.name,
    typeof a.externalId === 'string' ? a.externalId : undefined,
    company,
    ...(a.emails ?? []).map((e) => e.email),
    ...(a.phones ?? []).map((p) => p.phone),
  ];
  return fields.some((field) => typeof field === 'string' && field.toLowerCase().includes(needle));
}
