/**
 * Tracking: identities that find or create their customer, and the event log
 * (docs/kustomer-api.md §8).
 */
import type { components } from '../../generated/kustomer.js';
import type { CustomerBody, Customers, OperationResult } from './customers.js';
import type { MintId } from './ids.js';
import { type IdentityRecord, identityEnvelope } from './resources.js';
import type { SimulatedEvent } from './types.js';

type Schemas = components['schemas'];
type TrackingIdentity = Schemas['TrackingIdentity'];

export interface Tracking {
  /** `POST /v1/tracking/identity`. */
  identity(identity: TrackingIdentity): OperationResult;
  /** `POST /v1/tracking/identityEvent`. */
  identityEvent(body: Schemas['IdentityEventBody']): OperationResult;
  /** `POST /v1/tracking/event`. */
  event(event: Schemas['TrackingEvent']): OperationResult;
  /** The live log, in arrival order; callers must copy before handing it out. */
  events(): readonly SimulatedEvent[];
  /** Forgets the tracking ids that led to a deleted customer; the event log keeps what arrived. */
  forgetCustomer(customerId: string): void;
  reset(): void;
}

export function createTracking(customers: Customers, mintId: MintId, iso: () => string): Tracking {
  let byTrackingId = new Map<string, IdentityRecord>();
  let log: SimulatedEvent[] = [];

  /** Find-or-create, as Kustomer's identity endpoints do (docs/kustomer-api.md §8.4). */
  const identify = (identity: TrackingIdentity, trackingId: string): IdentityRecord => {
    const at = iso();
    const known = byTrackingId.get(trackingId);
    const customer =
      (identity.externalId === undefined
        ? undefined
        : customers.find('externalId', identity.externalId)) ??
      (identity.email === undefined ? undefined : customers.find('email', identity.email)) ??
      (known === undefined ? undefined : customers.find('id', known.customerId)) ??
      customers.insert(customerFromIdentity(identity));
    const record: IdentityRecord = {
      id: known?.id ?? mintId('identity'),
      trackingId,
      customerId: customer.id,
      email: identity.email ?? known?.email ?? null,
      createdAt: known?.createdAt ?? at,
      updatedAt: at,
    };
    byTrackingId.set(trackingId, record);
    return record;
  };

  return {
    identity(identity) {
      const record = identify(identity, identity.trackingId ?? mintId('tracking'));
      return { status: 201, body: identityEnvelope(record) };
    },
    identityEvent({ identity, event }) {
      const trackingId = identity.trackingId ?? event.trackingId ?? mintId('tracking');
      const record = identify(identity, trackingId);
      log.push({
        name: event.name,
        customerId: record.customerId,
        meta: { ...(event.meta ?? {}) },
        ...(event.sessionId === undefined ? {} : { sessionId: event.sessionId }),
        trackingId,
        identity: { ...identity },
        receivedAt: record.updatedAt,
      });
      return { status: 201, body: identityEnvelope(record) };
    },
    event(event) {
      const known = event.trackingId === undefined ? undefined : byTrackingId.get(event.trackingId);
      log.push({
        name: event.name,
        customerId: known?.customerId ?? '',
        meta: { ...(event.meta ?? {}) },
        ...(event.sessionId === undefined ? {} : { sessionId: event.sessionId }),
        ...(event.trackingId === undefined ? {} : { trackingId: event.trackingId }),
        receivedAt: iso(),
      });
      return { status: 204 };
    },
    events: () => log,
    forgetCustomer(customerId) {
      for (const [trackingId, record] of byTrackingId) {
        if (record.customerId === customerId) byTrackingId.delete(trackingId);
      }
    },
    reset() {
      byTrackingId = new Map();
      log = [];
    },
  };
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
