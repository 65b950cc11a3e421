/**
 * The string formats the spec uses, as pure predicates. The spec validator registers them with Ajv
 * and the mappers call them directly, so a value a mapper keeps is a value the spec accepts.
 * `email-relaxed`, `phone-number` and `url` are Kustomer's own format names; Kustomer does not define
 * them, so these are our reading, kept narrow enough that Kustomer should accept what passes.
 */

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two decimal digits at `i` as a number, or -1. */
function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * RFC 3339 date-time with a zone (Z or ±hh:mm), a real calendar day, hour ≤ 23, minute ≤ 59,
 * second ≤ 60. Kustomer's tv4-formats fork also accepts ±hhmm and ±hh offsets; accepting less than
 * Kustomer is the safe side. Read character by character, with no regex and no allocation, because
 * the mappers check every date they send.
 */
export function isDateTime(s: string): boolean {
  const n = s.length;
  if (n < 20 || n > 35) return false;
  const century = twoDigits(s, 0);
  const year = century < 0 ? -1 : century * 100 + twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (
    year < 0 ||
    twoDigits(s, 2) < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23
  )
    return false;
  if (minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  const t = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (t !== 84 && t !== 116)) return false;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < n && digit(s, i) >= 0) i++;
    if (i === start || i - start > 9) return false;
  }
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    if (i + 1 !== n) return false;
  } else if (z === 43 || z === 45) {
    if (i + 6 !== n || twoDigits(s, i + 1) < 0 || s.charCodeAt(i + 3) !== 58) return false;
    if (twoDigits(s, i + 4) < 0) return false;
  } else {
    return false;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days =
    month === 2
      ? leap
        ? 29
        : 28
      : month === 4 || month === 6 || month === 9 || month === 11
        ? 30
        : 31;
  return day <= days;
}

// An absolute URI with a scheme and no whitespace (RFC 3986 in the shape validators check).
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;

export function isUri(value: string): boolean {
  return URI.test(value);
}

// Kustomer's `url`: a web address, with or without a scheme, such as www.example.com/path.
const URL_LIKE =
  /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^\s/?#.]+(?:\.[^\s/?#.]+)+(?::\d+)?(?:[/?#][^\s]*)?$/;

export function isUrl(value: string): boolean {
  return URL_LIKE.test(value);
}

// One address: a local part and a dotted domain, no spaces, no second @.
const EMAIL =
  /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
// Kustomer's relaxed email: anything@anything, with no spaces and one @.
const EMAIL_RELAXED = /^[^\s@]+@[^\s@]+$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export function isEmailRelaxed(value: string): boolean {
  return value.length <= 256 && EMAIL_RELAXED.test(value);
}

// A phone number: an optional +, then digits with the usual separators, 3 to 20 digits in all.
const PHONE = /^\+?[0-9][0-9 ().-]*$/;

export function isPhoneNumber(value: string): boolean {
  if (!PHONE.test(value)) return false;
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits >= 3 && digits <= 20;
}

/** Every format the spec names, for the validator. */
export const specFormats = {
  'date-time': isDateTime,
  uri: isUri,
  url: isUrl,
  email: isEmail,
  'email-relaxed': isEmailRelaxed,
  'phone-number': isPhoneNumber,
} as const satisfies Record<string, (value: string) => boolean>;
