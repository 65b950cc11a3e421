import { describe, expect, it } from 'vitest';
import {
  compileSources,
  isPresent,
  pathOf,
  pickFirst,
  readPath,
  setOwn,
  show,
  sources,
  view,
} from '../../../src/adapter/fields.js';

describe('pickFirst', () => {
  const from = sources('traits.email', 'context.traits.email', 'properties.email');

  it('returns the first source that holds a value, in the declared order', () => {
    const event = { traits: { email: 'a@x.io' }, context: { traits: { email: 'b@x.io' } } };
    expect(pickFirst(view(event), from)).toBe('a@x.io');
    expect(pickFirst(view({ context: { traits: { email: 'b@x.io' } } }), from)).toBe('b@x.io');
    expect(pickFirst(view({ properties: { email: 'c@x.io' } }), from)).toBe('c@x.io');
  });

  it("skips undefined, null, '' and NaN but keeps false and 0, as RudderStack does", () => {
    const flag = sources('traits.flag', 'context.traits.flag');
    for (const empty of [undefined, null, '', Number.NaN]) {
      expect(
        pickFirst(view({ traits: { flag: empty }, context: { traits: { flag: 'x' } } }), flag),
      ).toBe('x');
    }
    expect(
      pickFirst(view({ traits: { flag: false }, context: { traits: { flag: 'x' } } }), flag),
    ).toBe(false);
    expect(pickFirst(view({ traits: { flag: 0 }, context: { traits: { flag: 'x' } } }), flag)).toBe(
      0,
    );
  });

  it('returns undefined when no source holds a value', () => {
    expect(pickFirst(view({}), from)).toBeUndefined();
    expect(pickFirst(view(null), from)).toBeUndefined();
    expect(pickFirst(view('a string'), from)).toBeUndefined();
  });

  it('reads nested paths and array indexes', () => {
    const deep = sources('traits.company.name', 'context.externalId.0.id');
    expect(pickFirst(view({ traits: { company: { name: 'Acme' } } }), deep)).toBe('Acme');
    expect(pickFirst(view({ context: { externalId: [{ id: 'k1' }] } }), deep)).toBe('k1');
  });

  it('reads own properties only, so __proto__ and constructor never reach a prototype', () => {
    const proto = sources('traits.__proto__', 'traits.constructor', 'traits.toString');
    expect(pickFirst(view({ traits: {} }), proto)).toBeUndefined();
    const own = JSON.parse('{"traits":{"__proto__":"own value"}}');
    expect(pickFirst(view(own), proto)).toBe('own value');
    expect(readPath({ a: {} }, ['a', 'hasOwnProperty'])).toBeUndefined();
  });

  it('does not step into strings or other primitives', () => {
    expect(
      pickFirst(view({ traits: { company: 'Acme' } }), sources('traits.company.length')),
    ).toBeUndefined();
  });
});

describe('compileSources', () => {
  const table = compileSources({
    a: ['traits.a', 'context.traits.a'],
    b: ['traits.b', 'context.traits.b'],
    c: ['traits.c'],
    d: ['traits.d'],
    e: ['traits.e'],
    f: ['traits.f.g', 'context.locale'],
  });

  it('gives the same answers through a table view as through plain probing', () => {
    const event = {
      traits: { a: '', b: 2, c: false, f: { g: 'deep' }, constructor: 'x' },
      context: { locale: 'en', traits: { a: 'ctx', b: 3 } },
    };
    for (const field of ['a', 'b', 'c', 'd', 'e', 'f'] as const) {
      const probe = sources(...table.fields[field].map((s) => s.path));
      const from = table.fields[field];
      expect(pickFirst(view(event, table), from)).toEqual(pickFirst(view(event), probe));
      expect(pathOf(view(event, table), from)).toEqual(pathOf(view(event), probe));
    }
    expect(pickFirst(view(event, table), table.fields.a)).toBe('ctx');
    expect(pathOf(view(event, table), table.fields.a)).toBe('context.traits.a');
  });

  it('falls back to probing when given a view made for another table', () => {
    expect(pickFirst(view({ traits: { a: 1 } }), table.fields.a)).toBe(1);
  });
});

describe('isPresent', () => {
  it('follows RudderStack: false and 0 are values', () => {
    expect([false, 0, 'x', {}, []].every(isPresent)).toBe(true);
    expect([undefined, null, '', Number.NaN].some(isPresent)).toBe(false);
  });
});

describe('setOwn', () => {
  it('creates an own __proto__ property instead of changing the prototype', () => {
    const target: Record<string, unknown> = {};
    setOwn(target, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.hasOwn(target, '__proto__')).toBe(true);
    expect(JSON.stringify(target)).toBe('{"__proto__":{"polluted":true}}');
  });
});

describe('show', () => {
  it('quotes strings, cuts long ones and names other kinds', () => {
    expect(show('gender')).toBe('"gender"');
    expect(show('x'.repeat(100))).toBe(`"${'x'.repeat(40)}…"`);
    expect([show(null), show([]), show({}), show(true), show(undefined)]).toEqual([
      '(null)',
      '(an array)',
      '(an object)',
      'true',
      '(an undefined)',
    ]);
  });
});
