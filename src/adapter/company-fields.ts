/**
 * The group mapping as a table: one entry per Kustomer company field, with its sources in order and
 * the rule that makes the value valid (docs/mapping.md#group--company). A group's traits describe the
 * company, so they are read from `traits` only, never from `context.traits` (the user's). Limits
 * come from the spec (generated/limits.ts); the item rules are the customer's, whose schemas the
 * company shares.
 */
import { CompanyCreateBody as Spec } from '../../generated/limits.js';
import type { CompanyUpdateBody } from '../payloads.js';
import { customObject } from './custom.js';
import {
  addressLine,
  email,
  ofType,
  phone,
  social,
  tag,
  website,
  whatsapp,
} from './customer-fields.js';
import { isDomainName } from './formats.js';
import { type Source, sources } from './read.js';
import {
  asText,
  type FieldEntry,
  hasLength,
  type ItemOf,
  list,
  numeric,
  type Rule,
  text,
  uri,
} from './rules.js';

type Item<K extends keyof CompanyUpdateBody> = ItemOf<CompanyUpdateBody, K>;

const P = Spec.properties;
/** Kustomer's company name limits. */
export const NAME = P.name;

/** `traits.<key>` for each key: a group's own traits. */
export const groupTraits = (...keys: string[]): Source[] =>
  sources(...keys.map((k) => `traits.${k}` as const));

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The host of a web address or a bare domain, lowercase and without a final dot or a `www.`:
 * `https://WWW.Acme.com/about` → `acme.com`. Kustomer matches companies by domain, and `www.` is
 * never part of one a person would type.
 */
function hostOf(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return undefined;
  try {
    const { hostname } = new URL(SCHEME.test(trimmed) ? trimmed : `http://${trimmed}`);
    const host = hostname
      .toLowerCase()
      .replace(/\.$/, '')
      .replace(/^www\./, '');
    return isDomainName(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

const DOMAIN = P.domains.items.properties.domain;

/** A domain item from a web address or a bare domain (docs/mapping.md#group--company). */
const domain: Rule<Item<'domains'>> = (value, path, w) => {
  const raw = asText(value);
  const host = raw === undefined ? undefined : hostOf(raw);
  if (host !== undefined && host.length <= DOMAIN.maxLength) return { domain: host };
  return w.drop(path, value, 'is not a web address or a domain name');
};

/** Kustomer's company fields, each with its sources in order and its rule (docs/mapping.md). */
export const COMPANY_FIELDS: readonly FieldEntry<CompanyUpdateBody>[] = [
  { to: 'avatarUrl', from: groupTraits('avatar', 'logo'), rule: uri(P.avatarUrl) },
  {
    to: 'emails',
    from: groupTraits('emails', 'email'),
    rule: list(email, P.emails.maxItems, ofType(email, 'work')),
  },
  {
    to: 'phones',
    from: groupTraits('phones', 'phone'),
    rule: list(phone, P.phones.maxItems, ofType(phone, 'work')),
  },
  { to: 'whatsapps', from: groupTraits('whatsapps'), rule: list(whatsapp, P.whatsapps.maxItems) },
  { to: 'socials', from: groupTraits('socials'), rule: list(social, P.socials.maxItems) },
  { to: 'urls', from: groupTraits('website'), rule: list(website, P.urls.maxItems, website) },
  { to: 'locations', from: groupTraits('address'), rule: addressLine('work') },
  {
    to: 'employeeCount',
    from: groupTraits('employees', 'employeeCount'),
    rule: numeric(P.employeeCount, true),
  },
  { to: 'tags', from: groupTraits('tags'), rule: list(tag, P.tags.maxItems, tag) },
  { to: 'defaultLang', from: groupTraits('defaultLanguage'), rule: text(P.defaultLang) },
  { to: 'rev', from: groupTraits('rev'), rule: numeric(P.rev, true) },
  { to: 'custom', from: groupTraits('customObject'), rule: customObject },
];

/** Where domains come from, every one of them (not the first present): `domains`, `domain`, `website`. */
export const DOMAIN_SOURCES = groupTraits('domains', 'domain', 'website');

/** Up to Kustomer's count of unique domains from every domain source. */
export function domainsOf(
  values: readonly { value: unknown; path: string }[],
  w: Parameters<Rule<unknown>>[2],
): Item<'domains'>[] | undefined {
  const out: Item<'domains'>[] = [];
  for (const { value, path } of values) {
    const items = Array.isArray(value)
      ? value.map((v, i) => [v, `${path}[${i}]`] as const)
      : [[value, path] as const];
    for (const [item, at] of items) {
      const made = domain(item, at, w);
      if (made === undefined || out.some((kept) => kept.domain === made.domain)) continue;
      if (out.length === P.domains.maxItems) {
        w.drop(at, item, `is beyond Kustomer's ${P.domains.maxItems} domains`);
        continue;
      }
      out.push(made);
    }
  }
  return out.length > 0 ? out : undefined;
}

/** Every group trait some field reads, for the traits that are not sent. */
export const READ_GROUP_TRAITS: ReadonlySet<string> = new Set([
  'name',
  'createdAt',
  'importedAt',
  ...[...COMPANY_FIELDS.flatMap((f) => f.from), ...DOMAIN_SOURCES].map((s) => s.keys[0] ?? ''),
]);

/** Cut to Kustomer's maximum, counting code points as the spec does. */
function cut(text: string): string {
  return hasLength(text, 0, NAME.maxLength) ? text : [...text].slice(0, NAME.maxLength).join('');
}

/** A name made one Kustomer takes (docs/deviations.md D17): a short one gets the group id after it. */
export function companyName(name: string, groupId: string): string {
  return cut(hasLength(name, NAME.minLength) ? name : `${name} (${groupId})`);
}

/** The name a company created without one gets: its group id, padded like a short name. */
export function fallbackName(groupId: string): string {
  return hasLength(groupId, NAME.minLength) ? cut(groupId) : `Group ${groupId}`;
}
