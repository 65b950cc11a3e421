import { fc } from '@fast-check/vitest';
import { defaultPathSerializer } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { operations } from '../../../generated/operations.js';
import { pathSerializer } from '../../../src/client/urls.js';

const SEED = 20261203;
const BASE = 'https://acme.api.kustomerapp.com';
const templates = Object.values(operations).map(({ path }) => `${BASE}${path}`);

/** The values for every `{name}` of a template. */
function valuesFor(template: string, value: unknown): Record<string, unknown> {
  const names = [...template.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1] as string);
  return Object.fromEntries(names.map((name) => [name, value]));
}

describe("the client's path serializer", () => {
  it("builds what openapi-fetch's default one builds, for every template of the spec", () => {
    fc.assert(
      fc.property(fc.constantFrom(...templates), fc.string({ unit: 'grapheme' }), (t, value) => {
        expect(pathSerializer(t, valuesFor(t, value))).toBe(
          defaultPathSerializer(t, valuesFor(t, value)),
        );
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('hands other styles and values to the default one', () => {
    for (const [template, values] of [
      ['/a/{.label}/{;matrix}/{list*}', { label: 'x', matrix: 'y', list: ['p', 'q'] }],
      ['/a/{id}/b', { id: 7 }],
      ['/a/{id}/b', {}],
      ['/a/{id}/b/{id}', { id: 'x y' }],
    ] as const) {
      expect(pathSerializer(template, values)).toBe(defaultPathSerializer(template, values));
    }
  });
});
