/**
 * The identify mapping as a table: one entry per Kustomer customer field, with its sources in the
 * order they are tried and the rule that makes the value valid (docs/mapping.md). Every trait is read
 * from `traits`, then `context.traits`. Limits come from the spec (generated/limits.ts).
 */
import { CustomerBody as Spec } from '../../generated/limits.js';
import type { CustomerBody } from '../payloads.js';
import { customObject } from './custom.js';
import { isEmailRelaxed, isPhoneNumber } from './formats.js';
import { derived, isRecord, own, pick, sources, traits } from './read.js';
import {
  asText,
  bool,
  dateTime,
  type FieldEntry,
  type ItemOf,
  type Loose,
  list,
  numeric,
  oneOf,
  type Rule,
  record,
  type Text,
  text,
  uri,
  webAddress,
} from './rules.js';

type Item<K extends keyof CustomerBody> = ItemOf<CustomerBody, K>;

const P = Spec.properties;

const FIRST_NAME = traits('firstName', 'firstname', 'first_name');
const LAST_NAME = traits('lastName', 'lastname', 'last_name');
/** The traits a name is made of when there is no `name` trait. */
export const NAME_PARTS = [...FIRST_NAME, ...LAST_NAME];
/** Read by identify.ts as the company to link, never sent as a field (docs/deviations.md D18). */
export const COMPANY = traits('company');

/** The name from first and last name, joined with one space, when there is no `name` trait. */
const fullName = derived('traits.firstName/lastName', (m) => {
  const first = pick(m, FIRST_NAME)?.value;
  const last = pick(m, LAST_NAME)?.value;
  if (first === undefined || last === undefined) return first ?? last;
  const joined = [asText(first), asText(last)];
  return joined.includes(undefined) ? { first, last } : joined.join(' ');
});

/** Items whose properties are all text, such as facebookIds: keys and limits from the spec. */
function textItem<T extends object>(schema: {
  properties: Readonly<Record<string, { maxLength?: number }>>;
  required: readonly string[];
}): Rule<T, Loose<T>> {
  const shape = Object.fromEntries(Object.entries(schema.properties).map(([k, l]) => [k, text(l)]));
  // The shape has one text rule per property of T's schema.
  return record(shape as Parameters<typeof record<T>>[0], schema.required);
}

/** `street city state postalCode country` as one tidy line (docs/deviations.md D7, D12). */
const ADDRESS_PARTS = ['street', 'city', 'state', 'postalCode', 'country'];
const SPACES = /\s+/g;
/** A run of whitespace, or whitespace other than one space: what tidying would change. */
const UNTIDY = /\s\s|[^\S ]/;

/**
 * The parts present, each with its whitespace runs made one space and trimmed, joined by one space.
 * Joined first and tidied once, and only when there is something to tidy: the same line for less.
 */
function tidyLine(parts: readonly (string | undefined)[]): string {
  const line = parts.map((part) => part ?? '').join(' ');
  return (UNTIDY.test(line) ? line.replace(SPACES, ' ') : line).trim();
}

const addressText = text(P.locations.items.properties.address);

type LocationType = NonNullable<Item<'locations'>['type']>;

/** An address: one line, or its parts. */
type AddressInput =
  | Text
  | { street?: Text; city?: Text; state?: Text; postalCode?: Text; country?: Text };

/** An address string as is; an object as one line of its parts, or nothing when it has none. */
export function addressLine(type: LocationType): Rule<Item<'locations'>[], AddressInput> {
  return (value, path, w) => {
    const line = isRecord(value)
      ? tidyLine(ADDRESS_PARTS.map((key) => asText(own(value, key))))
      : value;
    if (line === '') {
      return w.drop(path, value, 'has no street, city, state, postal code or country');
    }
    const address = addressText(line, path, w);
    return address === undefined ? undefined : [{ type, address }];
  };
}

const gender = oneOf(P.gender.enum, { male: 'm', female: 'f' });
const TAG = new RegExp(P.tags.items.pattern, 'u');
export const tag = text(P.tags.items, (s) => TAG.test(s), 'a Kustomer tag');
/** Types outside Kustomer's enums map by meaning, anything else to `other` (docs/deviations.md D12). */
const MEANING = { cell: 'mobile', personal: 'home', business: 'work' } as const;

const E = P.emails.items;
export const email = record<Item<'emails'>, 'email'>(
  {
    type: oneOf(E.properties.type.enum, { personal: 'home', business: 'work' }, 'other'),
    email: text(E.properties.email, isEmailRelaxed, 'an email address'),
    verified: bool,
  },
  E.required,
  'email',
);
const PH = P.phones.items;
const phoneNumber = text(PH.properties.phone, isPhoneNumber, 'a phone number');
export const phone = record<Item<'phones'>, 'phone'>(
  { type: oneOf(PH.properties.type.enum, MEANING, 'other'), phone: phoneNumber, verified: bool },
  PH.required,
  'phone',
);
const WA = P.whatsapps.items;
export const whatsapp = record<Item<'whatsapps'>, 'phone'>(
  { type: oneOf(WA.properties.type.enum, { cell: 'mobile' }), phone: phoneNumber, verified: bool },
  WA.required,
  'phone',
);
const S = P.socials.items.properties;
export const social = record<Item<'socials'>>(
  {
    type: oneOf(S.type.enum),
    userid: text(S.userid),
    username: text(S.username),
    url: uri(S.url),
    verified: bool,
  },
  P.socials.items.required,
);
const U = P.urls.items;
export const website = record<Item<'urls'>, 'url'>(
  { type: oneOf(U.properties.type.enum), url: webAddress(U.properties.url) },
  U.required,
  'url',
);
const SE = P.sentiment;
const sentiment = record<NonNullable<CustomerBody['sentiment']>>(
  { polarity: oneOf(SE.properties.polarity.enum), confidence: numeric(SE.properties.confidence) },
  SE.required,
);

/**
 * A single email or phone where a list is wanted, with the type it gets: RudderStack sends a
 * customer's with the type `home`; a company's is `work`.
 */
export function ofType<T extends { type?: string }, In>(
  item: Rule<T, In>,
  type: NonNullable<T['type']>,
): Rule<T, In> {
  return (value, path, w) => {
    const made = item(value, path, w);
    // `made` is the rule's own fresh object; setting its type is cheaper than copying it.
    if (made !== undefined) made.type = type;
    return made;
  };
}

/** Kustomer's customer fields, each with its sources in order and its rule (docs/mapping.md). */
export const CUSTOMER_FIELDS = [
  { to: 'name', from: [...traits('name'), fullName], rule: text(P.name) },
  { to: 'username', from: traits('userName', 'username'), rule: text(P.username) }, // docs/deviations.md D14
  { to: 'signedUpAt', from: [...traits('signedUpAt'), ...traits('createdAt')], rule: dateTime },
  { to: 'lastActivityAt', from: traits('lastActivityAt'), rule: dateTime },
  { to: 'lastCustomerActivityAt', from: traits('lastCustomerActivityAt'), rule: dateTime },
  { to: 'lastSeenAt', from: traits('lastSeenAt'), rule: dateTime },
  { to: 'importedAt', from: traits('importedAt'), rule: dateTime },
  { to: 'birthdayAt', from: [...traits('birthday'), ...traits('dob')], rule: dateTime },
  { to: 'avatarUrl', from: traits('avatar'), rule: uri(P.avatarUrl) },
  { to: 'gender', from: traits('gender'), rule: gender },
  { to: 'tags', from: traits('tags'), rule: list(tag, P.tags.maxItems, tag) },
  { to: 'locale', from: [...traits('locale'), ...sources('context.locale')], rule: text(P.locale) },
  { to: 'timeZone', from: traits('timeZone'), rule: text(P.timeZone) },
  { to: 'defaultLang', from: traits('defaultLanguage'), rule: text(P.defaultLang) },
  { to: 'rev', from: traits('rev'), rule: numeric(P.rev, true) },
  // The single `email` never falls back to `context.externalId` (docs/deviations.md D6).
  {
    to: 'emails',
    from: [...traits('emails'), ...traits('email')],
    rule: list(email, P.emails.maxItems, ofType(email, 'home')),
  },
  {
    to: 'phones',
    from: [...traits('phones'), ...traits('phone')],
    rule: list(phone, P.phones.maxItems, ofType(phone, 'home')),
  },
  { to: 'whatsapps', from: traits('whatsapps'), rule: list(whatsapp, P.whatsapps.maxItems) },
  { to: 'socials', from: traits('socials'), rule: list(social, P.socials.maxItems) },
  {
    to: 'facebookIds',
    from: traits('facebookIds'),
    rule: list(textItem<Item<'facebookIds'>>(P.facebookIds.items), P.facebookIds.maxItems),
  },
  {
    to: 'instagramIds',
    from: traits('instagramIds'),
    rule: list(textItem<Item<'instagramIds'>>(P.instagramIds.items), P.instagramIds.maxItems),
  },
  { to: 'urls', from: traits('website'), rule: list(website, P.urls.maxItems, website) },
  { to: 'locations', from: traits('address'), rule: addressLine('home') },
  { to: 'sentiment', from: traits('sentiment'), rule: sentiment },
  // docs/deviations.md D16; the `customAttributes` option adds to it (identify.ts).
  { to: 'custom', from: traits('customObject'), rule: customObject },
] as const satisfies readonly FieldEntry<CustomerBody>[];

/** Every trait name some field reads, for the traits that are not sent. */
export const READ_TRAITS: ReadonlySet<string> = new Set(
  [...CUSTOMER_FIELDS.flatMap((f) => f.from), ...NAME_PARTS, ...COMPANY]
    .filter((s) => s.root === 'traits' || s.root === 'context.traits')
    .map((s) => s.keys[0] ?? ''),
);
