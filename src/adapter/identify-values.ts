/**
 * Identify's value checks: each turns a picked trait into what the spec's `CustomerBody` accepts,
 * correcting what can be corrected and dropping the rest with a warning, so nothing Kustomer would
 * reject is sent (spec `CustomerBody`; kustomer-api.md §6.2, §7). Every result is a fresh value:
 * nothing returned shares structure with the input.
 */
import type { components } from '../../generated/kustomer.js';
import { isDateTime, isEmailRelaxed, isPhoneNumber, isUri, isUrl } from '../schema/formats.js';
import { asText, isRecord, keyPath, type Picked, setOwn, warn } from './fields.js';

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
const TAG = /^[0-9A-Za-zÀ-ÿ_/<>.-][0-9A-Za-zÀ-ÿ _/<>.-]{0,63}$/u;
const CUSTOM_KEY = /^[A-Za-z][A-Za-z0-9_]*(Str|Txt|Num|At|Bool|Url)$/;
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

/** A string (or number) of at most `max` characters; anything else is dropped with a warning. */
export function text(
  found: Picked | undefined,
  max: number,
  warnings: string[],
): string | undefined {
  if (found === undefined) return undefined;
  const value = asText(found.value);
  if (value !== undefined && value.length <= max) return value;
  warn(warnings, found.path, found.value, `is not a string of at most ${max} characters: dropped`);
  return undefined;
}

export function dateTime(found: Picked | undefined, warnings: string[]): string | undefined {
  if (found === undefined) return undefined;
  if (typeof found.value === 'string' && isDateTime(found.value)) return found.value;
  warn(warnings, found.path, found.value, 'is not an ISO-8601 date-time: dropped');
  return undefined;
}

export function uri(found: Picked | undefined, warnings: string[]): string | undefined {
  if (found === undefined) return undefined;
  const v = found.value;
  if (typeof v === 'string' && v.length <= 2048 && isUri(v)) return v;
  warn(warnings, found.path, v, 'is not an absolute URI: dropped');
  return undefined;
}

/** Kustomer takes m or f; male/female and upper case are corrected. */
export function gender(found: Picked | undefined, warnings: string[]): 'm' | 'f' | undefined {
  if (found === undefined) return undefined;
  const v = typeof found.value === 'string' ? found.value.toLowerCase() : undefined;
  if (v === 'm' || v === 'male') return 'm';
  if (v === 'f' || v === 'female') return 'f';
  warn(warnings, found.path, found.value, 'is not m or f: dropped');
  return undefined;
}

export function rev(found: Picked | undefined, warnings: string[]): number | undefined {
  if (found === undefined) return undefined;
  const v = found.value;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  warn(warnings, found.path, found.value, 'is not a non-negative integer: dropped');
  return undefined;
}

/**
 * Up to `max` unique items of an array, each made valid by `item` (or dropped by it, with its own
 * warning). `keyOf` gives the identity used to drop duplicates.
 */
export function list<T>(
  found: Picked | undefined,
  item: (value: unknown, path: string, warnings: string[]) => T | undefined,
  keyOf: (item: T) => string,
  warnings: string[],
  max = MAX_ITEMS,
): T[] | undefined {
  if (found === undefined) return undefined;
  if (!Array.isArray(found.value)) {
    warn(warnings, found.path, found.value, 'is not an array: dropped');
    return undefined;
  }
  const out: T[] = [];
  const seen: string[] = [];
  const items = found.value;
  for (let i = 0; i < items.length; i++) {
    const made = item(items[i], `${found.path}[${i}]`, warnings);
    if (made === undefined) continue;
    const key = keyOf(made);
    if (seen.includes(key)) continue;
    if (out.length === max) {
      warnings.push(`${found.path} has more than ${max} items: the rest dropped`);
      break;
    }
    seen.push(key);
    out.push(made);
  }
  return out.length > 0 ? out : undefined;
}

function verified(item: Record<string, unknown>, path: string, warnings: string[]) {
  const v = own(item, 'verified');
  if (v === undefined || typeof v === 'boolean') return v;
  warn(warnings, `${path}.verified`, v, 'is not a boolean: dropped');
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

/** A single email as RudderStack sends it: `[{type: 'home', email}]` (rudder-contract §6). */
export function singleEmail(found: Picked | undefined, warnings: string[]): Email[] | undefined {
  if (found === undefined) return undefined;
  const v = found.value;
  if (typeof v === 'string' && v.length <= 256 && isEmailRelaxed(v))
    return [{ type: 'home', email: v }];
  warn(warnings, found.path, v, 'is not an email address: dropped');
  return undefined;
}

/** A single phone as RudderStack sends it: `[{type: 'home', phone}]` (rudder-contract §6). */
export function singlePhone(found: Picked | undefined, warnings: string[]): Phone[] | undefined {
  if (found === undefined) return undefined;
  const v = asText(found.value);
  if (v !== undefined && isPhoneNumber(v)) return [{ type: 'home', phone: v }];
  warn(warnings, found.path, found.value, 'is not a phone number: dropped');
  return undefined;
}

export function email(value: unknown, path: string, warnings: string[]): Email | undefined {
  const item = isRecord(value) ? value : { email: value };
  const address = own(item, 'email');
  if (typeof address !== 'string' || address.length > 256 || !isEmailRelaxed(address)) {
    warn(warnings, path, address, 'is not an email address: dropped');
    return undefined;
  }
  const out: Email = { email: address };
  const type = own(item, 'type');
  if (isEmailType(type)) out.type = type;
  else if (type !== undefined) {
    warn(warnings, `${path}.type`, type, 'is not home, work or other: sent as other');
    out.type = 'other';
  }
  const v = verified(item, path, warnings);
  if (v !== undefined) out.verified = v;
  return out;
}

function phoneNumber(item: Record<string, unknown>, path: string, warnings: string[]) {
  const number = asText(own(item, 'phone'));
  if (number !== undefined && isPhoneNumber(number)) return number;
  warn(warnings, path, own(item, 'phone'), 'is not a phone number: dropped');
  return undefined;
}

export function phone(value: unknown, path: string, warnings: string[]): Phone | undefined {
  const item = isRecord(value) ? value : { phone: value };
  const number = phoneNumber(item, path, warnings);
  if (number === undefined) return undefined;
  const out: Phone = { phone: number };
  const type = own(item, 'type');
  if (isPhoneType(type)) out.type = type;
  else if (type !== undefined) {
    warn(warnings, `${path}.type`, type, 'is not mobile, home, work, fax or other: sent as other');
    out.type = 'other';
  }
  const v = verified(item, path, warnings);
  if (v !== undefined) out.verified = v;
  return out;
}

export function whatsapp(value: unknown, path: string, warnings: string[]): Whatsapp | undefined {
  const item = isRecord(value) ? value : { phone: value };
  const number = phoneNumber(item, path, warnings);
  if (number === undefined) return undefined;
  const out: Whatsapp = { phone: number };
  const type = own(item, 'type');
  if (type === 'mobile') out.type = type;
  else if (type !== undefined) warn(warnings, `${path}.type`, type, 'is not mobile: dropped');
  const v = verified(item, path, warnings);
  if (v !== undefined) out.verified = v;
  return out;
}

/** Required and optional text fields of one item; undefined when a required one is unusable. */
function texts(
  value: unknown,
  path: string,
  required: readonly string[],
  optional: readonly string[],
  max: number,
  warnings: string[],
): Record<string, string> | undefined {
  if (!isRecord(value)) {
    warn(warnings, path, value, 'is not an object: dropped');
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const key of required) {
    const v = asText(own(value, key));
    if (v === undefined || v === '' || v.length > max) {
      warn(
        warnings,
        `${path}.${key}`,
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
        `${path}.${key}`,
        raw,
        `is not a string of at most ${max} characters: dropped`,
      );
  }
  return out;
}

export function social(value: unknown, path: string, warnings: string[]): Social | undefined {
  const type = isRecord(value) ? own(value, 'type') : undefined;
  if (!isSocialType(type)) {
    warn(
      warnings,
      `${path}.type`,
      type,
      'is not twitter, facebook, instagram, linkedin or pinterest: item dropped',
    );
    return undefined;
  }
  const t = texts(value, path, ['username'], ['userid'], 256, warnings);
  if (t === undefined || !isRecord(value)) return undefined;
  const out: Social = { type, username: t.username ?? '' };
  if (t.userid !== undefined) out.userid = t.userid;
  const url = own(value, 'url');
  if (typeof url === 'string' && isUri(url)) out.url = url;
  else if (url !== undefined && url !== null)
    warn(warnings, `${path}.url`, url, 'is not an absolute URI: dropped');
  const v = verified(value, path, warnings);
  if (v !== undefined) out.verified = v;
  return out;
}

export function facebookId(
  value: unknown,
  path: string,
  warnings: string[],
): FacebookId | undefined {
  const t = texts(value, path, ['pageId', 'userId'], ['name'], 255, warnings);
  if (t === undefined) return undefined;
  const out: FacebookId = { pageId: t.pageId ?? '', userId: t.userId ?? '' };
  if (t.name !== undefined) out.name = t.name;
  return out;
}

export function instagramId(
  value: unknown,
  path: string,
  warnings: string[],
): InstagramId | undefined {
  const t = texts(value, path, ['pageId', 'threadId', 'username'], ['instagramId'], 255, warnings);
  if (t === undefined) return undefined;
  const out: InstagramId = {
    pageId: t.pageId ?? '',
    threadId: t.threadId ?? '',
    username: t.username ?? '',
  };
  if (t.instagramId !== undefined) out.instagramId = t.instagramId;
  return out;
}

export function tag(value: unknown, path: string, warnings: string[]): string | undefined {
  if (typeof value === 'string' && TAG.test(value)) return value;
  warn(
    warnings,
    path,
    value,
    'is not a Kustomer tag (1 to 64 letters, digits, spaces or _/<>.-): dropped',
  );
  return undefined;
}

export function tags(found: Picked | undefined, warnings: string[]): string[] | undefined {
  return list(found, tag, (t) => t, warnings, MAX_TAGS);
}

/** A website as RudderStack sends it: one `{url}` (rudder-contract §6). */
export function urls(found: Picked | undefined, warnings: string[]): { url: string }[] | undefined {
  if (found === undefined) return undefined;
  const v = found.value;
  if (typeof v === 'string' && v.length <= 2048 && isUrl(v)) return [{ url: v }];
  warn(warnings, found.path, v, 'is not a web address: dropped');
  return undefined;
}

const ADDRESS_PARTS = ['street', 'city', 'state', 'postalCode'] as const;

/** An address string as is; an object as one tidy line `street city state postalCode` (D7). */
export function locations(found: Picked | undefined, warnings: string[]) {
  if (found === undefined) return undefined;
  let line: string | undefined;
  if (typeof found.value === 'string') line = found.value.trim() === '' ? undefined : found.value;
  else if (isRecord(found.value)) {
    const parts: string[] = [];
    for (const key of ADDRESS_PARTS) {
      const part = asText(own(found.value, key))?.trim();
      if (part) parts.push(ODD_SPACE.test(part) ? part.replace(SPACES, ' ') : part);
    }
    if (parts.length === 0) return undefined;
    line = parts.join(' ');
  } else {
    warn(warnings, found.path, found.value, 'is not a string or an address object: dropped');
    return undefined;
  }
  if (line === undefined) return undefined;
  if (line.length <= 256) return [{ type: 'home' as const, address: line }];
  warn(warnings, found.path, line, 'is longer than 256 characters: dropped');
  return undefined;
}

function customValue(key: string, value: unknown): boolean {
  switch (CUSTOM_KEY.exec(key)?.[1]) {
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
export function custom(found: Picked | undefined, warnings: string[]): Custom | undefined {
  if (found === undefined) return undefined;
  if (!isRecord(found.value)) {
    warn(warnings, found.path, found.value, 'is not an object: dropped');
    return undefined;
  }
  const out: Custom = {};
  let count = 0;
  for (const key in found.value) {
    if (!Object.hasOwn(found.value, key)) continue;
    const value = found.value[key];
    if (key.length > 128 || !customValue(key, value)) {
      warn(
        warnings,
        keyPath(found.path, key),
        value,
        'does not fit a Str/Txt/Num/At/Bool/Url custom attribute: dropped',
      );
    } else if (count === MAX_CUSTOM) {
      warn(
        warnings,
        keyPath(found.path, key),
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

export function sentiment(found: Picked | undefined, warnings: string[]): Sentiment | undefined {
  if (found === undefined) return undefined;
  const v = isRecord(found.value) ? found.value : {};
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
  warn(warnings, found.path, found.value, 'is not {polarity: -1|0|1, confidence: -1..1}: dropped');
  return undefined;
}
