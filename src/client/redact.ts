/**
 * Keeps the API key out of everything an error carries. Kustomer has no reason to echo the key,
 * but a proxy's error page might, and a key holding `"` or `\` reads differently once a body is
 * JSON-encoded: both the raw key and its JSON-escaped form are replaced.
 */

export const REDACTED = '[REDACTED]';

// Error bodies nested deeper than this are not Kustomer's; their inner part is not kept.
const MAX_DEPTH = 32;
const TOO_DEEP = '[omitted: nested too deep]';

/** The forms a key can take in text: itself, and as it reads inside a JSON string. */
export function secretForms(secret: string): string[] {
  if (secret === '') return [];
  const escaped = JSON.stringify(secret).slice(1, -1);
  return escaped === secret ? [secret] : [secret, escaped];
}

/** The text with every form of the key replaced. */
export function scrub(text: string, secret: string): string {
  let out = text;
  for (const form of secretForms(secret)) {
    if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

/**
 * A copy of a parsed error body with the key scrubbed from every string, object keys included.
 * Keys are copied as own properties, so a `__proto__` key stays data.
 */
export function scrubBody(body: unknown, secret: string): unknown {
  return scrubValue(body, secret, 0);
}

function scrubValue(value: unknown, secret: string, depth: number): unknown {
  if (typeof value === 'string') return scrub(value, secret);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secret, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      scrub(key, secret),
      scrubValue(item, secret, depth + 1),
    ]),
  );
}
