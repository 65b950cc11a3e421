/**
 * Kustomer custom attributes (https://developer.kustomer.com/docs/concepts/custom-attributes): the
 * key's suffix sets the value's type. Keys and value rules come from the spec's `CustomAttributes`
 * patterns (generated/limits.ts). Two sources: the `customObject` trait (docs/deviations.md D16) and
 * the `customAttributes` option (docs/mapping.md#custom-attributes).
 */
import { customSuffixes, CustomerBody as Spec } from '../../generated/limits.js';
import type { CustomerBody } from '../payloads.js';
import { isRecord, type Message, pick, type Source, setOwn, traits } from './read.js';
import { bool, dateTime, numeric, type Rule, type Text, text, uri } from './rules.js';
import { childPath, type Warnings } from './warnings.js';

type Custom = NonNullable<CustomerBody['custom']>;
type CustomValue = Custom[string];
type Limits = (typeof customSuffixes)[keyof typeof customSuffixes];

const C = Spec.properties.custom;
const SUFFIXES = Object.keys(customSuffixes).join(', ');
/** What a custom attribute name is, for messages. */
export const CUSTOM_NAME = `a name ending in ${SUFFIXES} (at most ${C.propertyNames.maxLength} characters)`;

/** A value rule for a suffix's constraints: date-times by docs/deviations.md D12, numbers from numeric strings (D11). */
function valueRule(limits: Limits): Rule<string | number | boolean> {
  if ('format' in limits) return limits.format === 'date-time' ? dateTime : uri(limits);
  const [type] = limits.types;
  if (type === 'number') return numeric(limits);
  return type === 'boolean' ? bool : text(limits);
}

const KINDS = Object.entries(C.patternProperties).map(([pattern, limits]) => ({
  key: new RegExp(pattern),
  rule: valueRule(limits),
}));

/** The rule for a custom attribute name, or undefined when Kustomer would not take the name. */
export function customRule(name: string): Rule<string | number | boolean> | undefined {
  if (name.length > C.propertyNames.maxLength) return undefined;
  return KINDS.find((kind) => kind.key.test(name))?.rule;
}

/** Adds or replaces one attribute, within Kustomer's count. */
function add(out: Custom, name: string, value: CustomValue, at: string, w: Warnings): void {
  if (!Object.hasOwn(out, name) && Object.keys(out).length >= C.maxProperties) {
    w.drop(at, value, `is beyond Kustomer's ${C.maxProperties} custom attributes`);
  } else {
    setOwn(out, name, value);
  }
}

/** The `customObject` trait: suffix-typed keys whose value fits (null clears a value in Kustomer). */
export const customObject: Rule<Custom, Record<string, Text | boolean | null>> = (
  value,
  path,
  w,
) => {
  if (!isRecord(value)) return w.drop(path, value, 'is not an object');
  const out: Custom = {};
  for (const key of Object.keys(value)) {
    const at = childPath(path, key);
    const raw = value[key];
    const rule = customRule(key);
    if (rule === undefined) {
      w.drop(at, raw, `has no custom attribute suffix (${SUFFIXES})`);
      continue;
    }
    const made = raw === null ? null : rule(raw, at, w);
    if (made !== undefined) add(out, key, made, at, w);
  }
  return Object.keys(out).length > 0 ? out : undefined;
};

/**
 * The `customAttributes` option: each mapped trait, read from `traits` then `context.traits` (or
 * from `from`: a group reads its own traits only),
 * converted by its attribute's suffix and added to `custom` (over a `customObject` key of the same
 * name). Returns the custom attributes to send, or undefined when there are none.
 */
export function mappedAttributes(
  m: Message,
  mapping: Readonly<Record<string, string>>,
  custom: Custom | undefined,
  w: Warnings,
  from: (trait: string) => Source[] = traits,
): Custom | undefined {
  const out: Custom = { ...custom };
  for (const [trait, name] of Object.entries(mapping)) {
    const found = pick(m, from(trait));
    if (found === undefined) continue;
    const rule = customRule(name);
    if (rule === undefined) {
      w.drop(found.path, found.value, `maps to ${name}, which has no custom attribute suffix`);
      continue;
    }
    const made = rule(found.value, found.path, w);
    if (made !== undefined) add(out, name, made, found.path, w);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
