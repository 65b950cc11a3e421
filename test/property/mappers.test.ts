import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDateTime } from '../../src/adapter/formats.js';
import { mapEvent, validateEvent } from '../../src/adapter/index.js';
import type { MappedEvent } from '../../src/adapter/types.js';
import { InvalidEventError } from '../../src/errors.js';
import { loadKustomerSpec } from '../../src/simulator/openapi.js';
import { invalidEvent, options, RUNS, SEED, validEvent } from './arbitraries.js';

const spec = loadKustomerSpec();
const params = { seed: SEED, numRuns: RUNS };

const NAME = /^[A-Za-z][A-Za-z0-9._-]+$/;

function expectedKey(event: Record<string, unknown>): string {
  const id = (v: unknown) =>
    typeof v === 'string' && v !== ''
      ? v
      : typeof v === 'number' && Number.isFinite(v)
        ? String(v)
        : undefined;
  const key = id(event.userId) ?? id(event.anonymousId);
  if (key === undefined) throw new Error('generator produced an event without ids');
  return key;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const k of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[k]);
  }
  return value;
}

/** Every object in a plan is a plain object or array with nothing inherited but the standard. */
function plainEverywhere(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return false;
  return Object.keys(value).every((k) => plainEverywhere((value as Record<string, unknown>)[k]));
}

function mapValid(event: Record<string, unknown>, opts = {}): MappedEvent | undefined {
  try {
    validateEvent(event);
  } catch {
    return undefined;
  }
  return mapEvent(event, opts);
}

describe('mapper invariants (docs/architecture.md#invariants)', () => {
  it('1. externalId comes from userId, else anonymousId, and nowhere else', () => {
    fc.assert(
      fc.property(validEvent, options, (event, opts) => {
        const plan = mapValid(event, opts);
        if (plan === undefined) return;
        expect(plan.type).not.toBe('group');
        if (plan.type === 'group') return;
        const externalId =
          plan.type === 'identify' ? plan.body.externalId : plan.body.identity.externalId;
        expect(externalId).toBe(expectedKey(event));
        expect(plan.userKey).toBe(expectedKey(event));
      }),
      params,
    );
  });

  it('2. only number or string meta values survive, at most 100 keys', () => {
    fc.assert(
      fc.property(validEvent, options, (event, opts) => {
        const plan = mapValid(event, opts);
        if (plan === undefined || plan.type === 'identify' || plan.type === 'group') return;
        const meta = plan.body.event.meta ?? {};
        expect(Object.keys(meta).length).toBeLessThanOrEqual(100);
        for (const v of Object.values(meta)) {
          expect(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))).toBe(true);
        }
      }),
      params,
    );
  });

  it("3. every event name matches Kustomer's rule and is at most 255 characters", () => {
    fc.assert(
      fc.property(validEvent, options, (event, opts) => {
        const plan = mapValid(event, opts);
        if (plan === undefined || plan.type === 'identify' || plan.type === 'group') return;
        expect(plan.body.event.name).toMatch(NAME);
        expect(plan.body.event.name.length).toBeLessThanOrEqual(255);
      }),
      params,
    );
  });

  it('4. every payload validates against the spec, with and without each option', () => {
    fc.assert(
      fc.property(validEvent, options, (event, opts) => {
        const plan = mapValid(event, opts);
        if (plan === undefined) return;
        const issues = spec.validate(
          plan.type === 'identify' ? 'CustomerBody' : 'IdentityEventBody',
          plan.body,
        );
        expect(issues).toEqual([]);
      }),
      params,
    );
  });

  it('5. mappers never mutate their input and never throw on a valid event', () => {
    fc.assert(
      fc.property(validEvent, options, (event, opts) => {
        try {
          validateEvent(event);
        } catch {
          return;
        }
        const before = structuredClone(event);
        const frozen = deepFreeze(event);
        const plan = mapEvent(frozen, opts);
        // toEqual, not isDeepStrictEqual: generated objects may have a null prototype, clones do not.
        expect(frozen).toEqual(before);
        expect(Array.isArray(plan.warnings)).toBe(true);
      }),
      params,
    );
  });

  it('5. returned payloads share no mutable structure with the input', () => {
    fc.assert(
      fc.property(validEvent, options, (event, opts) => {
        const plan = mapValid(event, opts);
        if (plan === undefined) return;
        const inputs = new Set<unknown>();
        const collect = (v: unknown) => {
          if (typeof v !== 'object' || v === null || inputs.has(v)) return;
          inputs.add(v);
          for (const k of Object.keys(v)) collect((v as Record<string, unknown>)[k]);
        };
        collect(event);
        const shared = (v: unknown): boolean =>
          typeof v === 'object' &&
          v !== null &&
          (inputs.has(v) || Object.keys(v).some((k) => shared((v as Record<string, unknown>)[k])));
        expect(shared(plan.body)).toBe(false);
      }),
      params,
    );
  });

  it('InvalidEventError, naming the field, for invalid events', () => {
    fc.assert(
      fc.property(invalidEvent, options, ({ input, field }, opts) => {
        try {
          mapEvent(input, opts);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidEventError);
          expect((error as InvalidEventError).field).toBe(field);
          return;
        }
        throw new Error('expected an InvalidEventError');
      }),
      params,
    );
  });

  it('__proto__ and constructor keys pollute nothing and outputs inherit nothing unusual', () => {
    const protoNames = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(validEvent, options, (event, opts) => {
        const plan = mapValid(event, opts);
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        if (plan !== undefined) expect(plainEverywhere(plan)).toBe(true);
      }),
      params,
    );
  });

  it('isDateTime agrees with an RFC 3339 reference expression', () => {
    const dateLike = fc
      .tuple(
        fc.date({ min: new Date(-6e13), max: new Date(2.5e14), noInvalidDate: true }),
        fc.array(fc.tuple(fc.nat(34), fc.constantFrom(...'0123456789-:TtZz+. x'.split(''))), {
          maxLength: 3,
        }),
        fc.constantFrom(
          'Z',
          'z',
          '+05:30',
          '-0800',
          '+05',
          '',
          '.1Z',
          '.123456789+00:00',
          '.1234567890Z',
        ),
      )
      .map(([d, edits, zone]) => {
        let s = d.toISOString().slice(0, 19) + zone;
        for (const [i, c] of edits) s = s.slice(0, i) + c + s.slice(i + 1);
        return s;
      });
    fc.assert(
      fc.property(fc.oneof(dateLike, fc.string()), (s) => isDateTime(s) === rfc3339Reference(s)),
      { seed: SEED, numRuns: 20 * RUNS },
    );
  });
});

// The expression isDateTime replaced: a regex for the shape, then the calendar rules.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

function rfc3339Reference(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= days &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60
  );
}
