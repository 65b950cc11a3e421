/**
 * The string formats the spec names, as plain regular expressions. The spec validator registers them
 * with Ajv and the mappers call them, so a value a mapper keeps is one the spec accepts.
 * `email-relaxed`, `phone-number` and `url` are Kustomer's own format names, which Kustomer does not
 * define: these are our reading, kept narrow enough that Kustomer should accept what passes.
 */

/** A month and a day that month can have (February up to 29: `isRealDay` checks the year). */
const MONTH_DAY =
  '(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2\\d))';
const DATE = new RegExp(`^\\d{4}-${MONTH_DAY}$`);
const DATE_TIME = new RegExp(
  `^\\d{4}-${MONTH_DAY}[Tt](?:[01]\\d|2[0-3]):[0-5]\\d:(?:[0-5]\\d|60)(?:\\.\\d{1,9})?(?:[Zz]|[+-]\\d{2}:\\d{2})$`,
);
/** RFC 3986's characters in a path or query (percent-escapes included), and one `#` fragment. */
const URI_REST = "(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~!$&'()*+,;=:@/?-])";
/** The first character after the scheme starts a path, never a query. */
const URI_PATH_START = "(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~!$&'()*+,;=:@/-])";
const URI = new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:${URI_PATH_START}${URI_REST}*(?:#${URI_REST}*)?$`);
/** A host label and the rest of a URL in RFC 3986's characters, percent-escapes included. */
const HOST_LABEL = "(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9_~!$&'()*+,;=-])+";
const URL_REST = "(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~!$&'()*+,;=:@/?-])*";
const URL_LIKE = new RegExp(
  `^(?:[A-Za-z][A-Za-z0-9+.-]*://)?${HOST_LABEL}(?:\\.${HOST_LABEL})+(?::\\d+)?(?:[/?]${URL_REST}(?:#${URL_REST})?|#${URL_REST})?$`,
);
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const EMAIL = new RegExp(`^[^\\s@"(),:;<>[\\\\\\]]+@${LABEL}(?:\\.${LABEL})+$`);
const EMAIL_RELAXED = /^[^\s@]+@[^\s@]+$/;
/** Digits and phone punctuation, then an optional `x`/`ext` extension (docs/deviations.md D12). */
const PHONE = /^(\+?[\d ()./-]+)(?:(?:x|ext\.?) ?\d{1,6})?$/i;
/** 7 to 15 digits among other characters. */
const DIGITS_7_TO_15 = /^\D*(?:\d\D*){7,15}$/;

/** A February 29th is a real day only in a leap year. */
function isRealDay(value: string): boolean {
  if (!value.startsWith('02-29', 5)) return true;
  const year = Number(value.slice(0, 4));
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * RFC 3339 date-time with a zone (Z or ±hh:mm) on a real calendar day. Kustomer's tv4-formats fork
 * also takes ±hhmm and ±hh offsets; accepting less than Kustomer is the safe side.
 */
export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && isRealDay(value);
}

/** A calendar date `YYYY-MM-DD` on a real day. */
export function isCalendarDate(value: string): boolean {
  return DATE.test(value) && isRealDay(value);
}

/** An absolute URI: a scheme, then only RFC 3986's characters (what JSON Schema validators check). */
export function isUri(value: string): boolean {
  return URI.test(value);
}

/** Kustomer's `url`: a web address with or without a scheme, such as www.example.com/path. */
export function isUrl(value: string): boolean {
  return URL_LIKE.test(value);
}

/** One address: a local part and a dotted domain of letter-digit labels, at most 254 characters (RFC 5321). */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/** Kustomer's relaxed email: anything@anything, no spaces, one @ (lengths are the spec's). */
export function isEmailRelaxed(value: string): boolean {
  return EMAIL_RELAXED.test(value);
}

/**
 * A phone number as people write it: 7 to 15 digits with `+ ( ) - . /` and spaces, and an optional
 * `x`/`ext` extension (docs/deviations.md D12; 15 digits is E.164's maximum).
 */
export function isPhoneNumber(value: string): boolean {
  const number = PHONE.exec(value)?.[1];
  return number !== undefined && DIGITS_7_TO_15.test(number);
}

const DOMAIN = new RegExp(
  `^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*\\.[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$`,
);

/** Kustomer's `domain-name`: a host name of dotted letter-digit labels with a top-level label, such as acme.co.uk. */
export function isDomainName(value: string): boolean {
  return DOMAIN.test(value) && value.split('.').every((label) => label.length <= 63);
}
