/**
 * RudderStack messages as this package reads them, typed field by field
 * (https://www.rudderstack.com/docs/event-spec/standard-events/). The mappers also take untyped
 * input and check it at run time (validate.ts); these types catch mistakes at compile time: a
 * misspelt `type`, a track without `event`, an event with neither `userId` nor `anonymousId`.
 */

/** Ids may arrive as numbers; they are sent as strings (docs/deviations.md D11). */
export type Id = string | number;
/** An RFC 3339 date-time, a `YYYY-MM-DD` date or an epoch time (docs/deviations.md D12). */
export type DateInput = string | number;
type Text = string | number;

interface TypedItem {
  type?: string;
  verified?: boolean;
}

/** The traits identify reads (docs/mapping.md); any other trait is allowed and listed as not sent. */
export interface Traits {
  name?: Text;
  firstName?: Text;
  lastName?: Text;
  userName?: Text;
  username?: Text;
  email?: string;
  emails?: (string | (TypedItem & { email: string }))[];
  phone?: Text;
  phones?: (Text | (TypedItem & { phone: Text }))[];
  company?: Text | { name?: Text; [key: string]: unknown };
  signedUpAt?: DateInput;
  createdAt?: DateInput;
  lastActivityAt?: DateInput;
  lastCustomerActivityAt?: DateInput;
  lastSeenAt?: DateInput;
  importedAt?: DateInput;
  birthday?: DateInput;
  dob?: DateInput;
  avatar?: string;
  gender?: string;
  tags?: string | Text[];
  locale?: string;
  timeZone?: string;
  defaultLanguage?: string;
  website?: string;
  address?:
    | string
    | { street?: Text; city?: Text; state?: Text; postalCode?: Text; country?: Text };
  customObject?: Record<string, string | number | boolean | null>;
  rev?: number | string;
  [trait: string]: unknown;
}

export interface Context {
  traits?: Traits;
  locale?: string;
  sessionId?: Id;
  /** `[{ type: 'kustomerId', id }]` names the Kustomer customer directly. */
  externalId?: { type: string; id: Id }[];
  [key: string]: unknown;
}

/** Event properties: meta for tracking events (docs/mapping.md#track-page-and-screen--tracking-event). */
export type Properties = Record<string, unknown>;

/** Every event names its user: a `userId`, an `anonymousId`, or both. */
type Ids = { userId: Id; anonymousId?: Id | null } | { userId?: Id | null; anonymousId: Id };

type Base = Ids & { context?: Context; [field: string]: unknown };

export type IdentifyEvent = Base & { type: 'identify'; traits?: Traits };
export type TrackEvent = Base & { type: 'track'; event: string; properties?: Properties };
export type PageEvent = Base & { type: 'page'; name?: string; properties?: Properties };
export type ScreenEvent = Base & { type: 'screen'; name?: string; properties?: Properties };

/** A RudderStack message this package delivers. */
export type RudderEvent = IdentifyEvent | TrackEvent | PageEvent | ScreenEvent;
