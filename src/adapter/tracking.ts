/**
 * Track, page and screen → one tracking identityEvent (`POST /v1/tracking/identityEvent`;
 * docs/rudder-contract.md §6 "Track, page and screen"). They differ only in the event's name: a
 * track's own name (docs/deviations.md D4, D12), `Web-Page-Viewed-<name>` for a page, `Screen-Viewed-<name>` for a
 * screen (docs/deviations.md D4).
 */
import { IdentityEventBody } from '../../generated/limits.js';
import type { IdentityEventBody as Body } from '../payloads.js';
import { fitPart, jsonBound } from './body-size.js';
import { isEmail } from './formats.js';
import { buildMeta } from './meta.js';
import { prefixedName } from './names.js';
import { isRecord, type Message, message, pick, sources } from './read.js';
import { asText, take, text } from './rules.js';
import type { MappedTracking, MapperOptions, RudderMessage } from './types.js';
import { expectType, type ValidEvent } from './validate.js';
import { Warnings } from './warnings.js';

type TrackingType = MappedTracking['type'];
const SPEC = IdentityEventBody.properties;

/** RudderStack's generic `email` map without `context.externalId.0.id` (docs/deviations.md D6). */
const EMAIL = sources('traits.email', 'context.traits.email', 'properties.email');
const SESSION_ID = sources(
  'properties.kustomerSessionId',
  'properties.kustomer_session_id',
  'context.sessionId',
);
const TRACKING_ID = sources('properties.kustomerTrackingId', 'properties.kustomer_tracking_id');
const sessionIdRule = text(SPEC.event.properties.sessionId);
const trackingIdRule = text(SPEC.event.properties.trackingId);

/** Helper keys that never reach meta (RudderStack's `metadata.excludes`). */
const HELPER_KEYS = [
  'kustomerSessionId',
  'kustomer_session_id',
  'kustomerTrackingId',
  'kustomer_tracking_id',
];
const EXCLUDE = new Set(HELPER_KEYS);
const EXCLUDE_WITH_EMAIL = new Set([...HELPER_KEYS, 'email']);

/** RudderStack's order for view names: the message's `event` outranks its `name`. */
const VIEW_NAME = sources('event', 'properties.event', 'name', 'properties.name');
const VIEWS = {
  page: { prefix: 'Web-Page-Viewed', generic: 'genericPage' },
  screen: { prefix: 'Screen-Viewed', generic: 'genericScreen' },
} as const;

function eventName(
  type: TrackingType,
  m: Message,
  valid: ValidEvent,
  options: MapperOptions,
  w: Warnings,
) {
  if (type === 'track') return valid.trackName ?? '';
  const { prefix, generic } = VIEWS[type];
  const found = options[generic] === true ? undefined : pick(m, VIEW_NAME);
  if (found === undefined) return prefix;
  const name = asText(found.value);
  if (name !== undefined) return prefixedName(prefix, name);
  w.drop(found.path, found.value, `is not a string (the event is named ${prefix})`);
  return prefix;
}

const identityEmail = text(SPEC.identity.properties.email, isEmail, 'an email address');

/** The identityEvent for a validated track, page or screen. */
export function mapValidTracking(
  event: RudderMessage,
  valid: ValidEvent,
  options: MapperOptions,
): MappedTracking {
  const type = valid.type === 'identify' || valid.type === 'group' ? 'track' : valid.type;
  const m = message(event);
  const w = new Warnings();
  const body: Body = {
    identity: { externalId: valid.userKey },
    event: { name: eventName(type, m, valid, options, w) },
  };
  const email = options.setIdentityEmail === true ? take(m, EMAIL, identityEmail, w) : undefined;
  if (email !== undefined) body.identity.email = email;
  const sessionId = take(m, SESSION_ID, sessionIdRule, w);
  if (sessionId !== undefined) body.event.sessionId = sessionId;
  const trackingId = take(m, TRACKING_ID, trackingIdRule, w);
  if (trackingId !== undefined) body.event.trackingId = trackingId;

  if (isRecord(m.properties)) {
    const dropEmail =
      options.setIdentityEmail === true && options.disableEmailAsTrackingProperty === true;
    const exclude = dropEmail ? EXCLUDE_WITH_EMAIL : EXCLUDE;
    const built = buildMeta(m.properties, exclude, options.advancedTransform === true, w);
    const event = body.event;
    const meta = fitPart(
      built,
      jsonBound(body),
      (part) => ({ ...body, event: { ...event, meta: part } }),
      'properties',
      w,
    );
    if (meta !== undefined) body.event.meta = meta;
  } else if (m.properties !== undefined && m.properties !== null) {
    w.drop('properties', m.properties, 'is not an object');
  }
  return { type, userKey: valid.userKey, warnings: w.list, notSent: [], body };
}

function mapperFor(type: TrackingType, mapper: string) {
  return (event: RudderMessage, options: MapperOptions = {}): MappedTracking =>
    mapValidTracking(event, expectType(event, type, mapper), options);
}

/** Maps a track event to the identityEvent Kustomer records. */
export const mapTrack = mapperFor('track', 'mapTrack');
/** Maps a page event to the identityEvent Kustomer records. */
export const mapPage = mapperFor('page', 'mapPage');
/** Maps a screen event to the identityEvent Kustomer records. */
export const mapScreen = mapperFor('screen', 'mapScreen');
