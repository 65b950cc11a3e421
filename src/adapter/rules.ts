/**
 * Value rules: each turns a picked value into what the spec accepts, or drops it with a warning
 * (docs/deviations.md D11, D12). Limits come from the spec through generated/limits.ts. Every
 * result is a fresh value: nothing returned shares structure with the input.
 */
import { isCalendarDate, isDateTime, isUri, isUrl } from './formats.js';
import { isPresent, isRecord, type Message, own, pick, type Source } from './read.js';
import type { Warnings } from './warnings.js';

declare const takes: unique symbol;
/**
 * Makes a value valid, or returns undefined after warning why it was dropped. `In` is the input the
 * rule is written for, which the event types offer (trait-types.ts); at run time any value is
 * checked.
 */
export type Rule<T, In = unknown> = ((
  value: unknown,
  path: string,
  w: Warnings,
) => T | undefined) & {
  readonly [takes]?: In;
};

/** The input a rule is written for. */
export type InputOf<R> = R extends { readonly [takes]?: infer In } ? In : never;

/** A string, or a number sent as its decimal string (docs/deviations.md D11). */
export type Text = string | number;

/**
 * What the rules take for a value sent as `T`: text also as a number, a number also as numeric
 * text, a boolean also as `'true'`/`'false'`, an object key by key (docs/deviations.md D11).
 */
export type Loose<T> = T extends string
  ? Text
  : T extends number
    ? number | string
    : T extends boolean
      ? boolean | 'true' | 'false'
      : T extends object
        ? { [K in keyof T]: Loose<T[K]> }
        : T;

/** One field of a body `B`: where its value comes from, in order, and how it is made valid. */
export type FieldEntry<B> = {
  [K in keyof B]-?: { to: K; from: readonly Source[]; rule: Rule<NonNullable<B[K]>> };
}[keyof B];

/** The item type of a list field of `B`. */
export type ItemOf<B, K extends keyof B> =
  NonNullable<B[K]> extends readonly (infer I)[] ? I : never;

/** Sets `body[to]` to the first present value among `from` made valid by `rule`, if any: that value. */
export function setField<B, K extends keyof B>(
  body: B,
  to: K,
  from: readonly Source[],
  rule: Rule<NonNullable<B[K]>>,
  m: Message,
  w: Warnings,
): NonNullable<B[K]> | undefined {
  const value = take(m, from, rule, w);
  if (value !== undefined) body[to] = value;
  return value;
}

/** The first present value among `from`, made valid by `rule`; undefined when none or dropped. */
export function take<T>(
  m: Message,
  from: readonly Source[],
  rule: Rule<T>,
  w: Warnings,
): T | undefined {
  const found = pick(m, from);
  return found && rule(found.value, found.path, w);
}

/** The parts of a spec constraint the rules read (generated/limits.ts). */
interface Limits {
  readonly types?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** A string, or a finite number as its decimal string (docs/deviations.md D11). */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** A string's length as JSON Schema counts it: in code points. */
export function lengthOf(text: string): number {
  return SURROGATE.test(text) ? [...text].length : text.length;
}

/**
 * Whether `text` has from `min` to `max` code points. A string has at least half as many code points
 * as UTF-16 units and at most as many, so most are decided without counting them.
 */
export function hasLength(text: string, min = 0, max = Infinity): boolean {
  if (text.length <= max && text.length >= 2 * min) return true;
  const length = lengthOf(text);
  return length >= min && length <= max;
}

function within(text: string, limits: Limits): boolean {
  return hasLength(text, limits.minLength, limits.maxLength);
}

/** Text within the spec's length limits; a number becomes its decimal string (docs/deviations.md D11). */
export function text(
  limits: Limits,
  check?: (s: string) => boolean,
  kind = 'a string',
): Rule<string, Text> {
  const max = limits.maxLength === undefined ? '' : ` of at most ${limits.maxLength} characters`;
  return (value, path, w) => {
    const t = asText(value);
    if (t !== undefined && within(t, limits) && (check === undefined || check(t))) return t;
    return w.drop(path, value, `is not ${kind}${max}`);
  };
}

// Written for strings: a number is never a URI (the casts narrow only the input type).
export const uri = (limits: Limits) =>
  text(limits, isUri, 'an absolute URI') as Rule<string, string>;
export const webAddress = (limits: Limits) =>
  text(limits, isUrl, 'a web address') as Rule<string, string>;

/** Epoch numbers from 1e11 up are milliseconds, smaller ones seconds (docs/deviations.md D12). */
const EPOCH_MS_FROM = 1e11;

function epochDateTime(value: number): string | undefined {
  const date = new Date(Math.abs(value) >= EPOCH_MS_FROM ? value : value * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  return isDateTime(iso) ? iso : undefined;
}

/** docs/deviations.md D12: an RFC 3339 date-time as is, `YYYY-MM-DD` as that day at midnight UTC, a number as epoch. */
export const dateTime: Rule<string, string | number> = (value, path, w) => {
  if (typeof value === 'string') {
    if (isDateTime(value)) return value;
    if (isCalendarDate(value)) return `${value}T00:00:00.000Z`;
  } else if (typeof value === 'number') {
    const iso = epochDateTime(value);
    if (iso !== undefined) return iso;
  }
  return w.drop(path, value, 'is not a date-time, a YYYY-MM-DD date or an epoch time');
};

export const bool: Rule<boolean, Loose<boolean>> = (value, path, w) => {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return w.drop(path, value, 'is not a boolean');
};

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

/** A number within the spec's range; a numeric string becomes the number (docs/deviations.md D11, `rev: "3"`). */
export function numeric(limits: Limits, integer = false): Rule<number, number | string> {
  return (value, path, w) => {
    const n = typeof value === 'string' && NUMERIC.test(value) ? Number(value) : value;
    if (
      typeof n === 'number' &&
      Number.isFinite(n) &&
      (!integer || Number.isInteger(n)) &&
      n >= (limits.minimum ?? -Infinity) &&
      n <= (limits.maximum ?? Infinity)
    ) {
      return n;
    }
    return w.drop(path, value, `is not ${integer ? 'an integer' : 'a number'} in Kustomer's range`);
  };
}

/**
 * One of the spec's enum values: matched in any letter case, then by meaning (`cell` → `mobile`);
 * anything else becomes `fallback` with a warning, or is dropped when there is none (docs/deviations.md D12).
 */
export function oneOf<T extends string | number>(
  values: readonly T[],
  meaning: Readonly<Record<string, T>> = {},
  fallback?: T,
): Rule<T, Text> {
  const known = new Map<unknown, T>(
    values.map((v) => [typeof v === 'string' ? v.toLowerCase() : v, v]),
  );
  for (const [word, v] of Object.entries(meaning)) known.set(word, v);
  return (value, path, w) => {
    const found = known.get(typeof value === 'string' ? value.toLowerCase() : value);
    if (found !== undefined) return found;
    if (fallback === undefined) return w.drop(path, value, `is not ${values.join(', ')}`);
    w.change(path, value, `is not ${values.join(', ')}: sent as ${fallback}`);
    return fallback;
  };
}

/** Whether two list items are equal: items are primitives or flat objects of primitives. */
function sameItem(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * Up to `max` unique items, each made valid by `item` or dropped with its own warning. A value that
 * is not an array is one item made by `single`, when there is one (a single email, phone or tag).
 */
export function list<T, In, Single = never>(
  item: Rule<T, In>,
  max: number,
  single?: Rule<T, Single>,
  // NoInfer: the inputs come from the item rules, never from where the list rule is used.
): Rule<T[], NoInfer<In[] | Single>> {
  return (value, path, w) => {
    if (!Array.isArray(value)) {
      if (single === undefined) return w.drop(path, value, 'is not an array');
      const made = single(value, path, w);
      return made === undefined ? undefined : [made];
    }
    const out: T[] = [];
    for (let index = 0; index < value.length; index++) {
      const made = item(value[index], `${path}[${index}]`, w);
      if (made === undefined || out.some((kept) => sameItem(kept, made))) continue;
      if (out.length === max) {
        w.drop(path, value, `has more than ${max} valid items: the rest`);
        break;
      }
      out.push(made);
    }
    return out.length > 0 ? out : undefined;
  };
}

type Shape<T> = { readonly [K in keyof T]-?: Rule<NonNullable<T[K]>> };

/**
 * An object item built from `shape`, key by key: a missing or invalid required key drops the item,
 * an invalid optional one is dropped alone. A bare value becomes `{ [bare]: value }`.
 */
export function record<T extends object, Bare extends keyof T & string = never>(
  shape: Shape<T>,
  required: readonly string[],
  bare?: Bare,
): Rule<T, Loose<T> | Loose<T[Bare]>> {
  const fields = (Object.keys(shape) as (keyof T & string)[]).map((key) => ({
    key,
    rule: shape[key],
    required: required.includes(key),
  }));
  return (value, path, w) => {
    const isItem = isRecord(value);
    if (!isItem && bare === undefined) return w.drop(path, value, 'is not an object');
    const out: Partial<T> = {};
    for (const { key, rule, required } of fields) {
      const raw = isItem ? own(value, key) : key === bare ? value : undefined;
      if (!isPresent(raw)) {
        if (required) return w.drop(path, value, `has no ${key}`);
        continue;
      }
      // An invalid key has its own warning; a required one takes its item with it.
      const made = rule(raw, isItem ? `${path}.${key}` : path, w);
      if (made !== undefined) out[key] = made;
      else if (required) return undefined;
    }
    // Every required key was set just above; the others are optional in T.
    return out as T;
  };
}
