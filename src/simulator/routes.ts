/**
 * The Kustomer operations the simulator serves: each one's method and path, the schema of its
 * body, the roles that may call it (any one of them; the spec's `x-kustomer-roles`,
 * docs/kustomer-api.md §2) and what it does to the store. Every operation of Kustomer's document
 * that the package's spec describes is here, plus `POST /v1/tracking/identity`.
 */
import type { components } from '../../generated/kustomer.js';
import { type OperationId, operations } from '../../generated/operations.js';
import type { CompanyResult } from './companies.js';
import type { OperationResult } from './customers.js';
import type { SchemaName } from './openapi.js';
import { compileTemplate, matchTemplate } from './paths.js';
import type { Store } from './store.js';

type Schemas = components['schemas'];

export interface Route {
  operationId: string;
  method: string;
  template: string;
  /** The spec schema of the body; without one (and without `shape`) the operation takes no body. */
  body?: SchemaName;
  /**
   * Checks only the body's outer shape instead of a schema, for bodies whose contents are checked
   * later (a bulk job's items); returns the problem, if any.
   */
  shape?: (body: unknown) => string | undefined;
  /** The key needs one of these roles. */
  roles: readonly string[];
  /** Runs the operation on a body that has passed the checks. */
  perform(
    store: Store,
    params: Readonly<Record<string, string>>,
    body: unknown,
    url: URL,
  ): OperationResult | CompanyResult;
}

/** Every role an operation here accepts: the roles of a key made with no limits. */
export const ALL_ROLES: readonly string[] = [
  ...new Set(Object.values(operations).flatMap((operation) => operation.roles)),
];

/** A spec operation's id, method, path template and roles (generated/operations.ts). */
function specOperation(
  operationId: OperationId,
): Pick<Route, 'operationId' | 'method' | 'template' | 'roles'> {
  const { method, path, roles } = operations[operationId];
  return { operationId, method, template: path, roles };
}

// The casts below are safe: `perform` runs only once the body has validated against `body`.
export const ROUTES: readonly Route[] = [
  // Before `/v1/customers/{id}`, which `/v1/customers/bulk` would otherwise match.
  {
    ...specOperation('bulkCreateCustomers'),
    shape: (body) => bulkShape(body, false),
    perform: (store, _params, body) => store.bulk.submit('create', body as BulkItems),
  },
  {
    ...specOperation('bulkUpdateCustomers'),
    shape: (body) => bulkShape(body, true),
    perform: (store, _params, body) => store.bulk.submit('update', body as BulkItems),
  },
  {
    ...specOperation('getBulkOperationBatches'),
    perform: (store, params) => store.bulk.batches(params.id ?? ''),
  },
  {
    ...specOperation('getBulkOperation'),
    perform: (store, params) => store.bulk.get(params.id ?? ''),
  },
  {
    ...specOperation('createCustomer'),
    body: 'CustomerBody',
    perform: (store, _params, body) => store.customers.create(body as Schemas['CustomerBody']),
  },
  {
    ...specOperation('getCustomerByEmail'),
    perform: (store, params) => store.customers.get('email', params.email ?? ''),
  },
  {
    ...specOperation('getCustomerByPhone'),
    perform: (store, params) => store.customers.get('phone', params.phone ?? ''),
  },
  {
    ...specOperation('getCustomerByExternalId'),
    perform: (store, params) => store.customers.get('externalId', params.externalId ?? ''),
  },
  {
    ...specOperation('getCustomerById'),
    perform: (store, params) => store.customers.get('id', params.id ?? ''),
  },
  {
    ...specOperation('updateCustomer'),
    body: 'CustomerBody',
    perform: (store, params, body, url) =>
      store.customers.update(
        params.id ?? '',
        body as Schemas['CustomerBody'],
        url.searchParams.get('replace') === 'true' ? 'replace' : 'merge',
      ),
  },
  {
    ...specOperation('updateCustomerAttributes'),
    body: 'CustomerBody',
    perform: (store, params, body) =>
      store.customers.update(params.id ?? '', body as Schemas['CustomerBody'], 'merge'),
  },
  {
    ...specOperation('deleteCustomer'),
    perform: (store, params) => {
      const result = store.customers.delete(params.id ?? '');
      if (result.status === 204) store.tracking.forgetCustomer(params.id ?? '');
      return result;
    },
  },
  {
    ...specOperation('createCompany'),
    body: 'CompanyCreateBody',
    perform: (store, _params, body) => store.companies.create(body as Schemas['CompanyCreateBody']),
  },
  {
    ...specOperation('getCompanies'),
    perform: (store, _params, _body, url) => store.companies.list(url.searchParams),
  },
  {
    ...specOperation('getCompanyById'),
    perform: (store, params) => store.companies.get(params.id ?? ''),
  },
  {
    ...specOperation('updateCompany'),
    body: 'CompanyUpdateBody',
    perform: (store, params, body) =>
      store.companies.update(params.id ?? '', body as Schemas['CompanyUpdateBody']),
  },
  {
    ...specOperation('createTrackingIdentityEvent'),
    body: 'IdentityEventBody',
    perform: (store, _params, body) =>
      store.tracking.identityEvent(body as Schemas['IdentityEventBody']),
  },
  // Not in the package's spec: Kustomer documents it, and the simulator answers it too. Every
  // tracking endpoint takes the one role org.tracking (docs/kustomer-api.md §2).
  {
    operationId: 'createTrackingIdentity',
    method: 'POST',
    template: '/v1/tracking/identity',
    body: 'TrackingIdentity',
    roles: operations.createTrackingEvent.roles,
    perform: (store, _params, body) => store.tracking.identity(body as Schemas['TrackingIdentity']),
  },
  {
    ...specOperation('createTrackingEvent'),
    body: 'TrackingEvent',
    perform: (store, _params, body) => store.tracking.event(body as Schemas['TrackingEvent']),
  },
];

type BulkItems = readonly Record<string, unknown>[];

/** Kustomer's limit per bulk request (docs/kustomer-api.md §6.1). */
const MAX_BULK_ITEMS = 100;

/**
 * A bulk body's shape, checked when the request arrives: 1 to 100 objects, each update naming its
 * customer `id`. The items' fields are checked when the job runs (./bulk.ts).
 */
function bulkShape(body: unknown, update: boolean): string | undefined {
  if (!Array.isArray(body)) return 'a bulk body is an array of records';
  if (body.length === 0 || body.length > MAX_BULK_ITEMS) {
    return `a bulk body holds 1 to ${MAX_BULK_ITEMS} records, not ${body.length}`;
  }
  const bad = body.findIndex(
    (item) =>
      item === null ||
      typeof item !== 'object' ||
      Array.isArray(item) ||
      (update && (typeof item.id !== 'string' || item.id === '')),
  );
  if (bad === -1) return undefined;
  return update ? `item ${bad} is not a record with an id` : `item ${bad} is not a record`;
}

export interface MatchedRoute {
  route: Route;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
}

const COMPILED = ROUTES.map((route) => ({ route, compiled: compileTemplate(route.template) }));

/** The route for a request; the routes are listed most literal first. */
export function matchRoute(method: string, pathname: string): MatchedRoute | undefined {
  for (const { route, compiled } of COMPILED) {
    if (route.method !== method) continue;
    const params = matchTemplate(compiled, pathname);
    if (params) return { route, params };
  }
  return undefined;
}
