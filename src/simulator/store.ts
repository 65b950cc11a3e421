/**
 * The simulator's state and the operations on it: customers with their email and externalId
 * indexes, tracking identities and the event log. Answers are the status and body Kustomer sends
 * (kustomer-api.md §3, §4, §6, §8); the transport around them lives in core.ts.
 */
import type { components } from '../../generated/kustomer.js';
import type { SimulatedCustomer, SimulatedCustomerAttributes, SimulatedEvent } from './types.js';

type Schemas = components['schemas'];
type CustomerBody = Schemas['CustomerBody'];
type TrackingIdentity = Schemas['TrackingIdentity'];
export type ErrorBody = Schemas['ErrorBody'];

export interface OperationResult {
  status: number;
  /** Absent for 204. */
  body?: Schemas['CustomerEnvelope'] | Schemas['TrackingIdentityEnvelope'] | ErrorBody;
}

export type CustomerKey = 'id' | 'email' | 'externalId';

export interface Store {
  createCustomer(body: CustomerBody): OperationResult;
  getCustomer(key: CustomerKey, value: string): OperationResult;
  /** `merge`: PUT with `replace=false` and PATCH; `replace`: PUT with `replace=true`. */
  updateCustomer(id: string, body: CustomerBody, mode: 'merge' | 'replace'): OperationResult;
  identityEvent(body: Schemas['IdentityEventBody']): OperationResult;
  trackingEvent(body: Schemas['TrackingEvent']): OperationResult;
  /** The live records, in creation order; callers must copy before handing them out. */
  customers(): readonly SimulatedCustomer[];
  events(): readonly SimulatedEvent[];
  reset(): void;
}

export function errorBody(
  code: string,
  message: string,
  meta?: Record<string, unknown>,
): ErrorBody {
  return { errors: [meta === undefined ? { code, message } : { code, message, meta }] };
}

/**
 * A 24-hex-digit id shaped like Kustomer's (MongoDB ObjectIds): a fixed prefix per kind and a
 * counter, so that the same run of requests always yields the same ids.
 */
function hexId(prefix: string, n: number): string {
  return prefix + n.toString(16).padStart(16, '0');
}

interface Tracked {
  identityId: string;
  customerId: string;
  createdAt: string;
}

export function createStore(now: () => number): Store {
  let byId = new Map<string, SimulatedCustomer>();
  let byExternalId = new Map<string, string>();
  let byEmail = new Map<string, string[]>();
  let byTrackingId = new Map<string, Tracked>();
  let log: SimulatedEvent[] = [];
  let counters = { customer: 0, identity: 0, tracking: 0 };

  const iso = (): string => new Date(now()).toISOString();

  const unindex = (c: SimulatedCustomer): void => {
    if (typeof c.attributes.externalId === 'string') byExternalId.delete(c.attributes.externalId);
    for (const email of emailsOf(c.attributes)) {
      const ids = (byEmail.get(email) ?? []).filter((id) => id !== c.id);
      if (ids.length > 0) byEmail.set(email, ids);
      else byEmail.delete(email);
    }
  };
  const index = (c: SimulatedCustomer): void => {
    if (typeof c.attributes.externalId === 'string')
      byExternalId.set(c.attributes.externalId, c.id);
    for (const email of emailsOf(c.attributes)) {
      const ids = byEmail.get(email) ?? [];
      if (!ids.includes(c.id)) byEmail.set(email, [...ids, c.id]);
    }
  };
  const find = (key: CustomerKey, value: string): SimulatedCustomer | undefined => {
    if (key === 'id') return byId.get(value);
    const id =
      key === 'externalId' ? byExternalId.get(value) : byEmail.get(value.toLowerCase())?.[0];
    return id === undefined ? undefined : byId.get(id);
  };
  /** Another customer already holding the externalId this body sets, if any. */
  const conflict = (body: CustomerBody, self?: string): OperationResult | undefined => {
    if (typeof body.externalId !== 'string') return undefined;
    const holder = byExternalId.get(body.externalId);
    if (holder === undefined || holder === self) return undefined;
    return {
      status: 409,
      body: errorBody('conflict', 'externalId: another customer already has this externalId', {
        pointer: '/externalId',
        customerId: holder,
      }),
    };
  };
  const insert = (body: CustomerBody): SimulatedCustomer => {
    const { rev: _rev, ...fields } = body;
    const at = iso();
    const createdAt = fields.createdAt ?? at;
    counters.customer += 1;
    const customer: SimulatedCustomer = {
      id: hexId('5c0c5e0d', counters.customer),
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
    createCustomer(body) {
      const clash = conflict(body);
      if (clash) return clash;
      return { status: 201, body: envelope(insert(body)) };
    },
    getCustomer(key, value) {
      const customer = find(key, value);
      return customer
        ? { status: 200, body: envelope(customer) }
        : { status: 404, body: errorBody('not_found', 'Customer not found') };
    },
    updateCustomer(id, body, mode) {
      const customer = byId.get(id);
      if (!customer) return { status: 404, body: errorBody('not_found', 'Customer not found') };
      const clash = conflict(body, id);
      if (clash) return clash;
      const { rev, createdAt: _createdAt, ...fields } = body;
      const stored = customer.attributes;
      // Kustomer answers 409 for optimistic locking: a body naming a revision that is not current.
      if (rev !== undefined && rev !== stored.rev) {
        return {
          status: 409,
          body: errorBody('conflict', `rev: the customer is at revision ${String(stored.rev)}`, {
            pointer: '/rev',
          }),
        };
      }
      const at = iso();
      const next = mode === 'replace' ? fields : mergeAttributes(stored, fields);
      unindex(customer);
      customer.attributes = withServerFields(next, {
        createdAt: customer.createdAt,
        updatedAt: at,
        rev: (stored.rev ?? 0) + 1,
      });
      customer.updatedAt = at;
      customer.updates += 1;
      index(customer);
      return { status: 200, body: envelope(customer) };
    },
    identityEvent({ identity, event }) {
      const at = iso();
      const trackingId = identity.trackingId ?? event.trackingId ?? mintTrackingId();
      const known = byTrackingId.get(trackingId);
      // Find-or-create, as Kustomer's identity endpoints do (kustomer-api.md §8.4).
      const customer =
        (identity.externalId === undefined ? undefined : find('externalId', identity.externalId)) ??
        (identity.email === undefined ? undefined : find('email', identity.email)) ??
        (known === undefined ? undefined : byId.get(known.customerId)) ??
        insert(customerFromIdentity(identity));
      const tracked: Tracked = {
        identityId: known?.identityId ?? hexId('5c0c1de0', ++counters.identity),
        customerId: customer.id,
        createdAt: known?.createdAt ?? at,
      };
      byTrackingId.set(trackingId, tracked);
      log.push({
        name: event.name,
        customerId: customer.id,
        meta: { ...(event.meta ?? {}) },
        ...(event.sessionId === undefined ? {} : { sessionId: event.sessionId }),
        trackingId,
        identity: { ...identity },
        receivedAt: at,
      });
      return {
        status: 201,
        body: {
          data: {
            type: 'identity',
            id: tracked.identityId,
            attributes: {
              trackingId,
              email: identity.email ?? null,
              status: 'updated',
              statusAt: at,
              createdAt: tracked.createdAt,
              updatedAt: at,
            },
            relationships: { customer: { data: { type: 'customer', id: customer.id } } },
          },
        },
      };
    },
    trackingEvent(event) {
      const tracked =
        event.trackingId === undefined ? undefined : byTrackingId.get(event.trackingId);
      log.push({
        name: event.name,
        customerId: tracked?.customerId ?? '',
        meta: { ...(event.meta ?? {}) },
        ...(event.sessionId === undefined ? {} : { sessionId: event.sessionId }),
        ...(event.trackingId === undefined ? {} : { trackingId: event.trackingId }),
        receivedAt: iso(),
      });
      return { status: 204 };
    },
    customers: () => [...byId.values()],
    events: () => log,
    reset() {
      byId = new Map();
      byExternalId = new Map();
      byEmail = new Map();
      byTrackingId = new Map();
      log = [];
      counters = { customer: 0, identity: 0, tracking: 0 };
    },
  };

  function mintTrackingId(): string {
    counters.tracking += 1;
    return hexId('5c0c7ac0', counters.tracking);
  }
}

function envelope(customer: SimulatedCustomer): Schemas['CustomerEnvelope'] {
  return {
    data: {
      type: 'customer',
      id: customer.id,
      attributes: structuredClone(customer.attributes),
      links: { self: `/v1/customers/${customer.id}` },
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

/** The fields Kustomer adds to what was sent (kustomer-api.md §3). */
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

function displayNameOf(attributes: SimulatedCustomerAttributes): string | null {
  if (typeof attributes.name === 'string' && attributes.name !== '') return attributes.name;
  return attributes.emails?.[0]?.email ?? attributes.phones?.[0]?.phone ?? null;
}

function emailsOf(attributes: SimulatedCustomerAttributes): string[] {
  return (attributes.emails ?? []).map((e) => e.email.toLowerCase());
}

/** The customer a tracking identity creates when nothing matches it. */
function customerFromIdentity(identity: TrackingIdentity): CustomerBody {
  const {
    email,
    phone,
    location,
    company: _company,
    remember: _remember,
    trackingId: _trackingId,
    sessionId: _sessionId,
    ...fields
  } = identity;
  return {
    ...fields,
    ...(email === undefined ? {} : { emails: [{ email }] }),
    ...(phone === undefined ? {} : { phones: [{ phone }] }),
    ...(location === undefined ? {} : { locations: [location] }),
  };
}
