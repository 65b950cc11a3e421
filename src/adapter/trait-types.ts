/**
 * The `Traits` type, worked out from the identify mapping (customer-fields.ts): every trait a field
 * reads, typed as the input its rule is written for, plus the name parts and the company that
 * identify reads beside the table. A trait added to the mapping is in the type with nothing else to
 * edit.
 */
import type { COMPANY, CUSTOMER_FIELDS, NAME_PARTS } from './customer-fields.js';
import type { TraitSource } from './read.js';
import type { InputOf, Text } from './rules.js';

type Field = (typeof CUSTOMER_FIELDS)[number];
type TraitOf<S> = S extends TraitSource<infer K> ? K : never;

/** What the rules of the fields reading trait `K` take. */
type InputFor<K extends string, F = Field> = F extends { from: readonly (infer S)[]; rule: infer R }
  ? K extends TraitOf<S>
    ? InputOf<R>
    : never
  : never;

type FieldTraits = { [K in TraitOf<Field['from'][number]>]?: InputFor<K> };
type NameTraits = { [K in TraitOf<(typeof NAME_PARTS)[number]>]?: Text };
/** A company name, or an object with its name and id (docs/mapping.md). */
type CompanyTraits = {
  [K in TraitOf<(typeof COMPANY)[number]>]?:
    | Text
    | { name?: Text; id?: Text; [key: string]: unknown };
};

/** The traits identify reads (docs/mapping.md); any other trait is allowed and listed as not sent. */
export type Traits = FieldTraits & NameTraits & CompanyTraits & { [trait: string]: unknown };
