/** Screen → tracking identityEvent `Screen-Viewed-<name>` (rudder-contract §6; D4). */
import { sources, view } from './fields.js';
import { trackingPlan, viewName } from './tracking-event.js';
import type { MapperOptions, RudderEvent, TrackingPlan } from './types.js';
import { expectType, type ValidEvent } from './validate.js';

/** RudderStack's order: the message's `event` outranks its `name` (rudder-contract §7.3). */
const NAME = sources('event', 'properties.event', 'name', 'properties.name');
const PREFIX = 'Screen-Viewed';

/** Maps a screen event to the identityEvent body Kustomer records. */
export function mapScreen(event: RudderEvent, options: MapperOptions = {}): TrackingPlan {
  return screenPlan(event, expectType(event, 'screen', 'mapScreen'), options);
}

/** `mapScreen` for an event `validateEvent` has already accepted. */
export function screenPlan(
  event: RudderEvent,
  valid: ValidEvent,
  options: MapperOptions,
): TrackingPlan {
  const warnings: string[] = [];
  const ev = view(event);
  const name = viewName(ev, NAME, PREFIX, options.genericScreen, warnings);
  return trackingPlan(ev, valid, 'screen', name, options, warnings);
}
