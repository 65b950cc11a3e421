/**
 * The string formats the spec uses, as pure predicates. The spec validator registers them with Ajv
 * and the mappers call them directly, so a value a mapper keeps is a value the spec accepts.
 * `email-relaxed`, `phone-number` and `url` are Kustomer's own format names; Kustomer does not define
 * them, so these are our reading, kept narrow enough that Kustomer should accept what passes.
 */

/** Whether a char code is an ASCII digit (NaN, past the end, is not). */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `a * 10 + b` for the char codes of two digits is their value plus this ('0' is 48). */
const TWO_ZEROS = 48 * 10 + 48;

/**
 * RFC 3339 date-time with a zone (Z or ±hh:mm), a real calendar day, hour ≤ 23, minute ≤ 59,
 * second ≤ 60. Kustomer's tv4-formats fork also accepts ±hhmm and ±hh offsets; accepting less than
 * Kustomer is the safe side. Read character by character, each once, with no regex and no
 * allocation, because the mappers check every date they send.
 */
export function isDateTime(s: string): boolean {
  const n = s.length;
  if (n < 20 || n > 35) return false;
  const t = s.charCodeAt(10);
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    (t !== 84 && t !== 116) ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  )
    return false;
  const y0 = s.charCodeAt(0);
  const y1 = s.charCodeAt(1);
  const y2 = s.charCodeAt(2);
  const y3 = s.charCodeAt(3);
  const m0 = s.charCodeAt(5);
  const m1 = s.charCodeAt(6);
  const d0 = s.charCodeAt(8);
  const d1 = s.charCodeAt(9);
  const h0 = s.charCodeAt(11);
  const h1 = s.charCodeAt(12);
  const i0 = s.charCodeAt(14);
  const i1 = s.charCodeAt(15);
  const s0 = s.charCodeAt(17);
  const s1 = s.charCodeAt(18);
  if (
    !isDigit(y0) ||
    !isDigit(y1) ||
    !isDigit(y2) ||
    !isDigit(y3) ||
    !isDigit(m0) ||
    !isDigit(m1) ||
    !isDigit(d0) ||
    !isDigit(d1) ||
    !isDigit(h0) ||
    !isDigit(h1) ||
    !isDigit(i0) ||
    !isDigit(i1) ||
    !isDigit(s0) ||
    !isDigit(s1)
  )
    return false;
  const month = m0 * 10 + m1 - TWO_ZEROS;
  const day = d0 * 10 + d1 - TWO_ZEROS;
  if (month < 1 || month > 12 || day < 1) return false;
  if (h0 * 10 + h1 > TWO_ZEROS + 23 || i0 * 10 + i1 > TWO_ZEROS + 59) return false;
  if (s0 * 10 + s1 > TWO_ZEROS + 60) return false;
  let i = 19;
  let z = s.charCodeAt(19);
  if (z === 46) {
    const start = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === start || i - start > 9) return false;
    z = s.charCodeAt(i);
  }
  if (z === 90 || z === 122) {
    if (i + 1 !== n) return false;
  } else if (z === 43 || z === 45) {
    if (
      i + 6 !== n ||
      !isDigit(s.charCodeAt(i + 1)) ||
      !isDigit(s.charCodeAt(i + 2)) ||
      s.charCodeAt(i + 3) !== 58 ||
      !isDigit(s.charCodeAt(i + 4)) ||
      !isDigit(s.charCodeAt(i + 5))
    )
      return false;
  } else {
    return false;
  }
  if (day <= 28) return true;
  if (month === 2) {
    if (day > 29) return false;
    const year = (y0 - 48) * 1000 + (y1 - 48) * 100 + (y2 - 48) * 10 + (y3 - 48);
    return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  }
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/** JavaScript's `\s` (and what `trim` removes) as a char-code test, for char loops. */
export function isWhitespace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c >= 0xa0 &&
      (c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff))
  );
}

/** An ASCII letter, as a char code. */
export function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isAlnum(c: number): boolean {
  return isLetter(c) || isDigit(c);
}

/** `[A-Za-z0-9+.-]`, the characters of a URI scheme after its first letter. */
function isSchemeChar(c: number): boolean {
  return isAlnum(c) || c === 43 || c === 45 || c === 46;
}

/** Where a scheme `[A-Za-z][A-Za-z0-9+.-]*` followed by `:` ends (the colon's index), else -1. */
function schemeEnd(s: string): number {
  if (!isLetter(s.charCodeAt(0))) return -1;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) return i;
    if (!isSchemeChar(c)) return -1;
  }
  return -1;
}

/** Whether `s` has no whitespace from `from` on. */
function noSpaceFrom(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (isWhitespace(s.charCodeAt(i))) return false;
  return true;
}

/**
 * An absolute URI with a scheme and no whitespace (RFC 3986 in the shape validators check):
 * `^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$`, read as a char loop.
 */
export function isUri(value: string): boolean {
  const colon = schemeEnd(value);
  return colon > 0 && colon + 1 < value.length && noSpaceFrom(value, colon + 1);
}

/**
 * A host and an optional path from `from` on: dot-separated labels of `[^\s/?#.]+` (two or more),
 * up to the end or to a `/`, `?` or `#` after which nothing is whitespace. A `:port` is part of
 * the last label, as the label characters include `:` and digits.
 */
function isHostAndPath(s: string, from: number): boolean {
  const n = s.length;
  let labels = 0;
  let start = from;
  let i = from;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) break;
    if (isWhitespace(c)) return false;
    if (c === 46) {
      if (i === start) return false;
      labels++;
      start = i + 1;
    }
  }
  if (i === start || labels === 0) return false;
  return noSpaceFrom(s, i + 1);
}

/**
 * Kustomer's `url`: a web address, with or without a scheme, such as www.example.com/path. The
 * char-loop form of
 * `^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^\s/?#.]+(?:\.[^\s/?#.]+)+(?::\d+)?(?:[/?#][^\s]*)?$`:
 * the whole value, or what follows a `scheme://`, is a host and an optional path.
 */
export function isUrl(value: string): boolean {
  if (isHostAndPath(value, 0)) return true;
  const colon = schemeEnd(value);
  return (
    colon > 0 &&
    value.charCodeAt(colon + 1) === 47 &&
    value.charCodeAt(colon + 2) === 47 &&
    isHostAndPath(value, colon + 3)
  );
}

/** `[^\s@"(),:;<>[\\\]]`, a character of a strict email's local part. */
function isLocalChar(c: number): boolean {
  switch (c) {
    case 64: // @
    case 34: // "
    case 40: // (
    case 41: // )
    case 44: // ,
    case 58: // :
    case 59: // ;
    case 60: // <
    case 62: // >
    case 91: // [
    case 92: // \
    case 93: // ]
      return false;
    default:
      return !isWhitespace(c);
  }
}

/**
 * One address: a local part and a dotted domain, no spaces, no second @. The char-loop form of
 * `^[^\s@"(),:;<>[\\\]]+@L(?:\.L)+$` where a label L is `[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?`.
 */
export function isEmail(value: string): boolean {
  const n = value.length;
  if (n > 254) return false;
  let i = 0;
  while (i < n && isLocalChar(value.charCodeAt(i))) i++;
  if (i === 0 || value.charCodeAt(i) !== 64) return false;
  let labels = 0;
  let start = i + 1;
  for (let j = start; j <= n; j++) {
    const c = j < n ? value.charCodeAt(j) : 46;
    if (c === 46) {
      if (j === start || value.charCodeAt(j - 1) === 45 || value.charCodeAt(start) === 45) {
        return false;
      }
      labels++;
      start = j + 1;
    } else if (!isAlnum(c) && c !== 45) {
      return false;
    }
  }
  return labels >= 2;
}

/** Kustomer's relaxed email: anything@anything, with no spaces and one @ (`^[^\s@]+@[^\s@]+$`). */
export function isEmailRelaxed(value: string): boolean {
  const n = value.length;
  if (n > 256) return false;
  let at = -1;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 64) {
      if (at >= 0) return false;
      at = i;
    } else if (isWhitespace(c)) {
      return false;
    }
  }
  return at > 0 && at < n - 1;
}

/**
 * A phone number: an optional +, then digits with the usual separators, 3 to 20 digits in all
 * (`^\+?[0-9][0-9 ().-]*$` and a digit count).
 */
export function isPhoneNumber(value: string): boolean {
  const n = value.length;
  let i = value.charCodeAt(0) === 43 ? 1 : 0;
  if (!isDigit(value.charCodeAt(i))) return false;
  let digits = 0;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (c !== 32 && c !== 40 && c !== 41 && c !== 45 && c !== 46) return false;
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
