/**
 * A tracking event's `meta`, built from the message's properties without touching them. Kustomer
 * takes flat numbers and strings only, and its key suffixes type the value (spec
 * `TrackingEventMeta`, read through generated/limits.ts). Without `advancedTransform` anything else is
 * dropped with a warning (docs/deviations.md D3); with it, values are converted as RudderStack's
 * `handleAdvancedtransformations` does (docs/rudder-contract.md §6). Key suffixes hold in every mode
 * (docs/deviations.md D13), and `…At` values are normalised as D12 says.
 */
import { IdentityEventBody } from '../../generated/limits.js';
import { isDateTime } from './formats.js';
import { isRecord, setOwn } from './read.js';
import { dateTime, hasLength, type Rule } from './rules.js';
import { childPath, show, type Warnings } from './warnings.js';

export type Meta = Record<string, string | number>;

const META = IdentityEventBody.properties.event.properties.meta;
const KEY = META.propertyNames;
const OTHER = META.additionalProperties;

const finiteNumber: Rule<number> = (value, path, w) =>
  typeof value === 'number' && Number.isFinite(value)
    ? value
    : w.drop(path, value, 'is not a number but its key ends in Num');

/** The suffixed keys (`Num$`, `At$`) with their suffix and the rule their values follow. */
const SUFFIXED = Object.entries(META.patternProperties).map(([pattern, limits]) => ({
  key: new RegExp(pattern),
  suffix: pattern.replace('$', ''),
  rule: 'format' in limits ? dateTime : finiteNumber,
}));

const suffixOf = (date: boolean) => SUFFIXED.find((s) => (s.rule === dateTime) === date)?.suffix;
const NUM = suffixOf(false) ?? '';
const AT = suffixOf(true) ?? '';

const withSuffix = (key: string, suffix: string) =>
  key.endsWith(suffix) ? key : `${key}${suffix}`;

/** A value under a key without a typed suffix: a finite number, or a string within the limit. */
const plain: Rule<string | number> = (value, path, w) => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && hasLength(value, 0, OTHER.maxLength)) return value;
  const why =
    typeof value === 'string'
      ? `is longer than ${OTHER.maxLength} characters`
      : 'is not a number or string';
  return w.drop(path, value, why);
};

const SPACES = /\s+/g;

function json(value: unknown): string | undefined {
  try {
    return Array.isArray(value)
      ? value.map((item) => JSON.stringify(item)).join(',')
      : JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** RudderStack's advancedTransform: key tidied and suffixed by type, values made strings. */
function advanced(key: string, value: unknown): [string, unknown] {
  const tidy = key.trim().replace(SPACES, '-');
  if (typeof value === 'number') return [withSuffix(tidy, NUM), value];
  if (typeof value === 'string' && isDateTime(value)) return [withSuffix(tidy, AT), value];
  if (typeof value === 'boolean') return [tidy, String(value)];
  return [tidy, isRecord(value) || Array.isArray(value) ? json(value) : value];
}

/**
 * The meta for `properties`, leaving out the `exclude` keys: a new object, or undefined when no key
 * survives (an empty meta is left out, docs/deviations.md D13).
 */
export function buildMeta(
  properties: Readonly<Record<string, unknown>>,
  exclude: ReadonlySet<string>,
  advancedTransform: boolean,
  w: Warnings,
): Meta | undefined {
  const meta: Meta = {};
  let count = 0;
  const overflow: string[] = [];
  for (const rawKey of Object.keys(properties)) {
    if (exclude.has(rawKey)) continue;
    const path = childPath('properties', rawKey);
    const raw = properties[rawKey];
    const [key, value] = advancedTransform ? advanced(rawKey, raw) : [rawKey, raw];
    if (!hasLength(key, KEY.minLength, KEY.maxLength)) {
      w.drop(
        path,
        raw,
        `has a key Kustomer does not take (${KEY.minLength} to ${KEY.maxLength} characters)`,
      );
      continue;
    }
    if (Object.hasOwn(meta, key)) {
      w.drop(path, raw, `becomes key ${show(key)}, which another property has`);
      continue;
    }
    const rule = SUFFIXED.find((s) => s.key.test(key))?.rule ?? plain;
    const made = rule(value, path, w);
    if (made === undefined) continue;
    if (count === META.maxProperties) overflow.push(key);
    else {
      setOwn(meta, key, made);
      count++;
    }
  }
  if (overflow.length > 0) {
    const listed = overflow.slice(0, 5).map(show).join(', ');
    const more = overflow.length > 5 ? ', …' : '';
    w.note(
      `properties: ${overflow.length} keys beyond Kustomer's limit of ${META.maxProperties} dropped (${listed}${more})`,
    );
  }
  return count > 0 ? meta : undefined;
}
