/**
 * Checks that an input is an event this package can deliver, before any mapping or request: a
 * clear `InvalidEventError` naming the field beats a request Kustomer rejects (docs/deviations.md D5).
 */
import { IdentityEventBody } from '../../generated/limits.js';
import { InvalidEventError } from '../errors.js';
import { eventName } from './names.js';
import { own } from './read.js';
import { hasLength, lengthOf } from './rules.js';
import type { RudderEventType, RudderMessage } from './types.js';

/** What a valid event is, as the mappers need it. */
export interface ValidEvent {
  /** The input itself, now known to be a plain object. */
  event: RudderMessage;
  type: RudderEventType;
  /** userId, else anonymousId: the customer's externalId and the delivery ordering key (docs/deviations.md D10, D11). */
  userKey: string;
  userId: string | undefined;
  anonymousId: string | undefined;
  /** A track's event name made valid for Kustomer (docs/deviations.md D4, D12). */
  trackName: string | undefined;
}

const TYPES: ReadonlySet<string> = new Set<RudderEventType>([
  'identify',
  'track',
  'page',
  'screen',
  'group',
]);
const isType = (type: string): type is RudderEventType => TYPES.has(type);
/** Kustomer's limit for `externalId` on tracking identities (the customer's is the same). */
const MAX_ID = IdentityEventBody.properties.identity.properties.externalId.maxLength;

/** The one place the mappers refuse an event. */
function invalid(field: string, message: string): never {
  throw new InvalidEventError(message, { field });
}

/** An id as RudderStack sends it: a non-empty string, or a finite number as its string (docs/deviations.md D11). */
export function idValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const quoted = (text: string) => JSON.stringify(text.slice(0, 40));

function trackName(input: Record<string, unknown>): string {
  const name = own(input, 'event');
  if (typeof name !== 'string' || name.trim() === '') {
    return invalid('event', 'Track event has no event name (a non-empty string)');
  }
  return (
    eventName(name) ??
    invalid(
      'event',
      `Track event name ${quoted(name)} cannot be made a Kustomer event name: it needs a letter followed by at least one letter, digit, ".", "_" or "-"`,
    )
  );
}

/**
 * Validates a RudderStack message: a plain object with a supported `type` (identify, track, page,
 * screen, group, in any case), a `userId` or `anonymousId`, and for track a non-empty `event`.
 */
export function validateEvent(input: unknown): ValidEvent {
  if (!isPlainObject(input)) return invalid('event', 'Event must be a JSON object');
  const rawType = own(input, 'type');
  if (rawType === undefined || rawType === null || rawType === '') {
    return invalid('type', 'Event type is required');
  }
  if (typeof rawType !== 'string') {
    return invalid('type', `Event type must be a string, not ${typeof rawType}`);
  }
  const type = rawType.toLowerCase();
  if (!isType(type)) {
    const only = 'only identify, track, page, screen and group';
    return invalid('type', `Event type ${quoted(rawType)} is not supported: ${only}`);
  }
  const name = type === 'track' ? trackName(input) : undefined;
  if (type === 'group') validGroupId(input);
  return { event: input, type, ...validIds(input), trackName: name };
}

/** A group event: a plain object of type `group` with a `groupId` and a userId or anonymousId. */
export function validateGroup(input: unknown): UserIds & { groupId: string } {
  if (!isPlainObject(input)) return invalid('event', 'Event must be a JSON object');
  const rawType = own(input, 'type');
  if (typeof rawType !== 'string' || rawType.toLowerCase() !== 'group') {
    return invalid('type', 'mapGroup maps group events: use mapEvent to dispatch on the type');
  }
  return { ...validIds(input), groupId: validGroupId(input) };
}

/** A group's `groupId`: the company's external id, so within Kustomer's limit for one. */
function validGroupId(input: Record<string, unknown>): string {
  const groupId = id(input, 'groupId');
  if (groupId === undefined) {
    return invalid('groupId', 'Group event has no groupId (a non-empty string or a number)');
  }
  if (!hasLength(groupId, 0, MAX_ID)) {
    const limit = `Kustomer's company externalId takes at most ${MAX_ID}`;
    return invalid(
      'groupId',
      `Group event groupId is ${lengthOf(groupId)} characters long: ${limit}`,
    );
  }
  return groupId;
}

type UserIds = Pick<ValidEvent, 'userKey' | 'userId' | 'anonymousId'>;

/**
 * The id in `field`, refused when it holds an unpaired UTF-16 surrogate (`isWellFormed` is false
 * exactly then), which has no UTF-8 form. An id becomes an externalId that lookups put in a
 * path, where the one path-value rule refuses it (src/client/path-segment.ts); a track's body would
 * carry it (as `\udfff`) and create a customer no lookup can ever reach. So it is refused here, for
 * every event type alike.
 */
function id(input: Record<string, unknown>, field: string): string | undefined {
  const value = idValue(own(input, field));
  if (value === undefined || value.isWellFormed()) return value;
  return invalid(
    field,
    `Event ${field} contains an unpaired UTF-16 surrogate, which no request can carry`,
  );
}

function validIds(input: Record<string, unknown>): UserIds {
  const userId = id(input, 'userId');
  const anonymousId = id(input, 'anonymousId');
  const userKey = userId ?? anonymousId;
  if (userKey === undefined) {
    const what = 'a non-empty string or a number';
    return invalid('userId', `Event has neither userId nor anonymousId (${what})`);
  }
  if (!hasLength(userKey, 0, MAX_ID)) {
    const field = userId === undefined ? 'anonymousId' : 'userId';
    const limit = `Kustomer's externalId takes at most ${MAX_ID}`;
    return invalid(field, `Event ${field} is ${lengthOf(userKey)} characters long: ${limit}`);
  }
  return { userKey, userId, anonymousId };
}

/** Validates `input` for a mapper of one event type: another type is an InvalidEventError too. */
export function expectType(input: unknown, expected: RudderEventType, mapper: string): ValidEvent {
  const valid = validateEvent(input);
  if (valid.type === expected) return valid;
  const hint = 'use mapEvent to dispatch on the type';
  return invalid('type', `${mapper} maps ${expected} events, not ${valid.type}: ${hint}`);
}
