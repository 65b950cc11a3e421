/**
 * Identify's value checks: each turns a picked trait into what the spec's `CustomerBody` accepts,
 * correcting what can be corrected and dropping the rest with a warning, so nothing Kustomer would
 * reject is sent (spec `CustomerBody`; kustomer-api.md §6.2, §7). Every result is a fresh value:
 * nothing returned shares structure with the input.
 */
import type { components } from '../../generated/kustomer.js';
import {
  isDateTime,
  isEmailRelaxed,
  isPhoneNumber,
  isUri,
  isUrl,
  isWhitespace,
} from '../schema/formats.js';
import {
  asText,
  type EventView,
  isRecord,
  keyPath,
  pathOf,
  pickFirst,
  type Sources,
  setOwn,
  warn,
  warnAt,
} from './fields.js';

type Schemas = components['schemas'];
export type Email = Schemas['CustomerEmail'];
export type Phone = Schemas['CustomerPhone'];
type Whatsapp = Schemas['CustomerWhatsapp'];
type Social = Schemas['CustomerSocial'];
type FacebookId = Schemas['CustomerFacebookId'];
type InstagramId = Schemas['CustomerInstagramId'];
type Sentiment = Schemas['Sentiment'];
type Custom = Schemas['CustomAttributes'];

/** Arrays hold at most 10 unique items (spec), tags 20. */
const MAX_ITEMS = 10;
const MAX_TAGS = 20;
const MAX_CUSTOM = 100;
const MAX_TAG = 64;
const SPACES = /\s+/g;
/** Whitespace other than single spaces, which D7's tidy line collapses. */
const ODD_SPACE = /\s\s|[^\S ]/;

function oneOf<T extends string>(values: readonly T[]): (v: unknown) => v is T {
  const set: ReadonlySet<unknown> = new Set(values);
  return (v: unknown): v is T => set.has(v);
}
const isEmailType = oneOf(['home', 'work', 'other'] as const);
const isPhoneType = oneOf(['mobile', 'home', 'work', 'fax', 'other'] as const);
const isSocialType = oneOf(['twitter', 'facebook', 'instagram', 'linkedin', 'pinterest'] as const);

function own(item: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(item, key) ? item[key] : undefined;
}

/** A list item's path for a warning, built only when one is made: `traits.emails[2].type`. */
function itemPath(list: string, index: number, below = ''): string {
  return `${list}[${index}]${below}`;
}

/** A string (or number) of at most `max` characters; anything else is dropped with a warning. */
export function text(
  ev: EventView,
  from: Sources,
  max: number,
  warnings: string[],
): string | undefined {
  const found = pickFirst(ev, from);
  if (found === undefined) return undefined;
  const value = asText(found);
  if (value !== undefined && value.length <= max) return value;
  return warnAt(warnings, ev, from, found, `is not a string of at most ${max} characters: dropped`);
}

export function dateTime(ev: EventView, from: Sources, warnings: string[]): string | undefined {
  const v = pickFirst(ev, from);
  if (v === undefined || (typeof v === 'string' && isDateTime(v))) return v;
  return warnAt(warnings, ev, from, v, 'is not an ISO-8601 date-time: dropped');
}

export function uri(ev: EventView, from: Sources, warnings: string[]): string | undefined {
  const v = pickFirst(ev, from);
  if (v === undefined || (typeof v === 'string' && v.length <= 2048 && isUri(v))) return v;
  return warnAt(warnings, ev, from, v, 'is not an absolute URI: dropped');
}

/** Kustomer takes m or f; male/female and upper case are corrected. */
export function gender(ev: EventView, from: Sources, warnings: string[]): 'm' | 'f' | undefined {
  const found = pickFirst(ev, from);
  if (found === undefined) return undefined;
  const v = typeof found === 'string' ? found.toLowerCase() : undefined;
  if (v === 'm' || v === 'male') return 'm';
  if (v === 'f' || v === 'female') return 'f';
  return warnAt(warnings, ev, from, found, 'is not m or f: dropped');
}

export function rev(ev: EventView, from: Sources, warnings: string[]): number | undefined {
  const v = pickFirst(ev, from);
  if (v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0)) return v;
  return warnAt(warnings, ev, from, v, 'is not a non-negative integer: dropped');
}

/** Makes one list item valid, or drops it with its own warning (its path built only then). */
type Item<T> = (value: unknown, list: string, index: number, warnings: string[]) => T | undefined;

/**
 * Up to `max` unique items of an array, each made valid by `item` (or dropped by it, with its own
 * warning). `keyOf` gives the identity used to drop duplicates.
 */
export function list<T>(
  ev: EventView,
  from: Sources,
  item: Item<T>,
  keyOf: (item: T) => string,
  warnings: string[],
  max = MAX_ITEMS,
): T[] | undefined {
  const items = pickFirst(ev, from);
  if (items === undefined) return undefined;
  const path = pathOf(ev, from);
  if (!Array.isArray(items)) {
    warn(warnings, path, items, 'is not an array: dropped');
    return undefined;
  }
  const out: T[] = [];
  const seen: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const made = item(items[i], path, i, warnings);
    if (made === undefined) continue;
    const key = keyOf(made);
    if (seen.includes(key)) continue;
    if (out.length === max) {
      warnings.push(`${path} has more than ${max} items: the rest dropped`);
      break;
    }
    seen.push(key);
    out.push(made);
  }
  return out.length > 0 ? out : undefined;
}

function verified(item: Record<string, unknown>, list: string, index: number, warnings: string[]) {
  const v = own(item, 'verified');
  if (v === undefined || typeof v === 'boolean') return v;
  warn(warnings, itemPath(list, index, '.verified'), v, 'is not a boolean: dropped');
  return undefined;
}

/** Identities for dropping duplicates (the spec's `uniqueItems`). */
export const emailKey = (e: Email): string => `${e.type}\u0000${e.email}\u0000${e.verified}`;
export const phoneKey = (p: Phone | Whatsapp): string =>
  `${p.type}\u0000${p.phone}\u0000${p.verified}`;
export const socialKey = (s: Social): string =>
  `${s.type}\u0000${s.username}\u0000${s.userid}\u0000${s.url}\u0000${s.verified}`;
export const facebookKey = (f: FacebookId): string => `${f.pageId}\u0000${f.userId}\u0000${f.name}`;
export const instagramKey = (i: InstagramId): string =>
  `${i.pageId}\u0000${i.threadId}\u0000${i.username}\u0000${i.instagramId}`;
const tagKey = (t: string): string => t;

/** A single email as RudderStack sends it: `[{type: 'home', email}]` (rudder-contract §6). */
export function singleEmail(ev: EventView, from: Sources, warnings: string[]): Email[] | undefined {
  const v = pickFirst(ev, from);
  if (v === undefined) return undefined;
  if (typeof v === 'string' && v.length <= 256 && isEmailRelaxed(v))
    return [{ type: 'home', email: v }];
  return warnAt(warnings, ev, from, v, 'is not an email address: dropped');
}

/** A single phone as RudderStack sends it: `[{type: 'home', phone}]` (rudder-contract §6). */
export function singlePhone(ev: EventView, from: Sources, warnings: string[]): Phone[] | undefined {
  const found = pickFirst(ev, from);
  if (found === undefined) return undefined;
  const v = asText(found);
  if (v !== undefined && isPhoneNumber(v)) return [{ type: 'home', phone: v }];
  return warnAt(warnings, ev, from, found, 'is not a phone number: dropped');
}

export function email(
  value: unknown,
  list: string,
  index: number,
  warnings: string[],
): Email | undefined {
  const item = isRecord(value) ? value : { email: value };
  const address = own(item, 'email');
  if (typeof address !== 'string' || address.length > 256 || !isEmailRelaxed(address)) {
    warn(warnings, itemPath(list, index), address, 'is not an email address: dropped');
    return undefined;
  }
  const out: Email = { email: address };
  const type = own(item, 'type');
  if (isEmailType(type)) out.type = type;
  else if (type !== undefined) {
    warn(
      warnings,
      itemPath(list, index, '.type'),
      type,
      'is not home, work or other: sent as other',
    );
    out.type = 'other';
  }
  const v = verified(item, list, index, warnings);
  if (v !== undefined) out.verified = v;
  return out;
}

function phoneNumber(
  item: Record<string, unknown>,
  list: string,
  index: number,
  warnings: string[],
) {
  const number = asText(own(item, 'phone'));
  if (number !== undefined && isPhoneNumber(number)) return number;
  warn(warnings, itemPath(list, index), own(item, 'phone'), 'is not a phone number: dropped');
  return undefined;
}

export function phone(
  value: unknown,
  list: string,
  index: number,
  warnings: string[],
): Phone | undefined {
  const item = isRecord(value) ? value : { phone: value };
  const number = phoneNumber(item, list, index, warnings);
  if (number === undefined) return undefined;
  const out: Phone = { phone: number };
  const type = own(item, 'type');
  if (isPhoneType(type)) out.type = type;
  else if (type !== undefined) {
    warn(
      warnings,
      itemPath(list, index, '.type'),
      type,
      'is not mobile, home, work, fax or other: sent as other',
    );
    out.type = 'other';
  }
  const v = verified(item, list, index, warnings);
  if (v !== undefined) out.verified = v;
  return out;
}

export function whatsapp(
  value: unknown,
  list: string,
  index: number,
  warnings: string[],
): Whatsapp | undefined {
  const item = isRecord(value) ? value : { phone: value };
  const number = phoneNumber(item, list, index, warnings);
  if (number === undefined) return undefined;
  const out: Whatsapp = { phone: number };
  const type = own(item, 'type');
  if (type === 'mobile') out.type = type;
  else if (type !== undefined)
    warn(warnings, itemPath(list, index, '.type'), type, 'is not mobile: dropped');
  const v = verified(item, list, index, warnings);
  if (v !== undefined) out.verified = v;
  return out;
}

/** Required and optional text fields of one item; undefined when a required one is unusable. */
function texts(
  value: unknown,
  list: string,
  index: number,
  required: readonly string[],
  optional: readonly string[],
  max: number,
  warnings: string[],
): Record<string, string> | undefined {
  if (!isRecord(value)) {
    warn(warnings, itemPath(list, index), value, 'is not an object: dropped');
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const key of required) {
    const v = asText(own(value, key));
    if (v === undefined || v === '' || v.length > max) {
      warn(
        warnings,
        itemPath(list, index, `.${key}`),
        own(value, key),
        `is not a string of 1 to ${max} characters: item dropped`,
      );
      return undefined;
    }
    out[key] = v;
  }
  for (const key of optional) {
    const raw = own(value, key);
    if (raw === undefined || raw === null) continue;
    const v = asText(raw);
    if (v !== undefined && v.length <= max) out[key] = v;
    else
      warn(
        warnings,
        itemPath(list, index, `.${key}`),
        raw,
        `is not a string of at most ${max} characters: dropped`,
      );
  }
  return out;
}

/** Each item kind's required and optional text fields (module constants: no array per item). */
const SOCIAL_REQUIRED = ['username'];
const SOCIAL_OPTIONAL = ['userid'];
const FACEBOOK_REQUIRED = ['pageId', 'userId'];
const FACEBOOK_OPTIONAL = ['name'];
const INSTAGRAM_REQUIRED = ['pageId', 'threadId', 'username'];
const INSTAGRAM_OPTIONAL = ['instagramId'];

export function social(
  value: unknown,
  list: string,
  index: number,
  warnings: string[],
): Social | undefined {
  const type = isRecord(value) ? own(value, 'type') : undefined;
  if (!isSocialType(type)) {
    warn(
      warnings,
      itemPath(list, index, '.type'),
      type,
      'is not twitter, facebook, instagram, linkedin or pinterest: item dropped',
    );
    return undefined;
  }
  const t = texts(value, list, index, SOCIAL_REQUIRED, SOCIAL_OPTIONAL, 256, warnings);
  if (t === undefined || !isRecord(value)) return undefined;
  const out: Social = { type, username: t.username ?? '' };
  if (t.userid !== undefined) out.userid = t.userid;
  const url = own(value, 'url');
  if (typeof url === 'string' && isUri(url)) out.url = url;
  else if (url !== undefined && url !== null)
    warn(warnings, itemPath(list, index, '.url'), url, 'is not an absolute URI: dropped');
  const v = verified(value, list, index, warnings);
  if (v !== undefined) out.verified = v;
  return out;
}

export function facebookId(
  value: unknown,
  list: string,
  index: number,
  warnings: string[],
): FacebookId | undefined {
  const t = texts(value, list, index, FACEBOOK_REQUIRED, FACEBOOK_OPTIONAL, 255, warnings);
  if (t === undefined) return undefined;
  const out: FacebookId = { pageId: t.pageId ?? '', userId: t.userId ?? '' };
  if (t.name !== undefined) out.name = t.name;
  return out;
}

export function instagramId(
  value: unknown,
  list: string,
  index: number,
  warnings: string[],
): InstagramId | undefined {
  const t = texts(value, list, index, INSTAGRAM_REQUIRED, INSTAGRAM_OPTIONAL, 255, warnings);
  if (t === undefined) return undefined;
  const out: InstagramId = {
    pageId: t.pageId ?? '',
    threadId: t.threadId ?? '',
    username: t.username ?? '',
  };
  if (t.instagramId !== undefined) out.instagramId = t.instagramId;
  return out;
}

function isTagChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 45 && c <= 57) || // - . / and the digits
    c === 95 ||
    c === 60 ||
    c === 62 ||
    (c >= 0xc0 && c <= 0xff)
  );
}

/**
 * Kustomer's tag: 1 to 64 of letters, digits, À-ÿ, spaces and `_/<>.-`, not starting with a space.
 * A char loop rather than a regex: tags are checked on every identify that has them.
 */
function isTag(s: string): boolean {
  if (s.length === 0 || s.length > MAX_TAG) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 ? i === 0 : !isTagChar(c)) return false;
  }
  return true;
}

export function tag(
  value: unknown,
  list: string,
  index: number,
  warnings: string[],
): string | undefined {
  if (typeof value === 'string' && isTag(value)) return value;
  warn(
    warnings,
    itemPath(list, index),
    value,
    'is not a Kustomer tag (1 to 64 letters, digits, spaces or _/<>.-): dropped',
  );
  return undefined;
}

export function tags(ev: EventView, from: Sources, warnings: string[]): string[] | undefined {
  return list(ev, from, tag, tagKey, warnings, MAX_TAGS);
}

/** A website as RudderStack sends it: one `{url}` (rudder-contract §6). */
export function urls(
  ev: EventView,
  from: Sources,
  warnings: string[],
): { url: string }[] | undefined {
  const v = pickFirst(ev, from);
  if (v === undefined) return undefined;
  if (typeof v === 'string' && v.length <= 2048 && isUrl(v)) return [{ url: v }];
  return warnAt(warnings, ev, from, v, 'is not a web address: dropped');
}

const ADDRESS_PARTS = ['street', 'city', 'state', 'postalCode'] as const;

/** Whether `s` has whitespace at an end, or any besides single spaces inside (D7). */
function untidy(s: string): boolean {
  const n = s.length;
  if (n > 0 && (isWhitespace(s.charCodeAt(0)) || isWhitespace(s.charCodeAt(n - 1)))) return true;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isWhitespace(c) && (c !== 32 || isWhitespace(s.charCodeAt(i + 1)))) return true;
  }
  return false;
}

/** One address part trimmed with inner whitespace runs made single spaces; '' when blank. */
function tidy(part: string): string {
  if (!untidy(part)) return part;
  const trimmed = part.trim();
  return ODD_SPACE.test(trimmed) ? trimmed.replace(SPACES, ' ') : trimmed;
}

/** An address string as is; an object as one tidy line `street city state postalCode` (D7). */
export function locations(ev: EventView, from: Sources, warnings: string[]) {
  const found = pickFirst(ev, from);
  if (found === undefined) return undefined;
  let line = '';
  if (typeof found === 'string') {
    if (found.trim() === '') return undefined;
    line = found;
  } else if (isRecord(found)) {
    for (const key of ADDRESS_PARTS) {
      const part = asText(own(found, key));
      const tidied = part === undefined ? '' : tidy(part);
      if (tidied !== '') line = line === '' ? tidied : `${line} ${tidied}`;
    }
    if (line === '') return undefined;
  } else {
    return warnAt(warnings, ev, from, found, 'is not a string or an address object: dropped');
  }
  if (line.length <= 256) return [{ type: 'home' as const, address: line }];
  return warnAt(warnings, ev, from, line, 'is longer than 256 characters: dropped');
}

const CUSTOM_SUFFIXES = ['Str', 'Txt', 'Num', 'At', 'Bool', 'Url'] as const;

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * The type suffix of a custom attribute key `[A-Za-z][A-Za-z0-9_]*(Str|Txt|Num|At|Bool|Url)`, or
 * undefined. No two suffixes end alike, so at most one fits.
 */
function customSuffix(key: string): string | undefined {
  const first = key.charCodeAt(0);
  if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90))) return undefined;
  for (let i = 1; i < key.length; i++) if (!isWordChar(key.charCodeAt(i))) return undefined;
  for (const suffix of CUSTOM_SUFFIXES) {
    if (key.length > suffix.length && key.endsWith(suffix)) return suffix;
  }
  return undefined;
}

function customValue(key: string, value: unknown): boolean {
  switch (customSuffix(key)) {
    case 'Str':
    case 'Txt':
      return typeof value === 'string' && value.length <= 1024;
    case 'Num':
      return typeof value === 'number' && Number.isFinite(value);
    case 'At':
      return typeof value === 'string' && isDateTime(value);
    case 'Bool':
      return typeof value === 'boolean';
    case 'Url':
      return typeof value === 'string' && isUri(value);
    default:
      return false;
  }
}

/** Custom attributes: only suffix-typed keys whose value fits the suffix (kustomer-api.md §7). */
export function custom(ev: EventView, from: Sources, warnings: string[]): Custom | undefined {
  const found = pickFirst(ev, from);
  if (found === undefined) return undefined;
  if (!isRecord(found)) return warnAt(warnings, ev, from, found, 'is not an object: dropped');
  const out: Custom = {};
  let count = 0;
  for (const key in found) {
    if (!Object.hasOwn(found, key)) continue;
    const value = found[key];
    if (key.length > 128 || !customValue(key, value)) {
      warn(
        warnings,
        keyPath(pathOf(ev, from), key),
        value,
        'does not fit a Str/Txt/Num/At/Bool/Url custom attribute: dropped',
      );
    } else if (count === MAX_CUSTOM) {
      warn(
        warnings,
        keyPath(pathOf(ev, from), key),
        value,
        "is beyond Kustomer's 100 custom attributes: dropped",
      );
    } else if (
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      setOwn(out, key, value);
      count++;
    }
  }
  return count > 0 ? out : undefined;
}

export function sentiment(ev: EventView, from: Sources, warnings: string[]): Sentiment | undefined {
  const found = pickFirst(ev, from);
  if (found === undefined) return undefined;
  const v = isRecord(found) ? found : {};
  const polarity = own(v, 'polarity');
  const confidence = own(v, 'confidence');
  if (
    (polarity === -1 || polarity === 0 || polarity === 1) &&
    typeof confidence === 'number' &&
    confidence >= -1 &&
    confidence <= 1
  ) {
    return { polarity, confidence };
  }
  return warnAt(warnings, ev, from, found, 'is not {polarity: -1|0|1, confidence: -1..1}: dropped');
}
