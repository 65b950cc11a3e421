/**
 * An address object becomes one line (docs/deviations.md D7): each part present with its whitespace
 * runs made one space and trimmed, the empty ones left out, joined by one space, whatever
 * whitespace the parts hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapIdentify } from '../../src/adapter/index.js';
import { RUNS, SEED } from './arbitraries.js';

const params = { seed: SEED, numRuns: RUNS };
const PARTS = ['street', 'city', 'state', 'postalCode', 'country'] as const;

/** Each part tidied on its own, as docs/deviations.md D7 states the rule. */
function expectedLine(address: Partial<Record<(typeof PARTS)[number], string | number>>): string {
  return PARTS.map((key) => address[key])
    .filter((part) => part !== undefined)
    .map((part) => String(part).replace(/\s+/g, ' ').trim())
    .filter((part) => part !== '')
    .join(' ');
}

const piece = fc.constantFrom('Main', 'St', '1', ' ', '  ', '\t', '\n', '\u00a0', '\u2028', 'é');
const part = fc.oneof(
  fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join('')),
  fc.integer({ min: 0, max: 99_999 }),
);
const address = fc.record(Object.fromEntries(PARTS.map((key) => [key, part])), {
  requiredKeys: [],
});

describe('address lines', () => {
  it('tidies every part of an address object into one line, whatever its whitespace', () => {
    fc.assert(
      fc.property(address, (parts) => {
        const plan = mapIdentify({ type: 'identify', userId: 'u-1', traits: { address: parts } });
        const line = expectedLine(parts);
        expect(plan.body.locations).toEqual(
          line === '' ? undefined : [{ type: 'home', address: line }],
        );
      }),
      params,
    );
  });
});
