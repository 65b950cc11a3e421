/**
 * RudderStack messages as this package reads them, typed field by field
 * (https://www.rudderstack.com/docs/event-spec/standard-events/). The mappers also take untyped
 * input and check it at run time (validate.ts); these types catch mistakes at compile time: a
 * misspelt `type`, a track without `event`, an event with neither `userId` nor `anonymousId`.
 * `Traits` comes from the mapping table (trait-types.ts).
 */
import type { Traits } from './trait-types.js';

export type { Traits };

/** Ids may arrive as numbers; they are sent as strings (docs/deviations.md D11). */
type Id = string | number;

export interface Context {
  traits?: Traits;
  locale?: string;
  sessionId?: Id;
  /** `[{ type: 'kustomerId', id }]` names the Kustomer customer directly. */
  externalId?: { type: string; id: Id }[];
  [key: string]: unknown;
}

/** Event properties: meta for tracking events (docs/mapping.md#track-page-and-screen--tracking-event). */
type Properties = Record<string, unknown>;

/** Every event names its user: a `userId`, an `anonymousId`, or both. */
type Ids = { userId: Id; anonymousId?: Id | null } | { userId?: Id | null; anonymousId: Id };

type Base = Ids & { context?: Context; [field: string]: unknown };

export type IdentifyEvent = Base & { type: 'identify'; traits?: Traits };
export type TrackEvent = Base & { type: 'track'; event: string; properties?: Properties };
export type PageEvent = Base & { type: 'page'; name?: string; properties?: Properties };
export type ScreenEvent = Base & { type: 'screen'; name?: string; properties?: Properties };
/** A group: the user joins the company `groupId` names; `traits` describe the company (docs/mapping.md#group--company). */
export type GroupEvent = Base & { type: 'group'; groupId: Id; traits?: Record<string, unknown> };

/** A RudderStack message this package delivers. */
export type RudderEvent = IdentifyEvent | TrackEvent | PageEvent | ScreenEvent | GroupEvent;
