/**
 * Hostile inputs for the suite: arbitrary JSON and event-shaped values with wrong types, plus fixed
 * extremes fast-check would rarely build (10,000 levels of nesting, 10,000 keys, multi-megabyte
 * strings, `__proto__` keys from JSON.parse, lone surrogates outside the identifiers).
 */
import fc from 'fast-check';
import { validEvent, value } from '../../property/arbitraries.js';

/** Fixed so a failure reproduces; fast-check prints it with the counterexample. */
export const SEED = 11_2026;

function nested(levels: number): unknown {
  let inner: unknown = { leaf: true };
  for (let level = 0; level < levels; level++) inner = { a: inner };
  return inner;
}

/** The same nesting as JSON text, built without recursion. */
export function nestedJson(levels: number): string {
  return `${'{"a":'.repeat(levels)}{}${'}'.repeat(levels)}`;
}

const manyKeys = (count: number): Record<string, number> =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`key${index}`, index]));

const huge = 'x'.repeat(3_000_000);

/** Inputs at the extremes; each is run through every entry point. */
export function extremes(): unknown[] {
  return [
    undefined,
    null,
    42,
    'identify',
    [],
    { type: 42 },
    { type: 'identify', userId: {} },
    { type: 'track', userId: 'u', event: ['Clicked'] },
    { type: 'identify', userId: 'deep', traits: nested(10_000) },
    { type: 'track', userId: 'deep', event: 'Clicked', properties: nested(10_000) },
    nested(10_000),
    { type: 'identify', userId: 'many', traits: manyKeys(10_000) },
    { type: 'track', userId: 'many', event: 'Clicked', properties: manyKeys(10_000) },
    manyKeys(10_000),
    { type: 'identify', userId: huge },
    { type: 'track', userId: 'huge', event: huge },
    { type: 'identify', userId: 'huge', traits: { name: huge, email: 'huge@example.com' } },
    { type: 'page', userId: 'huge', name: 'Home', properties: { blob: huge } },
    JSON.parse(
      '{"type":"identify","userId":"proto","traits":{"__proto__":{"isAdmin":true},"email":"proto@example.com"}}',
    ),
    JSON.parse('{"__proto__":{"type":"identify","userId":"inherited"}}'),
    JSON.parse(
      '{"type":"track","userId":"proto","event":"__proto__","properties":{"__proto__":1}}',
    ),
    { type: 'track', userId: 'lone', event: 'Clicked', properties: { note: 'a\uD800b' } },
    { type: 'identify', userId: 'lone', traits: { name: '\uDFFF', company: '\uD83D' } },
  ];
}

/** Arbitrary JSON values, and events with every field good, bad or missing. */
export const hostileInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: validEvent },
  { weight: 1, arbitrary: value },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        type: fc.oneof(fc.constantFrom('identify', 'track', 'page', 'screen'), value),
        userId: fc.oneof(fc.string(), value),
        anonymousId: value,
        event: fc.oneof(fc.string(), value),
        traits: value,
        properties: value,
        context: value,
      },
      { requiredKeys: ['type'] },
    ),
  },
);
