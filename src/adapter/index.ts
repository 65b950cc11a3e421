/**
 * The pure mappers: RudderStack identify, track, page and screen events to Kustomer payloads
 * (DESIGN §2, §4). No I/O, no clock, no environment; inputs are never mutated.
 */
import { InvalidEventError } from '../errors.js';
import { identifyPlan, mapIdentify } from './identify.js';
import { mapPage, pagePlan } from './page.js';
import { mapScreen, screenPlan } from './screen.js';
import { mapTrack, trackPlan } from './track.js';
import type { EventPlan, MapperOptions } from './types.js';
import { validateEvent } from './validate.js';

export type { ValidEvent } from './validate.js';
export { mapIdentify, mapPage, mapScreen, mapTrack, validateEvent };

/** Validates any input and maps it with the mapper for its type; invalid input throws InvalidEventError. */
export function mapEvent(event: unknown, options: MapperOptions = {}): EventPlan {
  const valid = validateEvent(event);
  const message = valid.event;
  switch (valid.type) {
    case 'identify':
      return identifyPlan(message, valid, options);
    case 'track':
      return trackPlan(message, valid, options);
    case 'page':
      return pagePlan(message, valid, options);
    case 'screen':
      return screenPlan(message, valid, options);
    default:
      throw new InvalidEventError('type', `Event type ${String(valid.type)} is not supported`);
  }
}
