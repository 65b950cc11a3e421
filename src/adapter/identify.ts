/**
 * Identify → a Kustomer customer body and the ordered lookups that find an existing customer
 * (SEED-kustomer.md field table; rudder-contract §6 "Identify"; DESIGN §4). Values Kustomer would
 * reject are corrected or dropped and named in `warnings`; nothing null or empty is sent.
 */
import type { CustomerBody } from '../payloads.js';
import {
  compileSources,
  type EventView,
  isRecord,
  ownValue,
  pathOf,
  pickFirst,
  type SourcePath,
  sources,
  view,
} from './fields.js';
import * as v from './identify-values.js';
import type { CustomerLookup, CustomerPlan, MapperOptions, RudderEvent } from './types.js';
import { expectType, idValue, type ValidEvent } from './validate.js';

/** Both places a trait can be, `traits` first (DESIGN §4). */
function trait(...keys: string[]): SourcePath[] {
  return [
    ...keys.map((k): SourcePath => `traits.${k}`),
    ...keys.map((k): SourcePath => `context.traits.${k}`),
  ];
}

/**
 * Where each customer field comes from, in order. Where the seed's table and RudderStack's mapping
 * name different sources, both are read, the seed's first (DESIGN §4).
 */
const FIELDS = compileSources({
  name: trait('name'),
  firstName: trait('firstName', 'firstname', 'first_name'),
  lastName: trait('lastName', 'lastname', 'last_name'),
  username: trait('userName', 'username'),
  /** `company.name`, else a string `company` (rudder-contract §6). */
  company: [
    'traits.company.name',
    'traits.company',
    'context.traits.company.name',
    'context.traits.company',
  ],
  signedUpAt: [...trait('signedUpAt'), ...trait('createdAt')],
  lastActivityAt: trait('lastActivityAt'),
  lastCustomerActivityAt: trait('lastCustomerActivityAt'),
  lastSeenAt: trait('lastSeenAt'),
  importedAt: trait('importedAt'),
  avatarUrl: trait('avatar'),
  gender: trait('gender'),
  tags: trait('tags'),
  locale: [...trait('locale'), 'context.locale'],
  emails: trait('emails'),
  /** RudderStack's generic `email` map without `context.externalId.0.id` (D6). */
  email: trait('email'),
  phones: trait('phones'),
  phone: trait('phone'),
  socials: trait('socials'),
  birthdayAt: [...trait('birthday'), ...trait('dob')],
  urls: trait('website'),
  locations: trait('address'),
  custom: trait('customObject'),
  sentiment: trait('sentiment'),
  whatsapps: trait('whatsapps'),
  facebookIds: trait('facebookIds'),
  instagramIds: trait('instagramIds'),
  timeZone: trait('timeZone'),
  defaultLang: trait('defaultLanguage'),
  rev: trait('rev'),
});

const EXTERNAL_IDS = sources('context.externalId');

/** Maps an identify event to a customer body and its lookup plan. */
export function mapIdentify(event: RudderEvent, options: MapperOptions = {}): CustomerPlan {
  return identifyPlan(event, expectType(event, 'identify', 'mapIdentify'), options);
}

/** `mapIdentify` for an event `validateEvent` has already accepted (no option changes identify). */
export function identifyPlan(
  event: RudderEvent,
  valid: ValidEvent,
  _options?: MapperOptions,
): CustomerPlan {
  const w: string[] = [];
  const f = FIELDS.fields;
  const ev = view(event, FIELDS);
  const body: CustomerBody = {};
  // Plain property stores, one per field: a shared setter would make every store megamorphic.
  const name = v.text(ev, f.name, 256, w) ?? fullName(ev, w);
  if (name !== undefined) body.name = name;
  /** D10: only the message's userId, else its anonymousId. */
  body.externalId = valid.userKey;
  const username = v.text(ev, f.username, 256, w);
  if (username !== undefined) body.username = username;
  const companyName = company(ev, w);
  if (companyName !== undefined) body.company = companyName;
  const signedUpAt = v.dateTime(ev, f.signedUpAt, w);
  if (signedUpAt !== undefined) body.signedUpAt = signedUpAt;
  const lastActivityAt = v.dateTime(ev, f.lastActivityAt, w);
  if (lastActivityAt !== undefined) body.lastActivityAt = lastActivityAt;
  const lastCustomerActivityAt = v.dateTime(ev, f.lastCustomerActivityAt, w);
  if (lastCustomerActivityAt !== undefined) body.lastCustomerActivityAt = lastCustomerActivityAt;
  const lastSeenAt = v.dateTime(ev, f.lastSeenAt, w);
  if (lastSeenAt !== undefined) body.lastSeenAt = lastSeenAt;
  const importedAt = v.dateTime(ev, f.importedAt, w);
  if (importedAt !== undefined) body.importedAt = importedAt;
  const avatarUrl = v.uri(ev, f.avatarUrl, w);
  if (avatarUrl !== undefined) body.avatarUrl = avatarUrl;
  const gender = v.gender(ev, f.gender, w);
  if (gender !== undefined) body.gender = gender;
  const tags = v.tags(ev, f.tags, w);
  if (tags !== undefined) body.tags = tags;
  const locale = v.text(ev, f.locale, 16, w);
  if (locale !== undefined) body.locale = locale;
  const socials = v.list(ev, f.socials, v.social, v.socialKey, w);
  if (socials !== undefined) body.socials = socials;
  const birthdayAt = v.dateTime(ev, f.birthdayAt, w);
  if (birthdayAt !== undefined) body.birthdayAt = birthdayAt;
  const emails = v.list(ev, f.emails, v.email, v.emailKey, w) ?? v.singleEmail(ev, f.email, w);
  if (emails !== undefined) body.emails = emails;
  const phones = v.list(ev, f.phones, v.phone, v.phoneKey, w) ?? v.singlePhone(ev, f.phone, w);
  if (phones !== undefined) body.phones = phones;
  const urls = v.urls(ev, f.urls, w);
  if (urls !== undefined) body.urls = urls;
  const locations = v.locations(ev, f.locations, w);
  if (locations !== undefined) body.locations = locations;
  const custom = v.custom(ev, f.custom, w);
  if (custom !== undefined) body.custom = custom;
  const sentiment = v.sentiment(ev, f.sentiment, w);
  if (sentiment !== undefined) body.sentiment = sentiment;
  const whatsapps = v.list(ev, f.whatsapps, v.whatsapp, v.phoneKey, w);
  if (whatsapps !== undefined) body.whatsapps = whatsapps;
  const facebookIds = v.list(ev, f.facebookIds, v.facebookId, v.facebookKey, w);
  if (facebookIds !== undefined) body.facebookIds = facebookIds;
  const instagramIds = v.list(ev, f.instagramIds, v.instagramId, v.instagramKey, w);
  if (instagramIds !== undefined) body.instagramIds = instagramIds;
  const timeZone = v.text(ev, f.timeZone, 64, w);
  if (timeZone !== undefined) body.timeZone = timeZone;
  const defaultLang = v.text(ev, f.defaultLang, 100, w);
  if (defaultLang !== undefined) body.defaultLang = defaultLang;
  const rev = v.rev(ev, f.rev, w);
  if (rev !== undefined) body.rev = rev;

  // RudderStack looks customers up by the single email trait only, never by `emails` (rudder-contract §5).
  const rawEmail = pickFirst(ev, f.email);
  const lookups = lookupPlan(ev, valid, typeof rawEmail === 'string' ? rawEmail : undefined);
  return { type: 'identify', userKey: valid.userKey, warnings: w, body, lookups };
}

/** firstName and/or lastName, joined with one space (DESIGN §4). */
function fullName(ev: EventView, w: string[]): string | undefined {
  const first = v.text(ev, FIELDS.fields.firstName, 256, w);
  const last = v.text(ev, FIELDS.fields.lastName, 256, w);
  const name = first !== undefined && last !== undefined ? `${first} ${last}` : (first ?? last);
  if (name === undefined || name.length <= 256) return name;
  w.push('traits firstName and lastName together are longer than 256 characters: name dropped');
  return undefined;
}

function company(ev: EventView, w: string[]): string | undefined {
  const from = FIELDS.fields.company;
  if (isRecord(pickFirst(ev, from))) {
    w.push(`${pathOf(ev, from)} is an object without a name: dropped`);
    return undefined;
  }
  return v.text(ev, from, 256, w);
}

/** kustomerId (no request) → email → userId → anonymousId, without repeats (DESIGN §4). */
function lookupPlan(ev: EventView, valid: ValidEvent, email: string | undefined): CustomerLookup[] {
  const out: CustomerLookup[] = [];
  const ids = pickFirst(ev, EXTERNAL_IDS);
  if (Array.isArray(ids)) {
    for (const entry of ids) {
      if (ownValue(entry, 'type') !== 'kustomerId') continue;
      const value = idValue(ownValue(entry, 'id'));
      if (value !== undefined) out.push({ by: 'kustomerId', value });
      break;
    }
  }
  if (email !== undefined && email !== '') out.push({ by: 'email', value: email });
  if (valid.userId !== undefined) out.push({ by: 'externalId', value: valid.userId });
  if (valid.anonymousId !== undefined && valid.anonymousId !== valid.userId) {
    out.push({ by: 'externalId', value: valid.anonymousId });
  }
  return out;
}
