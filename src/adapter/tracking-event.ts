/**
 * What track, page and screen share: the identityEvent body (`POST /v1/tracking/identityEvent`),
 * event-name cleaning (D4), identity (D5, D6) and the session and tracking ids
 * (rudder-contract §6 "Track, page and screen").
 */
import type { components } from '../../generated/kustomer.js';
import { isEmail, isLetter, isWhitespace } from '../schema/formats.js';
import {
  asText,
  compileSources,
  type EventView,
  isRecord,
  pickFirst,
  propertiesOf,
  type Sources,
  warn,
  warnAt,
} from './fields.js';
import { buildMeta } from './meta.js';
import type { MapperOptions, TrackingPlan } from './types.js';
import type { ValidEvent } from './validate.js';

type TrackingIdentity = components['schemas']['TrackingIdentity'];
type TrackingEvent = components['schemas']['TrackingEvent'];

const SOURCES = compileSources({
  /** RudderStack's generic `email` map without `context.externalId.0.id` (D6). */
  email: ['traits.email', 'context.traits.email', 'properties.email'],
  sessionId: [
    'properties.kustomerSessionId',
    'properties.kustomer_session_id',
    'context.sessionId',
  ],
  trackingId: ['properties.kustomerTrackingId', 'properties.kustomer_tracking_id'],
});

/** Helper keys that never reach meta (RudderStack's `metadata.excludes`). */
const HELPER_KEYS = [
  'kustomerSessionId',
  'kustomer_session_id',
  'kustomerTrackingId',
  'kustomer_tracking_id',
];
const EXCLUDE = new Set(HELPER_KEYS);
const EXCLUDE_WITH_EMAIL = new Set([...HELPER_KEYS, 'email']);

/** Kustomer's limits (spec `TrackingEvent`, `TrackingIdentity`). */
const MAX_NAME = 255;
const MAX_ID = 256;

const VALID_NAME = /^[A-Za-z][A-Za-z0-9._-]+$/;
const VALID_SUFFIX = /^[A-Za-z0-9._-]*$/;

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95;
}

/**
 * Whitespace runs become `-`, other characters Kustomer refuses are removed (D4). Kept characters
 * are appended a run at a time, not one by one.
 */
function clean(raw: string, letterFirst: boolean): string {
  let out = '';
  let from = -1;
  let dash = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    const space = isWhitespace(c);
    if (space || !isNameChar(c)) {
      if (from >= 0) {
        out += raw.slice(from, i);
        from = -1;
      }
      if (space) dash = out.length > 0;
      continue;
    }
    if (from >= 0) continue;
    if (letterFirst && out.length === 0 && !isLetter(c)) continue;
    if (dash) out += '-';
    dash = false;
    from = i;
  }
  return from >= 0 ? out + raw.slice(from) : out;
}

/**
 * A valid Kustomer event name made from `raw` (D4): whitespace runs to `-`, invalid characters
 * removed, leading non-letters dropped, cut to 255; undefined when fewer than 2 characters remain.
 * Never HTML-escaped (RudderStack's Handlebars template escapes; we do not).
 */
export function eventName(raw: string): string | undefined {
  if (raw.length <= MAX_NAME && VALID_NAME.test(raw)) return raw;
  const name = clean(raw, true).slice(0, MAX_NAME);
  return name.length >= 2 ? name : undefined;
}

/** `<prefix>-<cleaned suffix>`, or the prefix alone when nothing of the suffix is left. */
export function prefixedName(prefix: string, suffix: string): string {
  const cleaned = VALID_SUFFIX.test(suffix) ? suffix : clean(suffix, false);
  return cleaned === '' ? prefix : `${prefix}-${cleaned}`.slice(0, MAX_NAME);
}

function idField(event: EventView, sources: Sources, warnings: string[]): string | undefined {
  const found = pickFirst(event, sources);
  if (found === undefined) return undefined;
  const text = asText(found);
  if (text !== undefined && text.length <= MAX_ID) return text;
  return warnAt(
    warnings,
    event,
    sources,
    found,
    'is not a string of at most 256 characters: dropped',
  );
}

/**
 * A page or screen name: `<prefix>-<name>` from the first of `sources`, or the prefix alone when
 * there is none or `generic` is set (RudderStack's `genericPage` / `genericScreen`).
 */
export function viewName(
  event: EventView,
  sources: Sources,
  prefix: string,
  generic: boolean | undefined,
  warnings: string[],
): string {
  if (generic === true) return prefix;
  const found = pickFirst(event, sources);
  if (found === undefined) return prefix;
  const text = asText(found);
  if (text === undefined) {
    warnAt(warnings, event, sources, found, `is not a string: event named ${prefix}`);
    return prefix;
  }
  const name = prefixedName(prefix, text);
  if (name !== `${prefix}-${text}`) {
    const reason = `is not valid in a Kustomer event name: sent as "${name}"`;
    warnAt(warnings, event, sources, text, reason);
  }
  return name;
}

/** The identityEvent plan for a validated track, page or screen with its final event name. */
export function trackingPlan(
  event: EventView,
  valid: ValidEvent,
  type: TrackingPlan['type'],
  name: string,
  options: MapperOptions,
  warnings: string[],
): TrackingPlan {
  const identity: TrackingIdentity = { externalId: valid.userKey };
  if (options.setIdentityEmail === true) {
    const found = pickFirst(event, SOURCES.fields.email);
    if (typeof found === 'string' && isEmail(found)) identity.email = found;
    else if (found !== undefined) {
      warnAt(
        warnings,
        event,
        SOURCES.fields.email,
        found,
        'is not a valid email: not sent as identity.email',
      );
    }
  }
  const body: TrackingEvent = { name };
  const sessionId = idField(event, SOURCES.fields.sessionId, warnings);
  if (sessionId !== undefined) body.sessionId = sessionId;
  const trackingId = idField(event, SOURCES.fields.trackingId, warnings);
  if (trackingId !== undefined) body.trackingId = trackingId;

  const properties = propertiesOf(event);
  if (isRecord(properties)) {
    const dropEmail = options.setIdentityEmail === true && options.disableEmailAsTrackingProperty;
    const meta = buildMeta(
      properties,
      dropEmail === true ? EXCLUDE_WITH_EMAIL : EXCLUDE,
      options.advancedTransform === true,
      warnings,
    );
    if (meta !== undefined) body.meta = meta;
  } else if (properties !== undefined && properties !== null) {
    warn(warnings, 'properties', properties, 'is not an object: no meta sent');
  }
  return { type, userKey: valid.userKey, warnings, body: { identity, event: body } };
}
