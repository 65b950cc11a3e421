/**
 * Lengths in code points, as JSON Schema counts them: the shortcut that decides most strings by
 * their UTF-16 length gives the same answer as counting, near every bound and with surrogate pairs
 * and lone surrogates alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustomerBody } from '../../generated/limits.js';
import { mapIdentify } from '../../src/adapter/index.js';
import { hasLength } from '../../src/adapter/rules.js';
import { RUNS, SEED } from './arbitraries.js';

const params = { seed: SEED, numRuns: RUNS };
const codePoints = (text: string) => [...text].length;

/** Strings of one-unit characters, surrogate pairs and lone surrogates, up to `max` pieces. */
const mixed = (max: number) =>
  fc
    .array(fc.constantFrom('a', 'é', '😀', '\uD83D', '\uDE00'), { maxLength: max })
    .map((pieces) => pieces.join(''));

describe('lengths in code points', () => {
  it('hasLength agrees with counting code points for any bounds', () => {
    const bounds = fc.tuple(fc.nat(12), fc.nat(12)).map(([a, b]) => [a, a + b] as const);
    fc.assert(
      fc.property(mixed(12), bounds, (text, [min, max]) => {
        const count = codePoints(text);
        expect(hasLength(text, min, max)).toBe(count >= min && count <= max);
      }),
      params,
    );
  });

  it("keeps a customer name of up to the spec's maximum code points, however many UTF-16 units", () => {
    const max = CustomerBody.properties.name.maxLength;
    // Around the bound: between max - 4 and max + 4 code points, some of them surrogate pairs.
    const name = fc
      .tuple(fc.integer({ min: max - 4, max: max + 4 }), fc.nat(max + 4))
      .map(
        ([points, pairs]) =>
          '😀'.repeat(Math.min(points, pairs)) + 'a'.repeat(Math.max(points - pairs, 0)),
      );
    fc.assert(
      fc.property(name, (text) => {
        const plan = mapIdentify({ type: 'identify', userId: 'u-1', traits: { name: text } });
        expect(plan.body.name).toBe(codePoints(text) <= max ? text : undefined);
      }),
      params,
    );
  });
});
