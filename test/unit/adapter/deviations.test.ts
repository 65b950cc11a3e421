/**
 * One test per bullet of the deviation rules docs/deviations.md D11–D16 (docs/deviations.md), and the probes of
 * issue 9, each checked against the spec on the way out.
 */
import { describe, expect, it } from 'vitest';
import { mapEvent } from '../../../src/adapter/index.js';
import type { MappedIdentify, MappedTracking, MapperOptions } from '../../../src/adapter/types.js';
import { InvalidEventError } from '../../../src/errors.js';
import { loadKustomerSpec } from '../../../src/simulator/openapi.js';

const spec = loadKustomerSpec();

function identify(traits: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const plan = mapEvent({ type: 'identify', userId: 'u1', traits, ...extra }) as MappedIdentify;
  expect(spec.validate('CustomerBody', plan.body)).toEqual([]);
  return plan;
}

function track(event: Record<string, unknown>, options: MapperOptions = {}) {
  const input = { type: 'track', userId: 'u1', event: 'Viewed', ...event };
  const plan = mapEvent(input, options) as MappedTracking;
  expect(spec.validate('IdentityEventBody', plan.body)).toEqual([]);
  return plan;
}

describe('D11: types follow the spec', () => {
  it('sends a numeric userId or anonymousId as its decimal string in externalId', () => {
    expect(identify({}, { userId: 42 }).body.externalId).toBe('42');
    expect(track({ userId: undefined, anonymousId: 7 }).body.identity.externalId).toBe('7');
  });

  it('sends a numeric context.sessionId, tracking id and phone number as strings', () => {
    const plan = track({
      context: { sessionId: 1714467571 },
      properties: { kustomerTrackingId: 9 },
    });
    expect(plan.body.event).toMatchObject({ sessionId: '1714467571', trackingId: '9' });
    expect(identify({ phone: 4155550100 }).body.phones).toEqual([
      { type: 'home', phone: '4155550100' },
    ]);
  });

  it('turns a numeric string into the integer where the spec wants one (rev: "3")', () => {
    expect(identify({ rev: '3' }).body.rev).toBe(3);
  });
});

describe('D12: normalise, do not lose', () => {
  it('keeps an RFC 3339 date-time, makes a calendar date midnight UTC and reads numbers as epoch times', () => {
    expect(identify({ lastSeenAt: '2024-01-02T03:04:05+01:00' }).body.lastSeenAt).toBe(
      '2024-01-02T03:04:05+01:00',
    );
    expect(identify({ birthday: '1990-05-17' }).body.birthdayAt).toBe('1990-05-17T00:00:00.000Z');
    expect(identify({ createdAt: 1714467571434 }).body.signedUpAt).toBe('2024-04-30T08:59:31.434Z');
    expect(identify({ createdAt: 1714467571 }).body.signedUpAt).toBe('2024-04-30T08:59:31.000Z');
    const plan = identify({ birthday: 'May 17th', lastSeenAt: '1990-02-30' });
    expect(plan.body.birthdayAt).toBeUndefined();
    expect(plan.body.lastSeenAt).toBeUndefined();
    expect(plan.warnings).toHaveLength(2);
  });

  it('maps m, f, male and female in any case to m/f and drops any other gender', () => {
    expect(
      ['M', 'male', 'MALE', 'f', 'Female'].map((g) => identify({ gender: g }).body.gender),
    ).toEqual(['m', 'm', 'm', 'f', 'f']);
    const plan = identify({ gender: 'x' });
    expect(plan.body.gender).toBeUndefined();
    expect(plan.warnings).toEqual(['traits.gender "x" is not m, f: dropped']);
  });

  it('makes a single tag a one-tag list, removes invalid and duplicate tags, keeps at most 20', () => {
    expect(identify({ tags: 'vip' }).body.tags).toEqual(['vip']);
    const plan = identify({
      tags: ['a', 'a', ' b', ...Array.from({ length: 25 }, (_, i) => `t${i}`)],
    });
    expect(plan.body.tags).toEqual(['a', ...Array.from({ length: 19 }, (_, i) => `t${i}`)]);
    expect(plan.warnings).toHaveLength(2);
  });

  it('keeps phones of 7 to 15 digits with phone punctuation and an extension as written', () => {
    for (const phone of [
      '(415) 555-0100',
      '415.555.0100',
      '+44 20 7946 0958',
      '+49/30/901820',
      '555-0100 ext. 12',
      '555 0100 x3',
    ]) {
      expect(identify({ phone }).body.phones).toEqual([{ type: 'home', phone }]);
    }
    for (const phone of ['555-010', '+1 415 555 0100 1234 5', 'call me', '415#555#0100']) {
      expect(identify({ phone }).body.phones).toBeUndefined();
    }
  });

  it('maps email and phone types by meaning, and any other type to other with a warning', () => {
    const plan = identify({
      emails: [
        { email: 'a@x.io', type: 'personal' },
        { email: 'b@x.io', type: 'Work' },
        { email: 'c@x.io', type: 'school' },
      ],
      phones: [
        { phone: '4155550100', type: 'cell' },
        { phone: '4155550101', type: 'pager' },
      ],
    });
    expect(plan.body.emails?.map((e) => e.type)).toEqual(['home', 'work', 'other']);
    expect(plan.body.phones?.map((p) => p.type)).toEqual(['mobile', 'other']);
    expect(plan.warnings).toEqual([
      'traits.emails[2].type "school" is not home, work, other: sent as other',
      'traits.phones[1].type "pager" is not mobile, home, work, fax, other: sent as other',
    ]);
  });

  it('turns accented letters into base letters, removes the rest, and refuses a name with nothing left', () => {
    expect(track({ event: 'Größe gewählt' }).body.event.name).toBe('Grosse-gewahlt');
    expect(track({ event: 'Øre 注文 done' }).body.event.name).toBe('Ore-done');
    expect(() => track({ event: '注文' })).toThrow(InvalidEventError);
  });

  it('keeps every address part in the order street, city, state, postal code, country', () => {
    const address = {
      country: 'US',
      postalCode: '33101',
      state: 'FL',
      city: 'Miami',
      street: '1 Main St',
    };
    expect(identify({ address }).body.locations).toEqual([
      { type: 'home', address: '1 Main St Miami FL 33101 US' },
    ]);
  });
});

describe('D13: meta follows the key-suffix types in every mode', () => {
  for (const advancedTransform of [false, true]) {
    it(`keeps only numbers under Num keys and date-times under At keys (advancedTransform ${advancedTransform})`, () => {
      const plan = track(
        {
          properties: {
            countNum: '3',
            paidAt: '2024-03-01',
            seenAt: 1714467571434,
            gotAt: 'today',
          },
        },
        { advancedTransform },
      );
      expect(plan.body.event.meta).toEqual({
        paidAt: '2024-03-01T00:00:00.000Z',
        ...(advancedTransform
          ? { seenAtNum: 1714467571434 }
          : { seenAt: '2024-04-30T08:59:31.434Z' }),
      });
      expect(plan.warnings).toHaveLength(2);
    });

    it(`drops strings longer than 1,024 characters with a warning (advancedTransform ${advancedTransform})`, () => {
      const plan = track({ properties: { note: 'x'.repeat(1025) } }, { advancedTransform });
      expect(plan.body.event.meta).toBeUndefined();
      expect(plan.warnings).toEqual([
        `properties.note "${'x'.repeat(40)}…" is longer than 1024 characters: dropped`,
      ]);
    });
  }

  it('leaves out an empty meta', () => {
    expect(track({ properties: {} }).body.event).toEqual({ name: 'Viewed' });
  });
});

describe('D14: user name', () => {
  it('reads the user name from userName, then username', () => {
    expect(identify({ userName: 'a', username: 'b' }).body.username).toBe('a');
    expect(identify({ username: 'b' }).body.username).toBe('b');
  });
});

describe('D15: valid events RudderStack throws on', () => {
  it('delivers setIdentityEmail with disableEmailAsTrackingProperty and no properties', () => {
    const plan = track(
      { context: { traits: { email: 'a@x.io' } } },
      { setIdentityEmail: true, disableEmailAsTrackingProperty: true },
    );
    expect(plan.body).toEqual({
      identity: { externalId: 'u1', email: 'a@x.io' },
      event: { name: 'Viewed' },
    });
  });
});

describe('D16: custom attributes', () => {
  it('drops customObject keys without a type suffix, with a warning', () => {
    const plan = identify({ customObject: { planStr: 'gold', plan: 'gold' } });
    expect(plan.body.custom).toEqual({ planStr: 'gold' });
    expect(plan.warnings).toEqual([
      'traits.customObject.plan "gold" has no custom attribute suffix (Str, Txt, Num, At, Bool, Url): dropped',
    ]);
  });

  it('does not send other traits outside the table, and lists them as not sent', () => {
    const plan = identify(
      { plan: 'gold', email: 'a@x.io' },
      { context: { traits: { logins: 3 } } },
    );
    expect(plan.body.custom).toBeUndefined();
    expect(plan.notSent).toEqual(['traits.plan', 'context.traits.logins']);
    expect(plan.warnings).toEqual([]);
  });
});
