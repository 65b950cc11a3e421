/**
 * The one path-value rule, for call descriptions and the public client alike (invariant 6,
 * docs/architecture.md#invariants). openapi-fetch encodes a path value with `encodeURIComponent`,
 * which leaves `.` alone, so:
 * - an empty value is refused everywhere (`/v1/customers/` or `email=` names nothing);
 * - `.` and `..` are refused only where the value is a whole segment (`/v1/customers/{id}`): there
 *   URL parsing collapses them (`/v1/customers/..` is `/v1/`); after a literal (`externalId={externalId}`)
 *   `externalId=..` is one ordinary segment;
 * - a lone UTF-16 surrogate is refused everywhere: it has no UTF-8 form (`encodeURIComponent`
 *   throws `URIError`).
 * A refusal is an `InvalidEventError` naming the path template, never the value, which may be
 * personal data.
 */
import { InvalidEventError } from '../errors.js';

/** Throws `InvalidEventError` when `value` cannot be the `{name}` of `template`. */
export function checkPathValue(template: string, name: string, value: unknown): void {
  refuse(template, name, pathValueProblem(template, name, value));
}

const LONE_SURROGATE = 'contains an unpaired UTF-16 surrogate';

function refuse(template: string, name: string, problem: string | undefined): void {
  if (problem !== undefined) {
    throw new InvalidEventError(`The ${name} for ${template} ${problem}`, { field: name });
  }
}

function pathValueProblem(template: string, name: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `is ${typeof value}, not a string`;
  if (value === '') return 'is empty';
  if ((value === '.' || value === '..') && isWholeSegment(template, name)) {
    return `is '${value}', which would change the request path`;
  }
  if (!value.isWellFormed()) return LONE_SURROGATE;
  return undefined;
}

/**
 * The same rule for a query value (`?name=…` of a company lookup): a string holding an unpaired
 * surrogate has no UTF-8 form either (`URLSearchParams` would turn it into U+FFFD, another name).
 */
export function checkQueryValue(template: string, name: string, value: unknown): void {
  const wellFormed = typeof value !== 'string' || value.isWellFormed();
  refuse(template, name, wellFormed ? undefined : LONE_SURROGATE);
}

/** Whether `{name}` fills a whole segment of `template`, with a `/` or the end on each side. */
function isWholeSegment(template: string, name: string): boolean {
  const at = template.indexOf(`{${name}}`);
  const end = at + name.length + 2;
  return at > 0 && template[at - 1] === '/' && (end === template.length || template[end] === '/');
}
