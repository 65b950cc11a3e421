/**
 * Customers and their email, phone and externalId indexes: create, look up, update and delete, answered
 * with the status and body Kustomer sends (docs/kustomer-api.md §3, §4, §6).
 */
import type { components } from '../../generated/kustomer.js';
import { type ErrorBody, errorBody } from './errors.js';
import type { MintId } from './ids.js';
import { customerEnvelope, displayNameOf } from './resources.js';
import type { SimulatedCustomer, SimulatedCustomerAttributes } from './types.js';

type Schemas = components['schemas'];
export type CustomerBody = Schemas['CustomerBody'];

export interface OperationResult {
  status: number;
  /** Absent for 204. */
  body?:
    | Schemas['CustomerEnvelope']
    | Schemas['TrackingIdentityEnvelope']
    | Schemas['BulkOperationEnvelope']
    | Schemas['BulkBatchList']
    | ErrorBody;
}

type CustomerKey = 'id' | 'email' | 'phone' | 'externalId';

export interface Customers {
  create(body: CustomerBody): OperationResult;
  get(key: CustomerKey, value: string): OperationResult;
  /** `merge`: PUT with `replace=false` and PATCH; `replace`: PUT with `replace=true`. */
  update(id: string, body: CustomerBody, mode: 'merge' | 'replace'): OperationResult;
  delete(id: string): OperationResult;
  find(key: CustomerKey, value: string): SimulatedCustomer | undefined;
  /** Creates a customer without the conflict check (the tracking identity's find-or-create). */
  insert(body: CustomerBody): SimulatedCustomer;
  /** The live records, in creation order; callers must copy before handing them out. */
  all(): readonly SimulatedCustomer[];
  reset(): void;
}

const notFound = (): OperationResult => ({
  status: 404,
  body: errorBody(404, 'Customer not found'),
});

/**
 * `companyExists` says whether a company id names a company the simulator holds: a customer's
 * `company` must (docs/simulator.md#companies).
 */
export function createCustomers(
  mintId: MintId,
  iso: () => string,
  companyExists: (id: string) => boolean = () => false,
): Customers {
  let byId = new Map<string, SimulatedCustomer>();
  let byExternalId = new Map<string, string>();
  /** Emails (lower-cased) and phones, each to the customers holding it, oldest first. */
  let byContact = { email: new Map<string, string[]>(), phone: new Map<string, string[]>() };

  const unindex = (c: SimulatedCustomer): void => {
    if (typeof c.attributes.externalId === 'string') byExternalId.delete(c.attributes.externalId);
    for (const [key, value] of contactsOf(c.attributes)) {
      const ids = (byContact[key].get(value) ?? []).filter((id) => id !== c.id);
      if (ids.length > 0) byContact[key].set(value, ids);
      else byContact[key].delete(value);
    }
  };
  const index = (c: SimulatedCustomer): void => {
    if (typeof c.attributes.externalId === 'string') {
      byExternalId.set(c.attributes.externalId, c.id);
    }
    for (const [key, value] of contactsOf(c.attributes)) {
      const ids = byContact[key].get(value) ?? [];
      if (!ids.includes(c.id)) byContact[key].set(value, [...ids, c.id]);
    }
  };
  const find = (key: CustomerKey, value: string): SimulatedCustomer | undefined => {
    if (key === 'id') return byId.get(value);
    const id =
      key === 'externalId'
        ? byExternalId.get(value)
        : byContact[key].get(key === 'email' ? value.toLowerCase() : value)?.[0];
    return id === undefined ? undefined : byId.get(id);
  };
  /** Another customer already holding the externalId this body sets, if any. */
  const conflict = (body: CustomerBody, self?: string): OperationResult | undefined => {
    if (typeof body.externalId !== 'string') return undefined;
    const holder = byExternalId.get(body.externalId);
    if (holder === undefined || holder === self) return undefined;
    return {
      status: 409,
      body: errorBody(409, 'externalId: another customer already has this externalId', {
        pointer: '/externalId',
        meta: { customerId: holder },
      }),
    };
  };
  /** A `company` that names no company: 400, as for any value Kustomer cannot take. */
  const unknownCompany = (body: CustomerBody): OperationResult | undefined => {
    if (typeof body.company !== 'string' || companyExists(body.company)) return undefined;
    const message = 'company: no company has this id (a customer links to a company by its id)';
    return { status: 400, body: errorBody(400, message, { pointer: '/company' }) };
  };
  const insert = (body: CustomerBody): SimulatedCustomer => {
    const { rev: _rev, ...fields } = body;
    const at = iso();
    const createdAt = fields.createdAt ?? at;
    const customer: SimulatedCustomer = {
      id: mintId('customer'),
      attributes: withServerFields(fields, { createdAt, updatedAt: at, rev: 1 }),
      createdAt,
      updatedAt: at,
      updates: 0,
    };
    byId.set(customer.id, customer);
    index(customer);
    return customer;
  };

  return {
    create(body) {
      const refused = unknownCompany(body) ?? conflict(body);
      return refused ?? { status: 201, body: customerEnvelope(insert(body)) };
    },
    get(key, value) {
      const customer = find(key, value);
      return customer ? { status: 200, body: customerEnvelope(customer) } : notFound();
    },
    update(id, body, mode) {
      const customer = byId.get(id);
      if (!customer) return notFound();
      const clash = unknownCompany(body) ?? conflict(body, id);
      if (clash) return clash;
      const { rev, createdAt: _createdAt, ...fields } = body;
      const stored = customer.attributes;
      // Kustomer answers 409 for optimistic locking: a body naming a revision that is not current.
      if (rev !== undefined && rev !== stored.rev) {
        return {
          status: 409,
          body: errorBody(409, `rev: the customer is at revision ${String(stored.rev)}`, {
            pointer: '/rev',
          }),
        };
      }
      const at = iso();
      const next = mode === 'replace' ? fields : mergeAttributes(stored, fields);
      // Kustomer on PUT and PATCH: "If you omit the company, the customer will no longer be linked
      // to the company". The simulator takes it at its word, merges included.
      if (!Object.hasOwn(fields, 'company')) delete next.company;
      unindex(customer);
      customer.attributes = withServerFields(next, {
        createdAt: customer.createdAt,
        updatedAt: at,
        rev: (stored.rev ?? 0) + 1,
      });
      customer.updatedAt = at;
      customer.updates += 1;
      index(customer);
      return { status: 200, body: customerEnvelope(customer) };
    },
    delete(id) {
      const customer = byId.get(id);
      if (!customer) return notFound();
      unindex(customer);
      byId.delete(id);
      return { status: 204 };
    },
    find,
    insert,
    all: () => [...byId.values()],
    reset() {
      byId = new Map();
      byExternalId = new Map();
      byContact = { email: new Map(), phone: new Map() };
    },
  };
}

/** Top-level fields replace the stored ones; `custom` is merged key by key. */
function mergeAttributes(
  stored: SimulatedCustomerAttributes,
  body: CustomerBody,
): SimulatedCustomerAttributes {
  const { custom, ...rest } = body;
  const merged: SimulatedCustomerAttributes = { ...stored, ...rest };
  if (custom !== undefined) merged.custom = { ...(stored.custom ?? {}), ...custom };
  return merged;
}

/** The fields Kustomer adds to what was sent (docs/kustomer-api.md §3). */
function withServerFields(
  fields: SimulatedCustomerAttributes,
  server: { createdAt: string; updatedAt: string; rev: number },
): SimulatedCustomerAttributes {
  const { displayName: _d, createdAt: _c, updatedAt: _u, modifiedAt: _m, rev: _r, ...own } = fields;
  return {
    ...own,
    displayName: displayNameOf(own),
    createdAt: server.createdAt,
    updatedAt: server.updatedAt,
    modifiedAt: server.updatedAt,
    rev: server.rev,
  };
}

/** A customer's emails (lower-cased: Kustomer matches them so) and phones, as index entries. */
function contactsOf(
  attributes: SimulatedCustomerAttributes,
): (readonly ['email' | 'phone', string])[] {
  return [
    ...(attributes.emails ?? []).map((e) => ['email', e.email.toLowerCase()] as const),
    ...(attributes.phones ?? []).map((p) => ['phone', p.phone] as const),
  ];
}
