/**
 * Keep iff valid (issue 9; docs/deviations.md D12): for every mapped trait and for meta values, a
 * value Kustomer's spec accepts reaches the body unchanged, and a value it rejects is either
 * normalised into one it accepts or dropped with a warning naming its path. Both directions are
 * judged by the spec validator itself, not by the mapper's own checks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapIdentify, mapTrack } from '../../src/adapter/index.js';
import type { CustomerBody } from '../../src/payloads.js';
import { loadKustomerSpec } from '../../src/simulator/openapi.js';
import { RUNS, SEED } from './arbitraries.js';

const spec = loadKustomerSpec();
const params = { seed: SEED, numRuns: RUNS };

const unicode = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });
const anyText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  unicode,
  fc.string({ minLength: 250, maxLength: 1100 }),
);
const other = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.object({ maxDepth: 1 }),
);
const text = fc.oneof(anyText, other);

const dateShapes = fc
  .date({ min: new Date(-2e12), max: new Date(4e12), noInvalidDate: true })
  .chain((d) =>
    fc.constantFrom(
      d.toISOString(),
      d.toISOString().slice(0, 10),
      d.toISOString().replace('Z', '+05:30'),
      d.toISOString().replace('.', ',').slice(0, 19),
      d.toISOString().slice(0, 19),
      d.toUTCString(),
      d.getTime(),
      Math.floor(d.getTime() / 1000),
      d.toISOString().slice(0, 10).replaceAll('-', '/'),
    ),
  );
const date = fc.oneof(dateShapes, fc.constantFrom('2021-02-29', '2024-02-29', '1990-13-01'), text);

const phones = fc.oneof(
  fc.constantFrom(
    '(415) 555-0100',
    '415.555.0100',
    '+1 415 555 0100',
    '+44 20 7946 0958',
    '+49 (0)30 901820',
    '+33 1 23 45 67 89',
    '+81-3-1234-5678',
    '+91 98765 43210',
    '020 7946 0958 ext. 12',
    '555-0100 x3',
    '+86 10 1234 5678',
    '12',
    '+1 415 555 0100 99999',
  ),
  fc.stringMatching(/^\+?[\d ()./-]{1,24}$/),
  fc.integer({ min: 0, max: 1e15 }),
  text,
);
const emailAddress = fc.oneof(fc.emailAddress(), text);
const tagText = fc.oneof(
  fc.stringMatching(/^[A-Za-zÀ-ÿ0-9_/<>. -]{1,70}$/),
  fc.constantFrom('vip', 'VIP', 'big spender', ' lead', 'café', '注文'),
  text,
);
const list = <T>(item: fc.Arbitrary<T>) => fc.array(item, { minLength: 1, maxLength: 12 });
const record = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.oneof(fc.record(fields, { requiredKeys: [], noNullPrototype: true }), text);
const verified = fc.oneof(fc.boolean(), text);
const enumOr = (...values: string[]) => fc.oneof(fc.constantFrom(...values), text);

interface Case {
  trait: string;
  field: keyof CustomerBody;
  value: fc.Arbitrary<unknown>;
  /** The trait as the field's spec shape, where the field wraps it (a single email is a list). */
  shape?: (value: unknown) => unknown;
}

const home = (key: string) => (value: unknown) => [{ type: 'home', [key]: value }];

const CASES: Case[] = [
  { trait: 'name', field: 'name', value: text },
  { trait: 'userName', field: 'username', value: text },
  { trait: 'locale', field: 'locale', value: text },
  { trait: 'timeZone', field: 'timeZone', value: text },
  { trait: 'defaultLanguage', field: 'defaultLang', value: text },
  ...(
    ['signedUpAt', 'lastActivityAt', 'lastCustomerActivityAt', 'lastSeenAt', 'importedAt'] as const
  ).map((field) => ({ trait: field, field, value: date })),
  { trait: 'createdAt', field: 'signedUpAt', value: date },
  { trait: 'birthday', field: 'birthdayAt', value: date },
  { trait: 'avatar', field: 'avatarUrl', value: fc.oneof(fc.webUrl(), text) },
  {
    trait: 'gender',
    field: 'gender',
    value: enumOr('m', 'f', 'M', 'male', 'Female', 'x', 'other'),
  },
  { trait: 'tags', field: 'tags', value: fc.oneof(list(tagText), tagText) },
  {
    trait: 'rev',
    field: 'rev',
    value: fc.oneof(fc.nat(), fc.integer(), fc.constantFrom('3', '-1', '2.5'), text),
  },
  { trait: 'email', field: 'emails', value: emailAddress, shape: home('email') },
  {
    trait: 'emails',
    field: 'emails',
    value: list(
      record({ email: emailAddress, type: enumOr('home', 'work', 'other', 'personal'), verified }),
    ),
  },
  { trait: 'phone', field: 'phones', value: phones, shape: home('phone') },
  {
    trait: 'phones',
    field: 'phones',
    value: list(
      record({
        phone: phones,
        type: enumOr('mobile', 'home', 'work', 'fax', 'other', 'cell'),
        verified,
      }),
    ),
  },
  {
    trait: 'whatsapps',
    field: 'whatsapps',
    value: list(record({ phone: phones, type: enumOr('mobile'), verified })),
  },
  {
    trait: 'socials',
    field: 'socials',
    value: list(
      record({
        type: enumOr('twitter', 'facebook', 'instagram', 'linkedin', 'pinterest'),
        username: text,
        userid: text,
        url: fc.oneof(fc.webUrl(), text),
        verified,
      }),
    ),
  },
  {
    trait: 'facebookIds',
    field: 'facebookIds',
    value: list(record({ pageId: text, userId: text, name: text })),
  },
  {
    trait: 'instagramIds',
    field: 'instagramIds',
    value: list(record({ pageId: text, threadId: text, username: text, instagramId: text })),
  },
  {
    trait: 'website',
    field: 'urls',
    value: fc.oneof(fc.webUrl(), fc.domain(), text),
    shape: (value) => [{ url: value }],
  },
  {
    trait: 'address',
    field: 'locations',
    value: fc.oneof(
      text,
      record({ street: text, city: text, state: text, postalCode: text, country: text }),
    ),
    shape: (value) => [{ type: 'home', address: value }],
  },
  {
    trait: 'customObject',
    field: 'custom',
    value: fc.dictionary(
      fc.oneof(
        fc.constantFrom(
          'planStr',
          'noteTxt',
          'seatsNum',
          'renewedAt',
          'adminBool',
          'siteUrl',
          'plain',
        ),
        fc.string(),
      ),
      fc.oneof(text, date, fc.webUrl(), fc.constant(null)),
      { minKeys: 1, maxKeys: 6, noNullPrototype: true },
    ),
  },
  {
    trait: 'sentiment',
    field: 'sentiment',
    value: record({
      polarity: fc.constantFrom(-1, 0, 1, 2, '1'),
      confidence: fc.oneof(fc.double(), text),
    }),
  },
];

describe('identify keeps a trait iff the spec accepts it, else normalises or warns', () => {
  for (const { trait, field, value, shape = (v: unknown) => v } of CASES) {
    it(`traits.${trait} → ${field}`, () => {
      fc.assert(
        fc.property(value, (v) => {
          const plan = mapIdentify({ type: 'identify', userId: 'u1', traits: { [trait]: v } });
          const sent = plan.body[field];
          if (spec.validate('CustomerBody', { [field]: shape(v) }).length === 0) {
            expect(sent).toEqual(shape(v));
          } else if (sent === undefined) {
            expect(plan.warnings.join('\n')).toContain(`traits.${trait}`);
          } else {
            expect(spec.validate('CustomerBody', plan.body)).toEqual([]);
          }
        }),
        params,
      );
    });
  }
});

describe('tracking events keep a value iff the spec accepts it, else normalise or warn', () => {
  const metaValue = fc.oneof(text, date, fc.constant(null));
  const metaKey = fc.oneof(
    fc.constantFrom('plain', 'countNum', 'paidAt', 'Größe'),
    fc.string({ unit: 'grapheme', maxLength: 300 }),
  );

  it('properties.<key> → meta', () => {
    fc.assert(
      fc.property(metaKey, metaValue, (key, v) => {
        const plan = mapTrack({
          type: 'track',
          userId: 'u1',
          event: 'Viewed',
          properties: { [key]: v },
        });
        const sent = plan.body.event.meta?.[key];
        if (spec.validate('TrackingEventMeta', { [key]: v }).length === 0) {
          expect(sent).toEqual(v);
        } else if (sent === undefined) {
          expect(plan.warnings.join('\n')).toContain(`properties.${key}`);
        } else {
          expect(spec.validate('IdentityEventBody', plan.body)).toEqual([]);
        }
      }),
      params,
    );
  });

  it('event → event.name, unicode names included', () => {
    const name = fc.oneof(
      fc.constantFrom(
        'Order Completed',
        'Größe gewählt',
        'Product_Viewed',
        'a',
        'Ab',
        '1st Purchase',
      ),
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{1,30}$/),
      unicode,
    );
    fc.assert(
      fc.property(name, (v) => {
        let plan: ReturnType<typeof mapTrack>;
        try {
          plan = mapTrack({ type: 'track', userId: 'u1', event: v });
        } catch {
          expect(spec.validate('TrackingEventName', v)).not.toEqual([]);
          return;
        }
        if (spec.validate('TrackingEventName', v).length === 0)
          expect(plan.body.event.name).toBe(v);
        else expect(spec.validate('TrackingEventName', plan.body.event.name)).toEqual([]);
      }),
      params,
    );
  });
});
