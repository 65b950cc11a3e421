/**
 * RudderStack-like events for property tests: realistic fields with good and bad values, plus
 * arbitrary nested traits and properties with weird keys (`__proto__`, `constructor`, …) created as
 * own properties, long strings, unicode, NaN and infinities.
 */
import fc from 'fast-check';
import type { MapperOptions } from '../../src/adapter/types.js';
import { scaled } from '../support/scale.js';

/** Fixed so failures reproduce; fast-check prints it with every counterexample. */
export const SEED = 20261129;
/** Cases per property: 300 in `npm test`, 1,000 in `.ci/run` (test/support/scale.ts); the seed stays. */
export const RUNS = scaled(300, 1_000);

const weirdKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  '  padded key  ',
  'a\tb',
  'countNum',
  'Num',
  'createdAt',
  'At',
  'email',
  'kustomerSessionId',
  'kustomer_tracking_id',
  'é clé',
  '🙂',
  'x'.repeat(300),
);
export const key = fc.oneof(
  weirdKey,
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

const dateTime = fc
  .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
  .map((d) => d.toISOString());
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ minLength: 1000, maxLength: 1100 }),
  fc.constantFrom('1801', '2020-01', 'true', 'a@b.co', 'www.example.com', 'https://x.io/a'),
  dateTime,
);
const leaf = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 0),
  fc.boolean(),
  fc.constant(null),
);

/** Builds an object whose keys are all own data properties, `__proto__` included. */
function own(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    Object.defineProperty(out, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

export const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map(own),
  ),
}));

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const email = fc.oneof(fc.emailAddress(), text);
const item = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.oneof(fc.record(fields, { requiredKeys: [] }), value);
const list = (arb: fc.Arbitrary<unknown>) => fc.oneof(fc.array(arb, { maxLength: 14 }), value);

/** Traits with every field identify reads, each good or bad, plus arbitrary extra keys. */
const traits = fc
  .tuple(
    fc.record(
      {
        name: text,
        firstName: text,
        last_name: text,
        userName: text,
        company: fc.oneof(text, fc.record({ name: text }), value),
        createdAt: fc.oneof(dateTime, text),
        signedUpAt: fc.oneof(dateTime, text),
        lastSeenAt: fc.oneof(dateTime, value),
        importedAt: dateTime,
        avatar: fc.oneof(fc.webUrl(), text),
        gender: fc.constantFrom('m', 'f', 'M', 'female', 'Male', 'other', '', 'gender'),
        tags: list(fc.oneof(text, fc.constantFrom('vip', 'vip', ' x', 'a b'))),
        locale: text,
        emails: list(
          item({ type: fc.constantFrom('home', 'work', 'mobile', 1), email, verified: value }),
        ),
        email,
        phones: list(
          item({
            type: fc.constantFrom('mobile', 'cell', 'fax'),
            phone: fc.oneof(text, fc.integer()),
          }),
        ),
        phone: fc.oneof(fc.constantFrom('+1 555 0100', 'phone'), text),
        socials: list(
          item({
            type: fc.constantFrom('twitter', 'myspace', 'linkedin'),
            username: text,
            userid: fc.oneof(text, fc.integer()),
            url: fc.oneof(fc.webUrl(), text),
            verified: value,
          }),
        ),
        birthday: fc.oneof(dateTime, text),
        dob: dateTime,
        website: fc.oneof(fc.webUrl(), text),
        address: fc.oneof(
          text,
          fc.record(
            { street: text, city: text, state: text, postalCode: fc.oneof(text, fc.integer()) },
            { requiredKeys: [] },
          ),
          value,
        ),
        customObject: fc.oneof(
          fc
            .array(
              fc.tuple(
                fc.oneof(key, fc.constantFrom('aStr', 'bNum', 'cAt', 'dBool', 'eUrl', 'fTxt')),
                value,
              ),
              { maxLength: 8 },
            )
            .map(own),
          value,
        ),
        sentiment: fc.oneof(
          fc.record({ polarity: fc.constantFrom(-1, 0, 1, 2), confidence: fc.double() }),
          value,
        ),
        whatsapps: list(item({ type: fc.constantFrom('mobile', 'home'), phone: text })),
        facebookIds: list(item({ pageId: text, userId: text, name: text })),
        instagramIds: list(
          item({ pageId: text, threadId: text, username: text, instagramId: text }),
        ),
        timeZone: text,
        defaultLanguage: text,
        rev: fc.oneof(fc.integer(), value),
      },
      { requiredKeys: [] },
    ),
    fc.array(fc.tuple(key, value), { maxLength: 6 }),
  )
  .map(([known, extra]) => own([...Object.entries(known), ...extra]));

/** Properties with helper keys, emails and arbitrary extras; sometimes more than 100 keys. */
const properties = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.tuple(key, value), { maxLength: 12 }).map(own) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), leaf), {
        minLength: 95,
        maxLength: 130,
      })
      .map(own),
  },
  { weight: 1, arbitrary: value },
);

const userId = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.integer(),
  fc.constantFrom('user@doe', '97c46c81-3140-456d-b2a9-690d70aaca35', 'a/b?c#d', '__proto__'),
);

const eventName = fc.oneof(
  fc.constantFrom('Order Completed', 'Tracking-Weekender', 'A & B', "Bob's", '1st Purchase', 'ab'),
  fc
    .tuple(fc.constantFrom('A', 'Checked Out ', 'x'), fc.string({ maxLength: 300 }))
    .map(([a, b]) => a + b),
);

/** Events `validateEvent` accepts (the filter drops the few generated names with no usable letter). */
export const validEvent = fc
  .record(
    {
      type: fc.constantFrom(
        'identify',
        'IDENTIFY',
        'track',
        'Track',
        'page',
        'PAGE',
        'screen',
        'Screen',
      ),
      ids: fc.oneof(
        fc.record({ userId }),
        fc.record({ anonymousId: userId }),
        fc.record({ userId, anonymousId: userId }),
        fc.record({ userId: fc.constantFrom('', null, {}), anonymousId: userId }),
      ),
      event: eventName,
      name: maybe(fc.oneof(text, value)),
      traits: maybe(traits),
      contextTraits: maybe(traits),
      properties: maybe(properties),
      context: maybe(
        fc.record(
          {
            locale: text,
            sessionId: fc.oneof(text, fc.integer(), value),
            externalId: fc.oneof(
              fc.array(
                fc.record({
                  type: fc.constantFrom('kustomerId', 'other'),
                  id: fc.oneof(text, fc.integer()),
                }),
                { maxLength: 3 },
              ),
              value,
            ),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: ['type', 'ids', 'event'] },
  )
  .map(({ ids, contextTraits, context, ...rest }) =>
    own([
      ...Object.entries(rest).filter(([, v]) => v !== undefined),
      ...Object.entries(ids),
      ...(context === undefined && contextTraits === undefined
        ? []
        : [
            [
              'context',
              own([
                ...Object.entries(context ?? {}),
                ...(contextTraits === undefined ? [] : [['traits', contextTraits] as const]),
              ]),
            ] as const,
          ]),
    ]),
  );

export const options: fc.Arbitrary<MapperOptions> = fc.record(
  {
    genericPage: fc.boolean(),
    genericScreen: fc.boolean(),
    advancedTransform: fc.boolean(),
    setIdentityEmail: fc.boolean(),
    disableEmailAsTrackingProperty: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** Invalid inputs with the field their InvalidEventError must name. */
export const invalidEvent: fc.Arbitrary<{ input: unknown; field: string }> = fc.oneof(
  fc
    .oneof(fc.constant(null), fc.string(), fc.integer(), fc.array(value))
    .map((input) => ({ input, field: 'event' })),
  fc.record({ userId }).map((input) => ({ input, field: 'type' })),
  fc
    .record({
      type: fc.oneof(
        fc.constantFrom('alias', 'ALIAS', 'toString', '__proto__'),
        fc
          .string({ minLength: 1 })
          .filter(
            (t) => !['identify', 'track', 'page', 'screen', 'group'].includes(t.toLowerCase()),
          ),
      ),
      userId,
    })
    .map((input) => ({ input, field: 'type' })),
  fc
    .record({ type: fc.constantFrom('group', 'Group'), userId, groupId: fc.constantFrom('', null) })
    .map((input) => ({ input, field: 'groupId' })),
  fc
    .record({
      type: fc.constantFrom('identify', 'page', 'screen'),
      userId: fc.constantFrom('', null, undefined, Number.NaN, {}),
      traits: maybe(traits),
    })
    .map((input) => ({ input, field: 'userId' })),
  fc
    .record({
      type: fc.constant('track'),
      userId,
      event: fc.constantFrom(undefined, '', '   ', 42, null, '123', '!!'),
    })
    .map((input) => ({ input, field: 'event' })),
);
