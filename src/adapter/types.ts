/**
 * What the mappers take and give. Inputs are RudderStack messages as they arrive (anything may be
 * missing or of the wrong type); outputs are the spec's payload types plus what the destination needs
 * to carry them out.
 */
import type { CustomerBody, IdentityEventBody } from '../payloads.js';

export type RudderEventType = 'identify' | 'track' | 'page' | 'screen';

/** A RudderStack message (https://www.rudderstack.com/docs/event-spec/standard-events/). */
/** A message as it arrives: any field may be missing or of the wrong type (see events.ts for the typed form). */
export interface RudderMessage {
  /** `identify`, `track`, `page` or `screen`, in any letter case. */
  type?: unknown;
  userId?: unknown;
  anonymousId?: unknown;
  /** The track event's name (also read for page and screen names, as RudderStack does). */
  event?: unknown;
  /** The page or screen name. */
  name?: unknown;
  properties?: unknown;
  traits?: unknown;
  context?: unknown;
  [key: string]: unknown;
}

/** The behaviour options of RudderStack's Kustomer destination, all off by default. */
export interface MapperOptions {
  /** Name every page event `Web-Page-Viewed`. */
  genericPage?: boolean;
  /** Name every screen event `Screen-Viewed`. */
  genericScreen?: boolean;
  /** Convert meta values Kustomer rejects (booleans, objects, arrays) and add `Num`/`At` key suffixes. */
  advancedTransform?: boolean;
  /** Send the user's email as `identity.email` on tracking events. */
  setIdentityEmail?: boolean;
  /** With `setIdentityEmail`, leave `email` out of the event's meta. */
  disableEmailAsTrackingProperty?: boolean;
  /**
   * Traits to send as Kustomer custom attributes: trait name → attribute name with its type suffix,
   * such as `{ plan: 'planStr', logins: 'loginsNum' }` (docs/mapping.md#custom-attributes).
   */
  customAttributes?: Readonly<Record<string, string>>;
}

/** One step of identity resolution for an identify, in the order to try. */
export type CustomerLookup =
  /** `context.externalId[type=kustomerId]`: the customer id itself, no request needed. */
  | { by: 'kustomerId'; value: string }
  | { by: 'email'; value: string }
  /** The message's userId, else its anonymousId. */
  | { by: 'externalId'; value: string };

interface PlanBase {
  /** userId, else anonymousId: events with the same key are delivered in order. */
  userKey: string;
  /** Values dropped, or changed in meaning, because Kustomer would reject them as they were. */
  warnings: string[];
  /**
   * Paths of traits that no field and no `customAttributes` entry sends, such as `traits.plan`
   * (identify only; empty for tracking events).
   */
  notSent: string[];
}

/** An identify: the customer body and how to find an existing customer. */
export interface CustomerPlan extends PlanBase {
  type: 'identify';
  body: CustomerBody;
  lookups: CustomerLookup[];
}

/** A track, page or screen: one tracking identityEvent. */
export interface TrackingPlan extends PlanBase {
  type: 'track' | 'page' | 'screen';
  body: IdentityEventBody;
}

export type EventPlan = CustomerPlan | TrackingPlan;
