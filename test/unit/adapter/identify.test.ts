import { describe, expect, it } from 'vitest';
import { mapIdentify } from '../../../src/adapter/identify.js';
import type { RudderMessage } from '../../../src/adapter/types.js';
import { InvalidEventError } from '../../../src/errors.js';
import { loadKustomerSpec } from '../../../src/simulator/openapi.js';

const spec = loadKustomerSpec();

/** An identify with these traits, checked against the spec on the way out. */
function identify(traits: Record<string, unknown>, extra: Partial<RudderMessage> = {}) {
  const plan = mapIdentify({ type: 'identify', userId: 'u1', traits, ...extra });
  expect(spec.validate('CustomerBody', plan.body)).toEqual([]);
  return plan;
}

describe('mapIdentify: the seed document example', () => {
  it('maps rudderanalytics.identify("userId", {...}) and drops the placeholder values Kustomer would reject', () => {
    const plan = identify(
      {
        email: 'user@website.com',
        phone: 'phone',
        birthday: 'birthday',
        name: 'full name',
        address: { street: 'street', city: 'city', state: 'state', postalCode: 'zip' },
        userName: 'userName',
        company: 'company',
        signedUpAt: 'date-time',
        lastActivityAt: 'date-time',
        lastCustomerActivityAt: 'date-time',
        lastSeenAt: 'date-time',
        avatar: 'avatar-url',
        gender: 'gender',
        tags: ['tag1', 'tag2'],
        locale: 'en_US',
        website: 'www.website.com',
        socials: [
          {
            verified: true,
            userid: '100',
            type: 'twitter',
            username: '@twiiterHandle',
            url: 'http://twitter.com/twitterhandle',
          },
          {
            verified: false,
            userid: '200',
            type: 'facebook',
            username: 'facebookhandle',
            url: 'http://facebook.com/facebookhandle',
          },
        ],
      },
      { userId: 'userId' },
    );
    expect(plan).toEqual({
      type: 'identify',
      userKey: 'userId',
      body: {
        name: 'full name',
        externalId: 'userId',
        username: 'userName',
        tags: ['tag1', 'tag2'],
        locale: 'en_US',
        socials: [
          {
            verified: true,
            userid: '100',
            type: 'twitter',
            username: '@twiiterHandle',
            url: 'http://twitter.com/twitterhandle',
          },
          {
            verified: false,
            userid: '200',
            type: 'facebook',
            username: 'facebookhandle',
            url: 'http://facebook.com/facebookhandle',
          },
        ],
        emails: [{ type: 'home', email: 'user@website.com' }],
        urls: [{ url: 'www.website.com' }],
        locations: [{ type: 'home', address: 'street city state zip' }],
      },
      lookups: [
        { by: 'email', value: 'user@website.com' },
        { by: 'externalId', value: 'userId' },
      ],
      company: { by: 'name', value: 'company' },
      notSent: [],
      warnings: [
        'traits.signedUpAt "date-time" is not a date-time, a YYYY-MM-DD date or an epoch time: dropped',
        'traits.lastActivityAt "date-time" is not a date-time, a YYYY-MM-DD date or an epoch time: dropped',
        'traits.lastCustomerActivityAt "date-time" is not a date-time, a YYYY-MM-DD date or an epoch time: dropped',
        'traits.lastSeenAt "date-time" is not a date-time, a YYYY-MM-DD date or an epoch time: dropped',
        'traits.birthday "birthday" is not a date-time, a YYYY-MM-DD date or an epoch time: dropped',
        'traits.avatar "avatar-url" is not an absolute URI of at most 2048 characters: dropped',
        'traits.gender "gender" is not m, f: dropped',
        'traits.phone "phone" is not a phone number: dropped',
      ],
    });
  });
});

describe('mapIdentify: fields', () => {
  it('reads traits first, then context.traits', () => {
    const plan = mapIdentify({
      type: 'identify',
      userId: 'u1',
      traits: { name: 'From traits' },
      context: { traits: { name: 'From context', userName: 'ctx-user' } },
    });
    expect(plan.body).toMatchObject({ name: 'From traits', username: 'ctx-user' });
  });

  it('builds name from firstName and/or lastName when there is no name', () => {
    expect(identify({ firstName: 'Ada', lastName: 'Lovelace' }).body.name).toBe('Ada Lovelace');
    expect(identify({ first_name: 'Ada' }).body.name).toBe('Ada');
    expect(identify({ lastname: 'Lovelace' }).body.name).toBe('Lovelace');
    expect(identify({ name: 'Full', firstName: 'Ada' }).body.name).toBe('Full');
  });

  it('takes externalId only from userId, else anonymousId (D10)', () => {
    const traits = { userId: 'trait-user', id: 'trait-id' };
    expect(identify(traits, { userId: 'msg-user' }).body.externalId).toBe('msg-user');
    expect(identify(traits, { userId: undefined, anonymousId: 'anon' }).body.externalId).toBe(
      'anon',
    );
  });

  it('reads username from userName, else username', () => {
    expect(identify({ userName: 'a', username: 'b' }).body.username).toBe('a');
    expect(identify({ username: 'b' }).body.username).toBe('b');
  });

  it('never sends a company name as the company id: traits.company names the company to link', () => {
    expect(identify({ company: { name: 'Acme', id: 7 } }).company).toEqual({
      by: 'externalId',
      value: '7',
      name: 'Acme',
    });
    // The name a company created for an identify gets (docs/deviations.md D17).
    expect(identify({ company: { name: 'HP', id: 7 } }).company).toMatchObject({ name: 'HP (7)' });
    expect(identify({ company: { id: 7 } }).company).toMatchObject({ name: 'Group 7' });
    expect(identify({ company: { name: 'Acme' } }).company).toEqual({ by: 'name', value: 'Acme' });
    expect(identify({ company: 'Acme' }).company).toEqual({ by: 'name', value: 'Acme' });
    for (const company of [{ name: 'Acme', id: 7 }, { name: 'Acme' }, 'Acme']) {
      expect(identify({ company }).body).not.toHaveProperty('company');
    }
    const plan = identify({ company: { size: 7 } });
    expect(plan.company).toBeUndefined();
    expect(plan.warnings).toEqual([
      'traits.company (an object) names no company (an id, a name, or { id, name }): dropped',
    ]);
    expect(plan.notSent).toEqual([]);
  });

  it('takes signedUpAt from signedUpAt, else createdAt', () => {
    expect(
      identify({ signedUpAt: '2020-01-01T00:00:00Z', createdAt: '2019-01-01T00:00:00Z' }).body
        .signedUpAt,
    ).toBe('2020-01-01T00:00:00Z');
    expect(identify({ createdAt: '2019-01-01T00:00:00Z' }).body.signedUpAt).toBe(
      '2019-01-01T00:00:00Z',
    );
  });

  it('maps the activity dates and importedAt, dropping ones that are not date-times', () => {
    const plan = identify({
      lastActivityAt: '2016-04-17T12:37:42.146Z',
      lastCustomerActivityAt: '2017-04-17T12:37:42.146Z',
      lastSeenAt: 'last tuesday',
      importedAt: '2018-04-17T12:37:42+02:00',
    });
    expect(plan.body).toMatchObject({
      lastActivityAt: '2016-04-17T12:37:42.146Z',
      lastCustomerActivityAt: '2017-04-17T12:37:42.146Z',
      importedAt: '2018-04-17T12:37:42+02:00',
    });
    expect(plan.body.lastSeenAt).toBeUndefined();
    expect(plan.warnings).toEqual([
      'traits.lastSeenAt "last tuesday" is not a date-time, a YYYY-MM-DD date or an epoch time: dropped',
    ]);
  });

  it('maps avatar to avatarUrl when it is an absolute URI', () => {
    expect(identify({ avatar: 'https://x.io/a.png' }).body.avatarUrl).toBe('https://x.io/a.png');
    expect(identify({ avatar: 'a.png' }).body.avatarUrl).toBeUndefined();
  });

  it('corrects male/female and upper case to m/f and drops other genders', () => {
    expect(identify({ gender: 'Female' }).body.gender).toBe('f');
    expect(identify({ gender: 'M' }).body.gender).toBe('m');
    const plan = identify({ gender: 'other' });
    expect(plan.body.gender).toBeUndefined();
    expect(plan.warnings).toEqual(['traits.gender "other" is not m, f: dropped']);
  });

  it('keeps valid unique tags and drops ones Kustomer refuses', () => {
    const plan = identify({
      tags: ['vip', 'vip', ' leading space', 'x'.repeat(65), true, 'big spender'],
    });
    expect(plan.body.tags).toEqual(['vip', 'big spender']);
    expect(plan.warnings).toHaveLength(3);
  });

  it('keeps at most 20 tags', () => {
    const plan = identify({ tags: Array.from({ length: 25 }, (_, i) => `t${i}`) });
    expect(plan.body.tags).toHaveLength(20);
    expect(plan.warnings).toEqual([
      'traits.tags (an array) has more than 20 valid items: the rest: dropped',
    ]);
  });

  it('takes locale from traits, else context.locale, up to 16 characters', () => {
    expect(identify({ locale: 'fr-FR' }, { context: { locale: 'en-US' } }).body.locale).toBe(
      'fr-FR',
    );
    expect(identify({}, { context: { locale: 'en-US' } }).body.locale).toBe('en-US');
    expect(identify({ locale: 'x'.repeat(17) }).body.locale).toBeUndefined();
  });

  it('takes emails from the array, correcting unknown types to other and dropping bad addresses', () => {
    const plan = identify({
      emails: [
        { type: 'work', email: 'a@x.io', verified: true },
        { type: 'mobile', email: 'b@x.io' },
        { email: 'not an email' },
        'c@x.io',
        { type: 'work', email: 'a@x.io', verified: true },
      ],
      email: 'ignored@x.io',
    });
    expect(plan.body.emails).toEqual([
      { type: 'work', email: 'a@x.io', verified: true },
      { type: 'other', email: 'b@x.io' },
      { email: 'c@x.io' },
    ]);
    expect(plan.warnings).toHaveLength(2);
  });

  it('falls back to a single email as a home email, never to context.externalId (D6)', () => {
    expect(identify({ email: 'a@x.io' }).body.emails).toEqual([{ type: 'home', email: 'a@x.io' }]);
    const plan = identify({}, { context: { externalId: [{ type: 'kustomerId', id: 'k1' }] } });
    expect(plan.body.emails).toBeUndefined();
  });

  it('keeps at most 10 emails', () => {
    const emails = Array.from({ length: 12 }, (_, i) => ({ email: `u${i}@x.io` }));
    expect(identify({ emails }).body.emails).toHaveLength(10);
  });

  it('takes phones from the array, else a single phone as a home phone', () => {
    expect(identify({ phones: [{ type: 'pager', phone: '+1 555 0100' }] }).body.phones).toEqual([
      { type: 'other', phone: '+1 555 0100' },
    ]);
    expect(identify({ phone: '+12345578900' }).body.phones).toEqual([
      { type: 'home', phone: '+12345578900' },
    ]);
    expect(identify({ phone: 12345578900 }).body.phones).toEqual([
      { type: 'home', phone: '12345578900' },
    ]);
  });

  it('keeps socials with a known type and a username, dropping bad URLs', () => {
    const plan = identify({
      socials: [
        { type: 'twitter', username: '@a', userid: 100, url: 'not a uri' },
        { type: 'myspace', username: 'b' },
        { type: 'linkedin' },
      ],
    });
    expect(plan.body.socials).toEqual([{ type: 'twitter', username: '@a', userid: '100' }]);
    expect(plan.warnings).toHaveLength(3);
  });

  it('takes birthdayAt from birthday, else dob', () => {
    expect(
      identify({ birthday: '2005-01-01T23:28:56.782Z', dob: '2000-01-01T00:00:00Z' }).body
        .birthdayAt,
    ).toBe('2005-01-01T23:28:56.782Z');
    expect(identify({ dob: '2000-01-01T00:00:00Z' }).body.birthdayAt).toBe('2000-01-01T00:00:00Z');
  });

  it('maps website to urls as RudderStack does', () => {
    expect(identify({ website: 'www.example.com' }).body.urls).toEqual([
      { url: 'www.example.com' },
    ]);
    expect(identify({ website: 'not a site' }).body.urls).toBeUndefined();
  });

  it('maps an address string as is and an address object to one tidy line (D7)', () => {
    expect(identify({ address: '1 Main St' }).body.locations).toEqual([
      { type: 'home', address: '1 Main St' },
    ]);
    expect(identify({ address: { city: 'Miami' } }).body.locations).toEqual([
      { type: 'home', address: 'Miami' },
    ]);
    expect(
      identify({ address: { street: ' 1  Main ', postalCode: 123, country: 'US' } }).body.locations,
    ).toEqual([{ type: 'home', address: '1 Main 123 US' }]);
    expect(identify({ address: { country: ' ' } }).body.locations).toBeUndefined();
  });

  it('keeps custom attributes whose value fits their suffix', () => {
    const plan = identify({
      customObject: {
        planStr: 'gold',
        notesTxt: 'x',
        seatsNum: 3,
        renewedAt: '2024-01-01T00:00:00Z',
        activeBool: true,
        siteUrl: 'https://x.io',
        seatsStr: 3,
        plain: 'no suffix',
        clearedStr: null,
        badNum: 'many',
      },
    });
    expect(plan.body.custom).toEqual({
      planStr: 'gold',
      notesTxt: 'x',
      seatsNum: 3,
      renewedAt: '2024-01-01T00:00:00Z',
      activeBool: true,
      siteUrl: 'https://x.io',
      seatsStr: '3',
      clearedStr: null,
    });
    expect(plan.warnings).toHaveLength(2);
  });

  it('maps sentiment only when polarity and confidence are in range', () => {
    expect(
      identify({ sentiment: { polarity: 1, confidence: 0.5, extra: 1 } }).body.sentiment,
    ).toEqual({
      polarity: 1,
      confidence: 0.5,
    });
    expect(
      identify({ sentiment: { polarity: 2, confidence: 0.5 } }).body.sentiment,
    ).toBeUndefined();
  });

  it('maps whatsapps, facebookIds and instagramIds, dropping incomplete items', () => {
    const plan = identify({
      whatsapps: [
        { phone: '+15550100', type: 'mobile' },
        { phone: '+15550101', type: 'home' },
      ],
      facebookIds: [{ pageId: 'p', userId: 'u', name: 'n' }, { pageId: 'p' }],
      instagramIds: [{ pageId: 'p', threadId: 't', username: 'u' }],
    });
    expect(plan.body.whatsapps).toEqual([
      { phone: '+15550100', type: 'mobile' },
      { phone: '+15550101' },
    ]);
    expect(plan.body.facebookIds).toEqual([{ pageId: 'p', userId: 'u', name: 'n' }]);
    expect(plan.body.instagramIds).toEqual([{ pageId: 'p', threadId: 't', username: 'u' }]);
    expect(plan.warnings).toHaveLength(2);
  });

  it('maps timeZone, defaultLanguage and rev', () => {
    expect(
      identify({ timeZone: 'Europe/Paris', defaultLanguage: 'fr_fr', rev: 3 }).body,
    ).toMatchObject({
      timeZone: 'Europe/Paris',
      defaultLang: 'fr_fr',
      rev: 3,
    });
    expect(identify({ rev: -1 }).body.rev).toBeUndefined();
  });

  it('drops strings over their maximum length', () => {
    const plan = identify({ name: 'n'.repeat(257), timeZone: 'z'.repeat(65) });
    expect(plan.body.name).toBeUndefined();
    expect(plan.body.timeZone).toBeUndefined();
    expect(plan.warnings).toHaveLength(2);
  });

  it('never sends null or empty values', () => {
    const plan = identify({
      name: null,
      email: '',
      tags: [],
      emails: [],
      customObject: {},
      company: null,
    });
    expect(plan.body).toEqual({ externalId: 'u1' });
  });
});

describe('mapIdentify: lookups', () => {
  it('orders kustomerId, email, userId and anonymousId', () => {
    const plan = identify(
      { email: 'a@x.io' },
      {
        anonymousId: 'anon',
        context: {
          externalId: [
            { type: 'other', id: 'o' },
            { type: 'kustomerId', id: 'k1' },
          ],
        },
      },
    );
    expect(plan.lookups).toEqual([
      { by: 'kustomerId', value: 'k1' },
      { by: 'email', value: 'a@x.io' },
      { by: 'externalId', value: 'u1' },
      { by: 'externalId', value: 'anon' },
    ]);
  });

  it('looks up by the single email trait, as RudderStack does, not by the emails list', () => {
    expect(
      identify({ emails: [{ email: 'first@x.io' }], email: 'single@x.io' }).lookups[0],
    ).toEqual({ by: 'email', value: 'single@x.io' });
    expect(identify({ emails: [{ email: 'first@x.io' }] }).lookups[0]?.by).toBe('externalId');
  });

  it('skips absent and repeated values', () => {
    expect(identify({}, { anonymousId: 'u1' }).lookups).toEqual([
      { by: 'externalId', value: 'u1' },
    ]);
  });
});

describe('mapIdentify: purity and errors', () => {
  it('returns nothing that shares structure with the input', () => {
    const socials = [{ type: 'twitter', username: '@a' }];
    const customObject = { planStr: 'gold' };
    const plan = identify({ socials, customObject });
    expect(plan.body.socials?.[0]).not.toBe(socials[0]);
    expect(plan.body.socials).not.toBe(socials);
    expect(plan.body.custom).not.toBe(customObject);
  });

  it('rejects an event of another type', () => {
    expect(() => mapIdentify({ type: 'track', event: 'Clicked', userId: 'u1' })).toThrow(
      InvalidEventError,
    );
    expect(() => mapIdentify({ type: 'track', event: 'Clicked', userId: 'u1' })).toThrow(
      /mapIdentify maps identify events/,
    );
  });
});
