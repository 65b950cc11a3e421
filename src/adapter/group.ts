/**
 * Group → a Kustomer company: the update of an existing company, the create of a new one, and the
 * traits that are not sent (docs/mapping.md#group--company; names shorter than Kustomer allows:
 * docs/deviations.md D17). RudderStack's Kustomer destination refuses group events (D19).
 */
import type { CompanyCreateBody, CompanyUpdateBody } from '../payloads.js';
import { fitPart, jsonBound } from './body-size.js';
import {
  COMPANY_FIELDS,
  companyName,
  DOMAIN_SOURCES,
  domainsOf,
  fallbackName,
  groupTraits,
  NAME,
  READ_GROUP_TRAITS,
} from './company-fields.js';
import { mappedAttributes } from './custom.js';
import { lookupsOf } from './identify.js';
import { isPresent, type Message, message, own, pick, sources } from './read.js';
import { asText, dateTime, hasLength, setField, take } from './rules.js';
import type { MappedGroup, MapperOptions, RudderMessage } from './types.js';
import { validateGroup } from './validate.js';
import { Warnings } from './warnings.js';

/** Maps a group event to the company to update or create. */
export function mapGroup(event: RudderMessage, options: MapperOptions = {}): MappedGroup {
  const valid = validateGroup(event);
  const m = message(event);
  const w = new Warnings();
  const body: CompanyUpdateBody = { externalId: valid.groupId };
  const name = nameTrait(m, valid.groupId, w);
  if (name !== undefined) body.name = name;
  for (const { to, from, rule } of COMPANY_FIELDS) setField(body, to, from, rule, m, w);
  const domains = domainsOf(presentValues(m), w);
  if (domains !== undefined) body.domains = domains;
  const mapping = options.companyCustomAttributes ?? {};
  if (options.companyCustomAttributes) {
    const custom = mappedAttributes(m, mapping, body.custom, w, groupTraits);
    if (custom !== undefined) body.custom = custom;
  }
  const create: CompanyCreateBody = { ...body, name: name ?? fallbackName(valid.groupId) };
  for (const key of ['createdAt', 'importedAt'] as const) {
    const value = take(m, groupTraits(key), dateTime, w);
    if (value !== undefined) create[key] = value;
  }
  // The create holds everything the update does and more: what fits it fits both.
  const custom = fitPart(
    create.custom,
    jsonBound(create),
    (part) => ({ ...create, custom: part }),
    'custom',
    w,
  );
  for (const sent of [body, create]) {
    if (custom === undefined) delete sent.custom;
    else sent.custom = custom;
  }
  return {
    type: 'group',
    userKey: valid.userKey,
    groupId: valid.groupId,
    warnings: w.list,
    notSent: notSent(m, mapping),
    body,
    create,
    lookups: lookupsOf(m, valid, sources('context.traits.email')),
  };
}

function presentValues(m: Message): { value: unknown; path: string }[] {
  return DOMAIN_SOURCES.map((source) => pick(m, [source])).filter((p) => p !== undefined);
}

/**
 * `traits.name` made a valid company name (docs/deviations.md D17): 3 to 255 characters kept; a
 * shorter one gets the group id after it, `HP (hp-inc)`; a longer one is cut with a warning.
 */
function nameTrait(m: Message, groupId: string, w: Warnings): string | undefined {
  const found = pick(m, groupTraits('name'));
  if (found === undefined) return undefined;
  const name = asText(found.value);
  if (name === undefined || name.trim() === '') {
    return w.drop(found.path, found.value, 'is not a company name');
  }
  if (!hasLength(name, 0, NAME.maxLength)) {
    w.change(found.path, found.value, `is longer than ${NAME.maxLength} characters: cut`);
  }
  return companyName(name, groupId);
}

/** Present group traits that no field reads and `companyCustomAttributes` does not map. */
function notSent(m: Message, mapping: Readonly<Record<string, string>>): string[] {
  const traits = m.traits;
  if (typeof traits !== 'object' || traits === null || Array.isArray(traits)) return [];
  return Object.keys(traits)
    .filter((key) => !READ_GROUP_TRAITS.has(key) && !Object.hasOwn(mapping, key))
    .filter((key) => isPresent(own(traits, key)))
    .map((key) => `traits.${key}`);
}
