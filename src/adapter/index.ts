/**
 * The pure mappers: RudderStack identify, track, page, screen and group events to Kustomer payloads
 * (docs/architecture.md, docs/mapping.md). No I/O, no clock, no environment; inputs are never mutated.
 */
import { mapGroup } from './group.js';
import { mapIdentify, mapValidIdentify } from './identify.js';
import { mapPage, mapScreen, mapTrack, mapValidTracking } from './tracking.js';
import type { MappedEvent, MapperOptions } from './types.js';
import { validateEvent } from './validate.js';

export { checkMapperOptions, MAPPER_OPTIONS } from './options.js';
export { mapGroup, mapIdentify, mapPage, mapScreen, mapTrack, validateEvent };

/** Validates any input and maps it with the mapper for its type; invalid input throws InvalidEventError. */
export function mapEvent(event: unknown, options: MapperOptions = {}): MappedEvent {
  const valid = validateEvent(event);
  if (valid.type === 'group') return mapGroup(valid.event, options);
  return valid.type === 'identify'
    ? mapValidIdentify(valid.event, valid, options)
    : mapValidTracking(valid.event, valid, options);
}
