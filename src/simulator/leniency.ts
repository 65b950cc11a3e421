/**
 * What Kustomer accepts where this package's spec is stricter. The spec holds the package's own
 * requests to a safe subset of Kustomer (docs/kustomer-api.md §6.2, §8.2, §8.3); a service tested
 * against the simulator may send anything Kustomer's own document accepts. By default the
 * simulator drops the problems below from the spec's verdict. docs/simulator.md lists them.
 */
import { anyOffsetDateTime, type FormatCheck } from './formats.js';
import { loadKustomerSpec, type SchemaIssue, type SchemaName } from './openapi.js';

interface Tolerance {
  /** The problem's JSON pointer, relative to the schema's root (indexes as digits). */
  path: RegExp;
  keywords: readonly string[];
}

/** Per body schema: problems that Kustomer's document does not raise. */
const TOLERATED: Partial<Record<SchemaName, readonly Tolerance[]>> = {
  CustomerBody: [
    // No length limit on these in Kustomer's document.
    { path: /^\/(company|avatarUrl)$/, keywords: ['maxLength'] },
    { path: /^\/(shared)?[eE]mails\/\d+\/email$/, keywords: ['maxLength'] },
    { path: /^\/urls\/\d+\/url$/, keywords: ['maxLength'] },
    { path: /^\/locations\/\d+\/name$/, keywords: ['maxLength'] },
    { path: /^\/locations\/\d+\/(latitude|longitude)$/, keywords: ['minimum', 'maximum'] },
    // `rev` is any number in Kustomer's request schema (an integer in its responses).
    { path: /^\/rev$/, keywords: ['minimum'] },
    // Ajv reports a failed `propertyNames` at the object, with the name's own keyword.
    { path: /^\/custom$/, keywords: ['propertyNames', 'maxLength'] },
  ],
  TrackingIdentity: [
    { path: /^\/(trackingId|sessionId|name|company|email)$/, keywords: ['maxLength'] },
    { path: /^\/externalId$/, keywords: ['minLength'] },
    { path: /^\/location\/name$/, keywords: ['maxLength'] },
    { path: /^\/location\/(latitude|longitude)$/, keywords: ['minimum', 'maximum'] },
    // Identity tags are plain strings in Kustomer's document, unlike customer tags.
    { path: /^\/tags\/\d+$/, keywords: ['minLength', 'maxLength', 'pattern'] },
    { path: /^\/custom$/, keywords: ['propertyNames', 'maxLength'] },
  ],
  TrackingEvent: [{ path: /^\/(trackingId|sessionId)$/, keywords: ['minLength', 'maxLength'] }],
};

/** The issues Kustomer would also raise for a body of this schema. */
function kustomerIssues(schema: SchemaName, issues: readonly SchemaIssue[]): SchemaIssue[] {
  return issues.filter((issue) => !tolerated(schema, issue.path, issue));
}

function tolerated(schema: SchemaName, path: string, issue: SchemaIssue): boolean {
  if (schema === 'IdentityEventBody') {
    const part = /^\/(identity|event)(\/.*)?$/.exec(path);
    if (part?.[1] === 'identity') return tolerated('TrackingIdentity', part[2] ?? '', issue);
    if (part?.[1] === 'event') return tolerated('TrackingEvent', part[2] ?? '', issue);
    return false;
  }
  if (schema === 'CustomerBody' && path === '/rev' && issue.keyword === 'type') {
    return typeof issue.value === 'number';
  }
  return (TOLERATED[schema] ?? []).some(
    (rule) => rule.keywords.includes(issue.keyword) && rule.path.test(path),
  );
}

const PHONE = /^\+?[0-9 ().\-/]+((x|ext\.?) ?[0-9]+)?$/i;

/**
 * Format checks as loose as Kustomer's: `phone-number` (and WhatsApp numbers, which the spec
 * checks with it) takes any written form with 3 to 20 digits, such as `(555) 123-4567` or
 * `+1 555 123 4567 ext. 9`; `date-time` also takes the `±hhmm` and `±hh` offsets of Kustomer's
 * format library (https://github.com/kustomer/tv4-formats/blob/HEAD/tests/index.test.js).
 */
const kustomerFormats: Readonly<Record<string, FormatCheck>> = {
  'phone-number': (value) => {
    const digits = value.replace(/\D/g, '').length;
    return PHONE.test(value) && digits >= 3 && digits <= 20;
  },
  // ajv-formats takes those offsets; Kustomer's library refuses a space for the `T`.
  'date-time': (value) => !/\s/.test(value) && anyOffsetDateTime(value),
};

export type BodyCheck = (schema: SchemaName, body: unknown) => SchemaIssue[];

/** Checks a body strictly against the package's spec, or as Kustomer would. */
export function bodyCheck(strict: boolean): BodyCheck {
  if (strict) {
    const spec = loadKustomerSpec();
    return (schema, body) => spec.validate(schema, body);
  }
  const spec = loadKustomerSpec(kustomerFormats);
  return (schema, body) => kustomerIssues(schema, spec.validate(schema, body));
}
