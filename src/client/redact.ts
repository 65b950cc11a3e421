/**
 * The one scrubber: keeps the API key out of everything an error, a log line or an answer carries.
 * Kustomer has no reason to echo the key, but a proxy's error page might, in any field (message,
 * code, title, detail, source, headers) and in any encoding a server applies: raw, inside a JSON
 * string, HTML-escaped or URL-encoded. Every form is replaced.
 *
 * A key shorter than `WHOLE_TOKEN_BELOW` characters cannot be a secret worth hiding inside words
 * (Kustomer's keys are JWTs of hundreds of characters): such a key is replaced only where it stands
 * as a whole token, never inside a word, so `apiKey: 't'` leaves "externalId" readable
 * (docs/reliability.md §6).
 */

const REDACTED = '[REDACTED]';

/** Keys shorter than this are replaced only as whole tokens. */
const WHOLE_TOKEN_BELOW = 8;

// Error bodies nested deeper than this are not Kustomer's; their inner part is not kept.
const MAX_DEPTH = 32;
const TOO_DEEP = '[omitted: nested too deep]';

/**
 * How one character of the key can read in text: itself; inside a JSON string (once, or twice for
 * JSON inside JSON); HTML-escaped (named, decimal or hex entity); URL-encoded (either hex case, `+`
 * for a space). A server may escape some characters and not others, so each character of the key
 * may take any of its forms independently.
 */
function characterForms(c: string): string[] {
  const forms = new Set([c]);
  const json = JSON.stringify(c).slice(1, -1);
  forms.add(json);
  forms.add(JSON.stringify(json).slice(1, -1));
  const code = c.codePointAt(0) ?? 0;
  if (/[&<>"']/.test(c)) {
    forms.add(`&#${code};`);
    forms.add(`&#x${code.toString(16)};`);
    forms.add(`&#x${code.toString(16).toUpperCase()};`);
    const named = NAMED_ENTITIES[c];
    if (named) forms.add(named);
  }
  // A lone surrogate has no URL form (encodeURIComponent throws).
  const encoded = !/\p{Cs}/u.test(c) ? encodeURIComponent(c).replace(/[!'()*]/g, hex) : c;
  forms.add(encoded);
  forms.add(encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
  if (c === ' ') forms.add('+');
  return [...forms].sort((a, b) => b.length - a.length);
}

const NAMED_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

const scrubbers = new Map<string, RegExp>();

/** The text with every form of the key replaced. */
export function scrub(text: string, secret: string): string {
  if (secret === '' || text === '') return text;
  let pattern = scrubbers.get(secret);
  if (pattern === undefined) {
    pattern = patternFor(secret);
    // One entry per key in use; a server holding thousands of keys does not grow this without end.
    if (scrubbers.size >= 64) scrubbers.clear();
    scrubbers.set(secret, pattern);
  }
  return text.replace(pattern, REDACTED);
}

function patternFor(secret: string): RegExp {
  const chars = [...secret];
  const body = chars
    .map((c) => {
      const forms = characterForms(c);
      return forms.length === 1 ? escapeRegExp(c) : `(?:${forms.map(escapeRegExp).join('|')})`;
    })
    .join('');
  const whole = chars.length < WHOLE_TOKEN_BELOW;
  return new RegExp(whole ? `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])` : body, 'gu');
}

/**
 * A copy of a parsed error body with the key scrubbed from every string, object keys included.
 * Keys are copied as own properties, so a `__proto__` key stays data.
 */
export function scrubBody(body: unknown, secret: string): unknown {
  return scrubValue(body, secret, 0);
}

/** Response headers as a caller may see them, with the key scrubbed from every value. */
export function scrubHeaders(headers: Headers, secret: string): Headers {
  let clean: Headers | undefined;
  for (const [name, value] of headers) {
    const scrubbed = scrub(value, secret);
    if (scrubbed === value) continue;
    clean ??= new Headers(headers);
    clean.set(name, scrubbed);
  }
  return clean ?? headers;
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
