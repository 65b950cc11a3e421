/**
 * The simulator's own format checks, independent of the adapter's (a value the adapter gets wrong
 * must not pass here too): the standard formats come from ajv-formats (RFC 3339 `date-time` on real
 * days, RFC 3986 `uri`, `email`); Kustomer's own format names, which Kustomer does not define
 * (docs/kustomer-api.md §6.2), are read from the spec's descriptions.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';

export type FormatCheck = (value: string) => boolean;

/** An ajv-formats format as a plain check. */
function standard(name: 'date-time' | 'uri' | 'email'): FormatCheck {
  const format = fullFormats[name];
  if (format instanceof RegExp) return (value) => format.test(value);
  if (typeof format === 'function') return format as FormatCheck;
  const { validate } = format as { validate: RegExp | FormatCheck };
  return validate instanceof RegExp ? (value) => validate.test(value) : validate;
}

const uri = standard('uri');
/** ajv-formats' date-time: RFC 3339 on a real day, also with `±hhmm` and `±hh` offsets. */
export const anyOffsetDateTime = standard('date-time');
/** The spec: digits with `+ ( ) - . /` and spaces, then an optional `x`/`ext` extension. */
const WRITTEN_PHONE = /^\+?[0-9 ().\-/]+?(?:\s*(?:x|ext\.?)\s*[0-9]+)?$/i;

function digitCount(value: string): number {
  return value.replace(/(?:x|ext\.?)\s*[0-9]+$/i, '').replace(/\D/g, '').length;
}

/** Every format the spec names, as strictly as the spec describes it. */
export const specFormats: Readonly<Record<string, FormatCheck>> = {
  // RFC 3339's offset has a colon; ajv-formats also takes ±hhmm and ±hh.
  'date-time': (value) => anyOffsetDateTime(value) && /(?:[zZ]|[+-]\d\d:\d\d)$/.test(value),
  uri,
  email: standard('email'),
  // The spec: a web address, a dotted host with or without a scheme (www.example.com), that is a URI.
  url: (value) => {
    const address = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    const host = /^[^:]+:\/\/(?:[^@/?#]*@)?([^/?#:]*)/.exec(address)?.[1] ?? '';
    return /[^.]\.[^.]/.test(host) && uri(address);
  },
  // The spec: anything@anything, no spaces.
  'email-relaxed': (value) => /^[^\s@]+@[^\s@]+$/.test(value),
  // The spec: a host name such as acme.com: dotted labels of letters, digits and inner hyphens
  // (RFC 1123), at most 63 characters each and 253 in all, the last one not all digits.
  'domain-name': (value) =>
    value.length <= 253 &&
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?=[a-z0-9-]*[a-z])[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(
      value,
    ),
  // The spec: 7 to 15 digits as people write them.
  'phone-number': (value) => {
    const digits = digitCount(value);
    return WRITTEN_PHONE.test(value) && digits >= 7 && digits <= 15;
  },
};
