/**
 * What makes a value unusable as one path segment. openapi-fetch encodes a path value with
 * `encodeURIComponent`, which leaves `.` alone: a bare `.` or `..` would be a dot segment that URL
 * parsing collapses (`/v1/customers/..` is `/v1/`), and a lone UTF-16 surrogate has no UTF-8 form
 * (`encodeURIComponent` throws `URIError`). One rule for the client and the call descriptions.
 * `prefixed`: the template puts a literal before the value (`email={email}`), so a dot cannot escape.
 */
export function segmentProblem(value: unknown, { prefixed = false } = {}): string | undefined {
  if (typeof value !== 'string') return `is ${typeof value}, not a string`;
  if (value === '') return 'is empty';
  if (!prefixed && (value === '.' || value === '..'))
    return `is '${value}', which would change the request path`;
  if (/\p{Cs}/u.test(value)) return 'contains an unpaired UTF-16 surrogate';
  return undefined;
}
