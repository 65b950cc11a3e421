/** Page → tracking identityEvent `Web-Page-Viewed-<name>` (rudder-contract §6; D4). */
import { sources, view } from './fields.js';
import { trackingPlan, viewName } from './tracking-event.js';
import type { MapperOptions, RudderEvent, TrackingPlan } from './types.js';
import { expectType, type ValidEvent } from './validate.js';

/** RudderStack's order: the message's `event` outranks its `name` (rudder-contract §7.3). */
const NAME = sources('event', 'properties.event', 'name', 'properties.name');
const PREFIX = 'Web-Page-Viewed';

/** Maps a page event to the identityEvent body Kustomer records. */
export function mapPage(event: RudderEvent, options: MapperOptions = {}): TrackingPlan {
  return pagePlan(event, expectType(event, 'page', 'mapPage'), options);
}

/** `mapPage` for an event `validateEvent` has already accepted. */
export function pagePlan(
  event: RudderEvent,
  valid: ValidEvent,
  options: MapperOptions,
): TrackingPlan {
  const warnings: string[] = [];
  const ev = view(event);
  const name = viewName(ev, NAME, PREFIX, options.genericPage, warnings);
  return trackingPlan(ev, valid, 'page', name, options, warnings);
}
