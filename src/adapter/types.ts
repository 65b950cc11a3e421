/**
 * What the mappers take and give. Inputs are RudderStack messages as they arrive (anything may be
 * missing or of the wrong type); outputs are the spec's payload types plus what the destination needs
 * to carry them out.
 */
import type {
  CompanyCreateBody,
  CompanyUpdateBody,
  CustomerBody,
  IdentityEventBody,
} from '../payloads.js';

export type RudderEventType = 'identify' | 'track' | 'page' | 'screen' | 'group';

/** A RudderStack message (https://www.rudderstack.com/docs/event-spec/standard-events/). */
/** A message as it arrives: any field may be missing or of the wrong type (see events.ts for the typed form). */
export interface RudderMessage {
  /** `identify`, `track`, `page`, `screen` or `group`, in any letter case. */
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
  /**
   * Group traits to send as company custom attributes, like `customAttributes`: such as
   * `{ industry: 'industryStr', plan: 'planStr' }` (docs/mapping.md#group--company).
   */
  companyCustomAttributes?: Readonly<Record<string, string>>;
}

/** One step of identity resolution for an identify, in the order to try. */
export type CustomerLookup =
  /** `context.externalId[type=kustomerId]`: the customer id itself, no request needed. */
  | { by: 'kustomerId'; value: string }
  | { by: 'email'; value: string }
  /** The message's userId, else its anonymousId. */
  | { by: 'externalId'; value: string };

interface MappedBase {
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

/**
 * The company an identify names in `traits.company`: found by external id when `company.id` is
 * given, else by exact name, and linked by its Kustomer id (docs/deviations.md D18).
 */
export type CompanyReference =
  /** The company with this external id; created under `name` when there is none. */
  { by: 'externalId'; value: string; name: string } | { by: 'name'; value: string };

/** An identify: the customer body and how to find an existing customer. */
export interface MappedIdentify extends MappedBase {
  type: 'identify';
  body: CustomerBody;
  lookups: CustomerLookup[];
  /** The company to link the customer to, when the identify names one. */
  company?: CompanyReference;
}

/** A track, page or screen: one tracking identityEvent. */
export interface MappedTracking extends MappedBase {
  type: 'track' | 'page' | 'screen';
  body: IdentityEventBody;
}

/** A group: the company to find by `groupId`, update or create, and link the user's customer to. */
export interface MappedGroup extends MappedBase {
  type: 'group';
  /** The company's external id: the event's groupId, as a string (docs/deviations.md D11). */
  groupId: string;
  /** The update of an existing company: only what the event says. */
  body: CompanyUpdateBody;
  /** The create of a new one: the update's fields, a name that is always there, `createdAt`. */
  create: CompanyCreateBody;
  /** How to find the user's customer, to link it: the identify lookups, email from `context.traits`. */
  lookups: CustomerLookup[];
}

export type MappedEvent = MappedIdentify | MappedTracking | MappedGroup;
