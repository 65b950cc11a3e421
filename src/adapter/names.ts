/**
 * Kustomer event names (spec `TrackingEventName`): a name Kustomer accepts is kept as is; any other
 * is made valid (docs/deviations.md D4, D12): accented letters become their base letters, whitespace
 * runs become `-`, other characters are removed, leading non-letters dropped, the length cut.
 */
import { IdentityEventBody } from '../../generated/limits.js';

const NAME = IdentityEventBody.properties.event.properties.name;
const VALID = new RegExp(NAME.pattern);

/** Letters that Unicode does not decompose into a base letter and a mark, with their spelling. */
const SPELLED: Readonly<Record<string, string>> = Object.fromEntries(
  'ß:ss æ:ae Æ:AE œ:oe Œ:OE ø:o Ø:O đ:d Đ:D ð:d Ð:D ł:l Ł:L þ:th Þ:Th'
    .split(' ')
    .map((p) => p.split(':')),
);
const SPELLED_LETTERS = new RegExp(`[${Object.keys(SPELLED).join('')}]`, 'g');
const MARKS = /\p{M}/gu;
// The spec's pattern is `^[first][rest]+$`: its two character classes say what a name may hold.
const CLASSES = /^\^\[([^\]]+)\]\[([^\]]+)\]\+\$$/.exec(NAME.pattern);
if (CLASSES === null) throw new Error(`Unexpected event name pattern: ${NAME.pattern}`);
const [, FIRST, REST] = CLASSES;
const INVALID = new RegExp(`[^\\s${REST}]`, 'g');
const SPACES = /\s+/g;
const NON_ASCII = /[\u0080-\uffff]/;
const LEADING = new RegExp(`^[^${FIRST}]+`);

/** The name's characters in ASCII, whitespace runs as `-`, the rest of what Kustomer refuses gone. */
function clean(raw: string): string {
  // ASCII has no marks and nothing to spell out, and NFKD leaves it as it is.
  const ascii = NON_ASCII.test(raw) ? unaccented(raw) : raw;
  return ascii.replace(INVALID, '').trim().replace(SPACES, '-');
}

function unaccented(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(SPELLED_LETTERS, (c) => SPELLED[c] ?? '');
}

/** A valid Kustomer event name made from `raw`, or undefined when too little of it is left. */
export function eventName(raw: string): string | undefined {
  if (raw.length <= NAME.maxLength && VALID.test(raw)) return raw;
  const name = clean(raw).replace(LEADING, '').slice(0, NAME.maxLength);
  return name.length >= NAME.minLength ? name : undefined;
}

/** `<prefix>-<name>` with the name cleaned, or the prefix alone when nothing of the name is left. */
export function prefixedName(prefix: string, raw: string): string {
  const name = clean(raw);
  return name === '' ? prefix : `${prefix}-${name}`.slice(0, NAME.maxLength);
}
