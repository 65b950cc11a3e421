/**
 * A tracking event's `meta`, built from the message's properties without touching them. Kustomer
 * takes flat numbers and strings only, at most 100 keys, a `…Num` key must hold a number and an
 * `…At` key an ISO-8601 date-time (spec `TrackingEventMeta`; RudderStack's Kustomer documentation).
 * Without `advancedTransform` anything else is dropped and named in the warnings (D3); with it,
 * values are converted as RudderStack's `handleAdvancedtransformations` does (rudder-contract §6),
 * except that only a full date-time counts as a date (D3).
 */
import type { components } from '../../generated/kustomer.js';
import { isDateTime, isWhitespace } from '../schema/formats.js';
import { keyPath, setOwn, show, warn } from './fields.js';

export type Meta = components['schemas']['TrackingEventMeta'];

/** Kustomer's limits (spec `TrackingEventMeta`). */
const MAX_KEYS = 100;
const MAX_KEY_LENGTH = 255;
const MAX_STRING = 1024;

const WHITESPACE_RUNS = /\s+/g;

function stringProblem(key: string, value: string): string | undefined {
  if (key.endsWith('Num')) return 'is a string but the key ends in "Num": dropped';
  if (key.endsWith('At')) {
    return isDateTime(value)
      ? undefined
      : 'is not an ISO-8601 date-time but the key ends in "At": dropped';
  }
  return value.length > MAX_STRING ? 'is longer than 1024 characters: dropped' : undefined;
}

function numberProblem(key: string, value: number): string | undefined {
  if (!Number.isFinite(value)) return 'is not a finite number: dropped';
  return key.endsWith('At') ? 'is a number but the key ends in "At": dropped' : undefined;
}

/** RudderStack's key rule with `advancedTransform`: trimmed, whitespace runs to `-`. */
function advancedKey(key: string): string {
  for (let i = 0; i < key.length; i++) {
    if (isWhitespace(key.charCodeAt(i))) return key.trim().replace(WHITESPACE_RUNS, '-');
  }
  return key;
}

function jsonText(value: unknown): string | undefined {
  try {
    if (Array.isArray(value)) return value.map((item) => JSON.stringify(item)).join(',');
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/**
 * Converts one property under `advancedTransform`: numbers get a `Num` key suffix, date-time
 * strings an `At` suffix, booleans become "true"/"false", arrays and objects JSON.
 */
function advanced(key: string, value: unknown): [string, string | number] | string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'is not a finite number: dropped';
    return [key.endsWith('Num') ? key : `${key}Num`, value];
  }
  let text: string | undefined;
  if (typeof value === 'string') {
    if (isDateTime(value)) return [key.endsWith('At') ? key : `${key}At`, value];
    text = value;
  } else if (typeof value === 'boolean') {
    text = value ? 'true' : 'false';
  } else if (typeof value === 'object' && value !== null) {
    text = jsonText(value);
    if (text === undefined) return 'cannot be converted to JSON: dropped';
  } else {
    return 'is not a number, string, boolean, array or object: dropped';
  }
  const problem = stringProblem(key, text);
  return problem ?? [key, text];
}

/**
 * The meta for `properties`, leaving out the `exclude` keys: a new object, or undefined when no key
 * survives. Problems are appended to `warnings`.
 */
export function buildMeta(
  properties: Readonly<Record<string, unknown>>,
  exclude: ReadonlySet<string>,
  advancedTransform: boolean,
  warnings: string[],
): Meta | undefined {
  const meta: Meta = {};
  let count = 0;
  let overflow: string[] | undefined;
  for (const rawKey in properties) {
    if (!Object.hasOwn(properties, rawKey) || exclude.has(rawKey)) continue;
    const value = properties[rawKey];
    const key = advancedTransform ? advancedKey(rawKey) : rawKey;
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      warn(
        warnings,
        keyPath('properties', rawKey),
        value,
        'has a key Kustomer does not accept (1 to 255 characters): dropped',
      );
      continue;
    }
    let outKey = key;
    let outValue: string | number;
    if (advancedTransform) {
      const converted = advanced(key, value);
      if (typeof converted === 'string') {
        warn(warnings, keyPath('properties', rawKey), value, converted);
        continue;
      }
      [outKey, outValue] = converted;
      if (outKey.length > MAX_KEY_LENGTH) {
        warn(
          warnings,
          keyPath('properties', rawKey),
          value,
          'has a key longer than 255 characters once suffixed: dropped',
        );
        continue;
      }
      if (Object.hasOwn(meta, outKey)) {
        warn(
          warnings,
          keyPath('properties', rawKey),
          value,
          `becomes key ${show(outKey)}, which another property has: dropped`,
        );
        continue;
      }
    } else if (typeof value === 'number' || typeof value === 'string') {
      const problem =
        typeof value === 'number' ? numberProblem(key, value) : stringProblem(key, value);
      if (problem !== undefined) {
        warn(warnings, keyPath('properties', rawKey), value, problem);
        continue;
      }
      outValue = value;
    } else {
      warn(warnings, keyPath('properties', rawKey), value, 'is not a number or string: dropped');
      continue;
    }
    if (count >= MAX_KEYS) {
      overflow ??= [];
      overflow.push(outKey);
      continue;
    }
    setOwn(meta, outKey, outValue);
    count++;
  }
  if (overflow !== undefined) {
    const listed = overflow
      .slice(0, 5)
      .map((k) => show(k))
      .join(', ');
    warnings.push(
      `properties: ${overflow.length} keys beyond Kustomer's limit of ${MAX_KEYS} dropped (${listed}${overflow.length > 5 ? ', …' : ''})`,
    );
  }
  return count > 0 ? meta : undefined;
}
