/** Track → tracking identityEvent named after the event (rudder-contract §6; D4). */
import { InvalidEventError } from '../errors.js';
import { pickFirst, sources, view, warn } from './fields.js';
import { trackingPlan } from './tracking-event.js';
import type { MapperOptions, RudderEvent, TrackingPlan } from './types.js';
import { expectType, type ValidEvent } from './validate.js';

/** The event name's source: the message's `event` (required; checked by `validateEvent`). */
const NAME = sources('event');

/** Maps a track event to the identityEvent body Kustomer records. */
export function mapTrack(event: RudderEvent, options: MapperOptions = {}): TrackingPlan {
  return trackPlan(event, expectType(event, 'track', 'mapTrack'), options);
}

/** `mapTrack` for an event `validateEvent` has already accepted. */
export function trackPlan(
  event: RudderEvent,
  valid: ValidEvent,
  options: MapperOptions,
): TrackingPlan {
  const warnings: string[] = [];
  const ev = view(event);
  const raw = pickFirst(ev, NAME);
  const name = valid.trackName;
  if (typeof raw !== 'string' || name === undefined) {
    throw new InvalidEventError('event', 'Track event has no usable event name');
  }
  if (name !== raw)
    warn(warnings, 'event', raw, `is not a valid Kustomer event name: sent as "${name}"`);
  return trackingPlan(ev, valid, 'track', name, options, warnings);
}
