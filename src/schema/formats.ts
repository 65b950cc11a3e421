/**
 * The string formats the spec uses, as pure predicates. The spec validator registers them with Ajv
 * and the mappers call them directly, so a value a mapper keeps is a value the spec accepts.
 * `email-relaxed`, `phone-number` and `url` are Kustomer's own format names; Kustomer does not define
 * them, so these are our reading, kept narrow enough that Kustomer should accept what passes.
 */

// RFC 3339 date-time with a zone (Z or ±hh:mm). Kustomer's tv4-formats fork also accepts ±hhmm and
// ±hh offsets; accepting less than Kustomer is the safe side.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

export function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(m[1]), month)) return false;
  return hour <= 23 && minute <= 59 && second <= 60;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
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
