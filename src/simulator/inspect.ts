/**
 * Read-only views of the simulator's state over HTTP, for services in any language, and a reset.
 * They live under `/__simulator/`, off Kustomer's paths: no key, no rate limit, no faults, and
 * they are not recorded as requests.
 */
import { errorBody } from './errors.js';
import type { Store } from './store.js';
import type { RecordedRequest } from './types.js';
import type { SimulatorResponse } from './wire.js';

export const INSPECTION_PREFIX = '/__simulator/';

/** What the inspection endpoints answer, for the start-up banner and the docs. */
export const INSPECTION_ENDPOINTS = [
  ['GET', 'customers', 'the customers, in creation order'],
  ['GET', 'companies', 'the companies, in creation order'],
  ['GET', 'events', 'the tracking events, in arrival order'],
  ['GET', 'requests', 'the recent requests: method, path, status, operationId'],
  ['GET', 'jobs', 'the bulk jobs: id, kind, size, status, success and failure counts'],
  [
    'POST',
    'reset',
    'forget customers, companies, events, jobs, requests, injected faults and the rate window',
  ],
] as const;

export interface Inspected {
  store: Store;
  requests(): readonly RecordedRequest[];
  reset(): void;
}

/** The answer to an inspection request, or undefined for any other path. */
export function inspect(
  method: string,
  pathname: string,
  state: Inspected,
): SimulatorResponse | undefined {
  if (!pathname.startsWith(INSPECTION_PREFIX)) return undefined;
  const name = pathname.slice(INSPECTION_PREFIX.length);
  const route = `${method} ${name}`;
  if (route === 'POST reset') {
    state.reset();
    return { status: 204, headers: {}, bodyText: '' };
  }
  const views: Record<string, () => readonly unknown[]> = {
    'GET customers': () => state.store.customers.all(),
    'GET companies': () => companiesWithCustomers(state.store),
    'GET events': () => state.store.tracking.events(),
    'GET requests': () => state.requests(),
    'GET jobs': () => state.store.bulk.all(),
  };
  const view = views[route];
  const status = view ? 200 : 404;
  const body = view
    ? { data: view() }
    : errorBody(404, `No simulator view for ${method} ${pathname}`);
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    bodyText: JSON.stringify(body),
  };
}

/** Each company with the ids of the customers linked to it. */
function companiesWithCustomers(store: Store): unknown[] {
  const linked = new Map<string, string[]>();
  for (const customer of store.customers.all()) {
    const company = customer.attributes.company;
    if (typeof company === 'string')
      linked.set(company, [...(linked.get(company) ?? []), customer.id]);
  }
  return store.companies.all().map((c) => ({ ...c, customerIds: linked.get(c.id) ?? [] }));
}
