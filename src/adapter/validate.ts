/**
 * Checks that an input is an event this package can deliver, before any mapping or request: a
 * clear `InvalidEventError` naming the field beats a request Kustomer rejects (docs/deviations.md D5).
 */

import { IdentityEventBody } from '../../generated/limits.js';
import { InvalidEventError } from '../errors.js';
import { eventName } from './names.js';
import type { RudderEvent, RudderEventType } from './types.js';

/** What a valid event is, as the mappers need it. */
export interface ValidEvent {
  /** The input itself, now known to be a plain object. */
  event: RudderEvent;
  type: RudderEventType;
  /** userId, else anonymousId: the customer's externalId and the delivery ordering key (D10, D11). */
  userKey: string;
  userId: string | undefined;
  anonymousId: string | undefined;
  /** A track's event name made valid for Kustomer (docs/deviations.md D4, D12). */
  trackName: string | undefined;
}

/** Kustomer's limit for `externalId` on tracking identities (the customer's is the same). */
const MAX_EXTERNAL_ID = IdentityEventBody.properties.identity.properties.externalId.maxLength;

function supportedType(lowered: string): RudderEventType | undefined {
  switch (lowered) {
    case 'identify':
    case 'track':
    case 'page':
    case 'screen':
      return lowered;
    default:
      return undefined;
  }
}

/** An id as RudderStack sends it: a non-empty string, or a finite number as its string. */
export function idValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An own property; read first, as most are there and the own check is then the rarer step. */
function own(event: Record<string, unknown>, key: string): unknown {
  const value = event[key];
  return value !== undefined && Object.hasOwn(event, key) ? value : undefined;
}

/**
 * Validates a RudderStack message: a plain object with a supported `type` (identify, track, page,
 * screen, in any case), a `userId` or `anonymousId`, and for track a non-empty `event`.
 */
export function validateEvent(input: unknown): ValidEvent {
  if (!isPlainObject(input)) {
    throw new InvalidEventError('event', 'Event must be a JSON object');
  }
  const rawType = own(input, 'type');
  if (rawType === undefined || rawType === null || rawType === '') {
    throw new InvalidEventError('type', 'Event type is required');
  }
  if (typeof rawType !== 'string') {
    throw new InvalidEventError('type', `Event type must be a string, not ${typeof rawType}`);
  }
  const type = supportedType(rawType.toLowerCase());
  if (type === undefined) {
    throw new InvalidEventError(
      'type',
      `Event type ${JSON.stringify(rawType.slice(0, 40))} is not supported: only identify, track, page and screen`,
    );
  }
  const userId = idValue(own(input, 'userId'));
  const anonymousId = idValue(own(input, 'anonymousId'));
  const userKey = userId ?? anonymousId;
  if (userKey === undefined) {
    throw new InvalidEventError(
      'userId',
      'Event has neither userId nor anonymousId (a non-empty string or a number)',
    );
  }
  if (userKey.length > MAX_EXTERNAL_ID) {
    const field = userId === undefined ? 'anonymousId' : 'userId';
    throw new InvalidEventError(
      field,
      `Event ${field} is ${userKey.length} characters long: Kustomer's externalId takes at most ${MAX_EXTERNAL_ID}`,
    );
  }
  let trackName: string | undefined;
  if (type === 'track') {
    const name = own(input, 'event');
    if (typeof name !== 'string' || name.trim() === '') {
      throw new InvalidEventError('event', 'Track event has no event name (a non-empty string)');
    }
    trackName = eventName(name);
    if (trackName === undefined) {
      throw new InvalidEventError(
        'event',
        `Track event name ${JSON.stringify(name.slice(0, 40))} cannot be made a Kustomer event name: it needs a letter followed by at least one letter, digit, ".", "_" or "-"`,
      );
    }
  }
  return { event: input, type, userKey, userId, anonymousId, trackName };
}

/** Validates `input` for a mapper of one event type: another type is an InvalidEventError too. */
export function expectType(input: unknown, expected: RudderEventType, mapper: string): ValidEvent {
  const valid = validateEvent(input);
  if (valid.type !== expected) {
    throw new InvalidEventError(
      'type',
      `${mapper} maps ${expected} events, not ${valid.type}: use mapEvent to dispatch on the type`,
    );
  }
  return valid;
}
