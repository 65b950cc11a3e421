/**
 * Identify → a Kustomer customer body, the ordered lookups that find an existing customer, and the
 * traits that are not sent (docs/mapping.md; docs/rudder-contract.md §6 "Identify").
 */
import type { CustomerBody } from '../payloads.js';
import { entryBound, fitPart, jsonBound } from './body-size.js';
import { companyName, fallbackName } from './company-fields.js';
import { mappedAttributes } from './custom.js';
import { COMPANY, CUSTOMER_FIELDS, READ_TRAITS } from './customer-fields.js';
import { isPresent, type Message, message, own, pick, type Source, sources } from './read.js';
import { setField } from './rules.js';
import type {
  CompanyReference,
  CustomerLookup,
  MappedIdentify,
  MapperOptions,
  RudderMessage,
} from './types.js';
import { expectType, idValue, type ValidEvent } from './validate.js';
import { Warnings } from './warnings.js';

const EXTERNAL_IDS = sources('context.externalId');
/** RudderStack looks customers up by the single email trait only, never by `emails`. */
const LOOKUP_EMAIL = sources('traits.email', 'context.traits.email');

/** Maps an identify event to a customer body and its lookups. */
export function mapIdentify(event: RudderMessage, options: MapperOptions = {}): MappedIdentify {
  return mapValidIdentify(event, expectType(event, 'identify', 'mapIdentify'), options);
}

/** `mapIdentify` for an event `validateEvent` has already accepted. */
export function mapValidIdentify(
  event: RudderMessage,
  valid: ValidEvent,
  options: MapperOptions,
): MappedIdentify {
  const m = message(event);
  const w = new Warnings();
  /** docs/deviations.md D10: only the message's userId, else its anonymousId. */
  const body: CustomerBody = { externalId: valid.userKey };
  // The body's bound is counted field by field: walking the finished body, which V8 keeps as a
  // dictionary once it has this many keys, took a tenth of the mapper (bench/README.md).
  let bytes = jsonBound(body);
  for (const { to, from, rule } of CUSTOMER_FIELDS) {
    const value = setField(body, to, from, rule, m, w);
    if (value !== undefined) bytes += entryBound(to, value);
  }
  const mapping = options.customAttributes ?? {};
  const mapped = options.customAttributes
    ? mappedAttributes(m, mapping, body.custom, w)
    : body.custom;
  const custom = fitPart(mapped, bytes, (part) => ({ ...body, custom: part }), 'custom', w);
  if (custom === undefined) delete body.custom;
  else body.custom = custom;
  const plan: MappedIdentify = {
    type: 'identify',
    userKey: valid.userKey,
    warnings: w.list,
    notSent: notSent(m, mapping),
    body,
    lookups: lookupsOf(m, valid),
  };
  const company = companyReference(m, w);
  if (company !== undefined) plan.company = company;
  return plan;
}

/**
 * `traits.company` as the company to link: `{ id }` by external id (the groupId a group event gave
 * it), else `{ name }` or a bare name by exact name (docs/deviations.md D18).
 */
function companyReference(m: Message, w: Warnings): CompanyReference | undefined {
  const found = pick(m, COMPANY);
  if (found === undefined) return undefined;
  const { value, path } = found;
  const name = typeof value === 'object' ? own(value, 'name') : value;
  const text = typeof name === 'number' && Number.isFinite(name) ? String(name) : name;
  const id = idValue(own(value, 'id'));
  if (id !== undefined) {
    const valid = typeof text === 'string' && text.trim() !== '';
    return { by: 'externalId', value: id, name: valid ? companyName(text, id) : fallbackName(id) };
  }
  if (typeof text === 'string' && text.trim() !== '') return { by: 'name', value: text };
  return w.drop(path, value, 'names no company (an id, a name, or { id, name })');
}

/**
 * Present traits that no field reads and `customAttributes` does not map, each once, by the path it
 * would be read from first (`traits.plan`, else `context.traits.plan`).
 */
function notSent(m: Message, mapping: Readonly<Record<string, string>>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const root of ['traits', 'context.traits'] as const) {
    const traits = m[root];
    if (typeof traits !== 'object' || traits === null || Array.isArray(traits)) continue;
    for (const key of Object.keys(traits)) {
      if (READ_TRAITS.has(key) || Object.hasOwn(mapping, key) || seen.has(key)) continue;
      if (!isPresent(own(traits, key))) continue;
      seen.add(key);
      out.push(`${root}.${key}`);
    }
  }
  return out;
}

/**
 * kustomerId (no request) → email → userId → anonymousId, without repeats (docs/architecture.md).
 * A group reads the user's email from `context.traits` only: its `traits` describe the company.
 */
export function lookupsOf(
  m: Message,
  valid: Pick<ValidEvent, 'userId' | 'anonymousId'>,
  emailFrom: readonly Source[] = LOOKUP_EMAIL,
): CustomerLookup[] {
  const out: CustomerLookup[] = [];
  const ids = pick(m, EXTERNAL_IDS)?.value;
  const kustomer = Array.isArray(ids)
    ? ids.find((e) => own(e, 'type') === 'kustomerId')
    : undefined;
  const kustomerId = idValue(own(kustomer, 'id'));
  if (kustomerId !== undefined) out.push({ by: 'kustomerId', value: kustomerId });
  const email = pick(m, emailFrom)?.value;
  if (typeof email === 'string') out.push({ by: 'email', value: email });
  if (valid.userId !== undefined) out.push({ by: 'externalId', value: valid.userId });
  if (valid.anonymousId !== undefined && valid.anonymousId !== valid.userId) {
    out.push({ by: 'externalId', value: valid.anonymousId });
  }
  return out;
}
