import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxBodyBytes } from '../../generated/limits.js';
import { mapEvent, mapGroup } from '../../src/adapter/index.js';
import { SEED } from './arbitraries.js';

/** Big bodies are slow to build and to shrink: fewer runs, no shrinking, the same fixed seed. */
const params = { seed: SEED, numRuns: 60, endOnFailure: true };
const wire = (body: unknown) => Buffer.byteLength(JSON.stringify(body), 'utf8');

/** Strings of 0 to 1,024 characters of 1, 2, 3 or 4 UTF-8 bytes (a surrogate pair counts 2). */
const char = fc.constantFrom('a', 'é', '€', '😀', '"', '\\', '\n');
const heavyText = fc.array(char, { maxLength: 1024, size: 'max' }).map((chars) =>
  chars
    .join('')
    .slice(0, 1024)
    .replace(/[\uD800-\uDBFF]$/, ''),
);
const values = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z]{1,12}$/), heavyText), {
  maxLength: 100,
  size: 'max',
  selector: ([key]) => key,
});

type Sized = { key: string; bytes: number }[];
const sizes = (part: Record<string, unknown>): Sized =>
  Object.entries(part).map(([key, value]) => ({ key, bytes: wire({ [key]: value }) }));

/** What fitting must hold: the body fits, nothing was invented, and no kept value is larger than a dropped one unless the body fit before. */
function checkFit(
  given: Record<string, unknown>,
  kept: Record<string, unknown> | undefined,
  body: unknown,
  warnings: readonly string[],
) {
  const left = kept ?? {};
  const dropped = sizes(given).filter(({ key }) => !Object.hasOwn(left, key));
  const warned = warnings.filter((w) => w.includes("over Kustomer's")).length;
  expect(wire(body)).toBeLessThanOrEqual(maxBodyBytes);
  for (const [key, value] of Object.entries(left)) expect(given[key]).toEqual(value);
  expect(warned).toBe(dropped.length);
  const smallestDropped = Math.min(...dropped.map((d) => d.bytes));
  for (const k of sizes(left)) expect(k.bytes).toBeLessThanOrEqual(smallestDropped);
}

describe('bodies stay within Kustomer’s body limit (docs/reliability.md §7)', () => {
  it('a track keeps its smaller meta values and drops the largest, each with a warning', () => {
    fc.assert(
      fc.property(values, (entries) => {
        const properties = Object.fromEntries(entries);
        const plan = mapEvent({ type: 'track', userId: 'u', event: 'Viewed', properties });
        if (plan.type !== 'track') throw new Error('not a track');
        checkFit(properties, plan.body.event.meta, plan.body, plan.warnings);
      }),
      params,
    );
  });

  it('an identify and a group keep their smaller custom values and drop the largest', () => {
    fc.assert(
      fc.property(values, (entries) => {
        const customObject = Object.fromEntries(entries.map(([k, v]) => [`${k}Str`, v]));
        const plan = mapEvent({ type: 'identify', userId: 'u', traits: { customObject } });
        if (plan.type !== 'identify') throw new Error('not an identify');
        checkFit(customObject, plan.body.custom, plan.body, plan.warnings);
        const group = mapGroup({
          type: 'group',
          userId: 'u',
          groupId: 'g',
          traits: { customObject },
        });
        checkFit(customObject, group.create.custom, group.create, group.warnings);
        expect(group.body.custom).toEqual(group.create.custom);
      }),
      params,
    );
  });
});
