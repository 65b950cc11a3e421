/**
 * The identify mapping as a table: one entry per Kustomer customer field, with its sources in the
 * order they are tried and the rule that makes the value valid (docs/mapping.md). Every trait is read
 * from `traits`, then `context.traits`. Limits come from the spec (generated/limits.ts).
 */
import { CustomerBody as Spec } from '../../generated/limits.js';
import type { CustomerBody } from '../payloads.js';
import { customObject } from './custom.js';
import { isEmailRelaxed, isPhoneNumber } from './formats.js';
import {
  type Derived,
  isRecord,
  type Message,
  own,
  pick,
  type Source,
  sources,
  traitPaths as traits,
} from './read.js';
import {
  asText,
  bool,
  dateTime,
  list,
  numeric,
  oneOf,
  type Rule,
  record,
  text,
  uri,
  webAddress,
} from './rules.js';

type Item<K extends keyof CustomerBody> =
  NonNullable<CustomerBody[K]> extends readonly (infer I)[] ? I : never;

/** One customer field: where its value comes from, in order, and how it is made valid. */
export type FieldEntry = {
  [K in keyof CustomerBody]-?: {
    to: K;
    from: readonly Source[];
    rule: Rule<NonNullable<CustomerBody[K]>>;
  };
}[keyof CustomerBody];

const P = Spec.properties;

const FIRST_NAME = sources(...traits('firstName', 'firstname', 'first_name'));
const LAST_NAME = sources(...traits('lastName', 'lastname', 'last_name'));

/** The name from first and last name, joined with one space, when there is no `name` trait. */
export const fullName: Derived = {
  path: 'traits.firstName/lastName',
  read(m: Message): unknown {
    const first = pick(m, FIRST_NAME)?.value;
    const last = pick(m, LAST_NAME)?.value;
    if (first === undefined || last === undefined) return first ?? last;
    const joined = [asText(first), asText(last)];
    return joined.includes(undefined) ? { first, last } : joined.join(' ');
  },
};

/** `street city state postalCode country` as one tidy line (docs/deviations.md D7, D12). */
const ADDRESS_PARTS = ['street', 'city', 'state', 'postalCode', 'country'];
const SPACES = /\s+/g;

const addressText = text(P.locations.items.properties.address);

/** An address string as is; an object as one line of its parts, or nothing when it has none. */
export const addressLine: Rule<Item<'locations'>[]> = (value, path, w) => {
  const line = isRecord(value)
    ? ADDRESS_PARTS.map((key) => asText(own(value, key))?.replace(SPACES, ' ').trim())
        .filter((part) => part !== undefined && part !== '')
        .join(' ')
    : value;
  if (line === '') return w.drop(path, value, 'has no street, city, state, postal code or country');
  const address = addressText(line, path, w);
  return address === undefined ? undefined : [{ type: 'home', address }];
};

const gender = oneOf(P.gender.enum, { male: 'm', female: 'f' });
const TAG = new RegExp(P.tags.items.pattern, 'u');
const tag = text(P.tags.items, (s) => TAG.test(s), 'a Kustomer tag');

const EMAIL = P.emails.items;
const email = record<Item<'emails'>>(
  {
    type: oneOf(EMAIL.properties.type.enum, { personal: 'home', business: 'work' }, 'other'),
    email: text(EMAIL.properties.email, isEmailRelaxed, 'an email address'),
    verified: bool,
  },
  EMAIL.required,
  'email',
);

const PHONE = P.phones.items;
const phoneNumber = text(PHONE.properties.phone, isPhoneNumber, 'a phone number');
const PHONE_MEANING = { cell: 'mobile', personal: 'home', business: 'work' } as const;
const phone = record<Item<'phones'>>(
  {
    type: oneOf(PHONE.properties.type.enum, PHONE_MEANING, 'other'),
    phone: phoneNumber,
    verified: bool,
  },
  PHONE.required,
  'phone',
);
const WHATSAPP = P.whatsapps.items;
const whatsapp = record<Item<'whatsapps'>>(
  {
    type: oneOf(WHATSAPP.properties.type.enum, { cell: 'mobile' }),
    phone: phoneNumber,
    verified: bool,
  },
  WHATSAPP.required,
  'phone',
);

const SOCIAL = P.socials.items;
const social = record<Item<'socials'>>(
  {
    type: oneOf(SOCIAL.properties.type.enum),
    userid: text(SOCIAL.properties.userid),
    username: text(SOCIAL.properties.username),
    url: uri(SOCIAL.properties.url),
    verified: bool,
  },
  SOCIAL.required,
);

const FACEBOOK = P.facebookIds.items;
const facebookId = record<Item<'facebookIds'>>(
  {
    pageId: text(FACEBOOK.properties.pageId),
    userId: text(FACEBOOK.properties.userId),
    name: text(FACEBOOK.properties.name),
  },
  FACEBOOK.required,
);

const INSTAGRAM = P.instagramIds.items;
const instagramId = record<Item<'instagramIds'>>(
  {
    pageId: text(INSTAGRAM.properties.pageId),
    threadId: text(INSTAGRAM.properties.threadId),
    username: text(INSTAGRAM.properties.username),
    instagramId: text(INSTAGRAM.properties.instagramId),
  },
  INSTAGRAM.required,
);

const URL = P.urls.items;
const website = record<Item<'urls'>>(
  { type: oneOf(URL.properties.type.enum), url: webAddress(URL.properties.url) },
  URL.required,
  'url',
);

const SENTIMENT = P.sentiment;
const sentiment = record<NonNullable<CustomerBody['sentiment']>>(
  {
    polarity: oneOf(SENTIMENT.properties.polarity.enum),
    confidence: numeric(SENTIMENT.properties.confidence),
  },
  SENTIMENT.required,
);

/** A single email or phone where a list is wanted: RudderStack sends it with the type `home`. */
function home<T extends { type?: string }>(item: Rule<T>): Rule<T> {
  return (value, path, w) => {
    const made = item(value, path, w);
    return made && { ...made, type: 'home' };
  };
}

/** Kustomer's customer fields, each with its sources in order and its rule (docs/mapping.md). */
export const CUSTOMER_FIELDS: readonly FieldEntry[] = [
  { to: 'name', from: sources(...traits('name'), fullName), rule: text(P.name) },
  /** docs/deviations.md D14. */
  { to: 'username', from: sources(...traits('userName', 'username')), rule: text(P.username) },
  {
    to: 'company',
    from: sources(
      'traits.company.name',
      'traits.company',
      'context.traits.company.name',
      'context.traits.company',
    ),
    rule: text(P.company),
  },
  {
    to: 'signedUpAt',
    from: sources(...traits('signedUpAt'), ...traits('createdAt')),
    rule: dateTime,
  },
  { to: 'lastActivityAt', from: sources(...traits('lastActivityAt')), rule: dateTime },
  {
    to: 'lastCustomerActivityAt',
    from: sources(...traits('lastCustomerActivityAt')),
    rule: dateTime,
  },
  { to: 'lastSeenAt', from: sources(...traits('lastSeenAt')), rule: dateTime },
  { to: 'importedAt', from: sources(...traits('importedAt')), rule: dateTime },
  { to: 'birthdayAt', from: sources(...traits('birthday'), ...traits('dob')), rule: dateTime },
  { to: 'avatarUrl', from: sources(...traits('avatar')), rule: uri(P.avatarUrl) },
  { to: 'gender', from: sources(...traits('gender')), rule: gender },
  { to: 'tags', from: sources(...traits('tags')), rule: list(tag, P.tags.maxItems, tag) },
  {
    to: 'locale',
    from: sources(...traits('locale'), 'context.locale'),
    rule: text(P.locale),
  },
  { to: 'timeZone', from: sources(...traits('timeZone')), rule: text(P.timeZone) },
  { to: 'defaultLang', from: sources(...traits('defaultLanguage')), rule: text(P.defaultLang) },
  { to: 'rev', from: sources(...traits('rev')), rule: numeric(P.rev, true) },
  /** The single `email` never falls back to `context.externalId` (docs/deviations.md D6). */
  {
    to: 'emails',
    from: sources(...traits('emails'), ...traits('email')),
    rule: list(email, P.emails.maxItems, home(email)),
  },
  {
    to: 'phones',
    from: sources(...traits('phones'), ...traits('phone')),
    rule: list(phone, P.phones.maxItems, home(phone)),
  },
  {
    to: 'whatsapps',
    from: sources(...traits('whatsapps')),
    rule: list(whatsapp, P.whatsapps.maxItems),
  },
  { to: 'socials', from: sources(...traits('socials')), rule: list(social, P.socials.maxItems) },
  {
    to: 'facebookIds',
    from: sources(...traits('facebookIds')),
    rule: list(facebookId, P.facebookIds.maxItems),
  },
  {
    to: 'instagramIds',
    from: sources(...traits('instagramIds')),
    rule: list(instagramId, P.instagramIds.maxItems),
  },
  {
    to: 'urls',
    from: sources(...traits('website')),
    rule: list(website, P.urls.maxItems, website),
  },
  { to: 'locations', from: sources(...traits('address')), rule: addressLine },
  { to: 'sentiment', from: sources(...traits('sentiment')), rule: sentiment },
  /** docs/deviations.md D16; `customAttributes` adds to it in identify.ts. */
  { to: 'custom', from: sources(...traits('customObject')), rule: customObject },
];

/** Every trait name some field reads, for the traits that are not sent. */
export const READ_TRAITS: ReadonlySet<string> = new Set(
  [...CUSTOMER_FIELDS.flatMap((f) => f.from), ...FIRST_NAME, ...LAST_NAME].flatMap((s) =>
    'keys' in s && (s.root === 'traits' || s.root === 'context.traits') ? [s.keys[0] ?? ''] : [],
  ),
);
