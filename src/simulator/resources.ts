/**
 * Response bodies: a stored record as Kustomer's document shows one in that state, with the
 * defaults Kustomer fills in for a new customer, the `id` and `verified` of each contact item,
 * `relationships` and `links` (docs/kustomer-api.md §3, §8.4; docs/simulator.md lists what is
 * modelled).
 */
import type { components } from '../../generated/kustomer.js';
import { ORG_ID, USER_ID } from './ids.js';
import type { SimulatedCustomer, SimulatedCustomerAttributes } from './types.js';

type Schemas = components['schemas'];

/** The lists Kustomer answers with, empty on a new customer. */
const LISTS = [
  'externalIds',
  'sharedExternalIds',
  'emails',
  'sharedEmails',
  'phones',
  'sharedPhones',
  'socials',
  'sharedSocials',
  'urls',
  'locations',
  'activeUsers',
  'watchers',
  'tags',
] as const;

/** Contact lists whose items Kustomer answers with `verified` (default false) and an `id`. */
const VERIFIABLE = new Set([
  'externalIds',
  'sharedExternalIds',
  'emails',
  'sharedEmails',
  'phones',
  'sharedPhones',
  'whatsapps',
  'socials',
  'sharedSocials',
]);

/** Kustomer picks an avatar colour and icon per customer; the simulator picks by id. */
const COLORS = ['green', 'yellow', 'blue', 'purple', 'orange', 'red', 'teal', 'gray'];
const ICONS = ['compass', 'flower', 'anchor', 'leaf', 'star', 'sun', 'moon', 'tree'];

export function customerEnvelope(customer: SimulatedCustomer): Schemas['CustomerEnvelope'] {
  const { id } = customer;
  const stored = structuredClone(customer.attributes) as Record<string, unknown>;
  const attributes: Record<string, unknown> = {};
  for (const name of LISTS) attributes[name] = [];
  Object.assign(attributes, stored, {
    displayColor: pick(COLORS, id),
    displayIcon: pick(ICONS, id),
    conversationCounts: { all: 0, snoozed: 0, open: 0, done: 0 },
    verified: false,
  });
  if (typeof stored.externalId === 'string') {
    attributes.externalIds = withExternalId(attributes.externalIds, stored.externalId);
  }
  Object.entries(attributes).forEach(([name, value], list) => {
    if (!Array.isArray(value)) return;
    attributes[name] = value.map((item, i) => withItemFields(name, item, itemId(id, list, i)));
  });
  return {
    data: {
      type: 'customer',
      id,
      attributes: attributes as SimulatedCustomerAttributes,
      relationships: {
        org: related('org', ORG_ID),
        messages: { links: { self: `/v1/customers/${id}/messages` } },
        createdBy: related('user', USER_ID),
        modifiedBy: related('user', USER_ID),
      },
      links: { self: `/v1/customers/${id}` },
    },
  };
}

export interface IdentityRecord {
  id: string;
  trackingId: string;
  customerId: string;
  email: string | null;
  createdAt: string;
  updatedAt: string;
}

export function identityEnvelope(identity: IdentityRecord): Schemas['TrackingIdentityEnvelope'] {
  const relationships = {
    org: related('org', ORG_ID),
    customer: {
      links: { self: `/v1/customers/${identity.customerId}` },
      data: { type: 'customer', id: identity.customerId },
    },
  };
  return {
    data: {
      type: 'identity',
      id: identity.id,
      attributes: {
        trackingId: identity.trackingId,
        email: identity.email,
        status: 'updated',
        statusAt: identity.updatedAt,
        createdAt: identity.createdAt,
        updatedAt: identity.updatedAt,
      },
      relationships,
      links: { self: `/v1/tracking/identity/${identity.id}` },
    },
  };
}

/**
 * The name Kustomer shows: the name, else the first email, phone or externalId (Kustomer's
 * document shows only the first case; the fallbacks are the simulator's reading). Never null.
 */
export function displayNameOf(attributes: SimulatedCustomerAttributes): string {
  if (typeof attributes.name === 'string' && attributes.name !== '') return attributes.name;
  return (
    attributes.emails?.[0]?.email ??
    attributes.phones?.[0]?.phone ??
    (typeof attributes.externalId === 'string' ? attributes.externalId : undefined) ??
    'Anonymous'
  );
}

export function related(type: 'org' | 'user', id: string) {
  return { links: { self: `/v1/${type}s/${id}` }, data: { type, id } };
}

function pick(list: readonly string[], id: string): string {
  return list[Number.parseInt(id.slice(-4), 16) % list.length] ?? 'gray';
}

/**
 * Kustomer's example shows `id: null` on contact items, its schema a nullable string; the
 * simulator gives each a stable id: the customer's counter, the list's place and the item's.
 */
function itemId(customerId: string, list: number, index: number): string {
  return `5c0c17e${(list % 16).toString(16)}${customerId.slice(-14)}${(index % 256).toString(16).padStart(2, '0')}`;
}

function withItemFields(list: string, item: unknown, id: string): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const extra = VERIFIABLE.has(list) ? { verified: false, id } : { id };
  return { ...extra, ...item };
}

/** Kustomer lists the customer's own externalId in `externalIds`, verified. */
function withExternalId(items: unknown, externalId: string): unknown[] {
  const list = Array.isArray(items) ? items : [];
  const listed = list.some(
    (item) => (item as { externalId?: unknown } | null)?.externalId === externalId,
  );
  return listed ? list : [{ externalId, verified: true }, ...list];
}
