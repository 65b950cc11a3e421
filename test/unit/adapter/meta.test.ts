import { describe, expect, it } from 'vitest';
import { buildMeta } from '../../../src/adapter/meta.js';
import { Warnings } from '../../../src/adapter/warnings.js';

const none = new Set<string>();

function meta(properties: Record<string, unknown>, advanced = false) {
  const w = new Warnings();
  return { meta: buildMeta(properties, none, advanced, w), warnings: w.list };
}

describe('buildMeta without advancedTransform', () => {
  it('keeps finite numbers and strings as they are', () => {
    expect(meta({ total: 20, region: 'eu', seenAt: '2021-01-25T15:32:56.409Z' })).toEqual({
      meta: { total: 20, region: 'eu', seenAt: '2021-01-25T15:32:56.409Z' },
      warnings: [],
    });
  });

  it('drops booleans, objects, arrays and nulls with a warning each (D3)', () => {
    const { meta: kept, warnings } = meta({
      ok: 1,
      flag: false,
      obj: { a: 1 },
      list: [1],
      none: null,
    });
    expect(kept).toEqual({ ok: 1 });
    expect(warnings).toEqual([
      'properties.flag false is not a number or string: dropped',
      'properties.obj (an object) is not a number or string: dropped',
      'properties.list (an array) is not a number or string: dropped',
      'properties.none (null) is not a number or string: dropped',
    ]);
  });

  it('drops values that break the key suffix rules', () => {
    const { meta: kept, warnings } = meta({
      countNum: '3',
      createdAt: 'yesterday',
      big: Infinity,
    });
    expect(kept).toBeUndefined();
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toBe(
      'properties.countNum "3" is not a number but its key ends in Num: dropped',
    );
  });

  it('drops strings longer than 1024 characters and empty keys', () => {
    const { meta: kept, warnings } = meta({
      long: 'x'.repeat(1025),
      '': 'empty key',
      fine: 'x'.repeat(1024),
    });
    expect(Object.keys(kept ?? {})).toEqual(['fine']);
    expect(warnings).toHaveLength(2);
  });

  it('keeps at most 100 keys and names the rest in one warning', () => {
    const properties = Object.fromEntries(Array.from({ length: 105 }, (_, i) => [`k${i}`, i]));
    const { meta: kept, warnings } = meta(properties);
    expect(Object.keys(kept ?? {})).toHaveLength(100);
    expect(warnings).toEqual([
      'properties: 5 keys beyond Kustomer\'s limit of 100 dropped ("k100", "k101", "k102", "k103", "k104")',
    ]);
  });

  it('leaves out the excluded keys', () => {
    expect(buildMeta({ a: 1, email: 'x@y.z' }, new Set(['email']), false, new Warnings())).toEqual({
      a: 1,
    });
  });

  it('never changes the properties it reads', () => {
    const properties = Object.freeze({ flag: true, n: 1 });
    expect(meta(properties).meta).toEqual({ n: 1 });
  });

  it('keeps an own __proto__ key as data without touching any prototype', () => {
    const { meta: kept } = meta(JSON.parse('{"__proto__":"p","constructor":"c"}'));
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(JSON.stringify(kept)).toBe('{"__proto__":"p","constructor":"c"}');
  });
});

describe('buildMeta with advancedTransform', () => {
  it('adds Num to number keys and At to date-time keys, unless already there', () => {
    expect(
      meta(
        { total: 5, countNum: 2, paid: '2024-01-01T00:00:00Z', seenAt: '2024-01-01T00:00:00Z' },
        true,
      ).meta,
    ).toEqual({
      totalNum: 5,
      countNum: 2,
      paidAt: '2024-01-01T00:00:00Z',
      seenAt: '2024-01-01T00:00:00Z',
    });
  });

  it('treats only a full ISO-8601 date-time as a date, not any four digits (D3)', () => {
    expect(meta({ year: '1801', month: '2020-01' }, true).meta).toEqual({
      year: '1801',
      month: '2020-01',
    });
  });

  it('turns booleans into "true"/"false", arrays into joined JSON and objects into JSON', () => {
    expect(
      meta({ rush: true, off: false, items: ['a', 1, { b: 2 }], cart: { id: 7 } }, true).meta,
    ).toEqual({
      rush: 'true',
      off: 'false',
      items: '"a",1,{"b":2}',
      cart: '{"id":7}',
    });
  });

  it('trims keys and turns whitespace runs into -', () => {
    expect(meta({ '  order  total ': 'x', 'a\tb': 1 }, true).meta).toEqual({
      'order-total': 'x',
      'a-bNum': 1,
    });
  });

  it('drops nulls, values under a key whose suffix they break, and renamed keys that collide', () => {
    const { meta: kept, warnings } = meta(
      { gone: null, flagAt: true, total: 1, totalNum: 2 },
      true,
    );
    expect(kept).toEqual({ totalNum: 1 });
    expect(warnings).toHaveLength(3);
    expect(warnings[2]).toContain('becomes key "totalNum", which another property has: dropped');
  });

  it('drops values that cannot become JSON', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const { meta: kept, warnings } = meta({ circular, big: 10n }, true);
    expect(kept).toBeUndefined();
    expect(warnings).toHaveLength(2);
  });
});
