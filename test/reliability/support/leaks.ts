/**
 * Looks for an API key in anything the package hands back or prints: the raw key, the form it
 * takes inside a JSON string (a key with `"` or `\` reads differently there), HTML-escaped and
 * URL-encoded.
 */
import { inspect } from 'node:util';
import { expect } from 'vitest';

/** A key Kustomer's rule accepts (visible ASCII) that JSON has to escape. */
export const HOSTILE_KEY = 'rel-key"quote\\slash.0123456789abcdef';

export function keyForms(key: string): string[] {
  const escaped = JSON.stringify(key).slice(1, -1);
  const twice = JSON.stringify(escaped).slice(1, -1);
  const html = key.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  return [...new Set([key, escaped, twice, html, encodeURIComponent(key)])];
}

/** Every way a value can be shown: String(), JSON, util.inspect (stack, cause and own fields). */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: 10 })];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // A circular value has no JSON form; inspect covers it.
  }
  if (value instanceof Error) out.push(value.message, value.stack ?? '');
  else out.push(String(value));
  return out;
}

/** Fails naming where the key was found (never printing the key itself). */
export function expectNoKey(where: string, value: unknown, key: string): void {
  const found = renderings(value).flatMap((text) =>
    keyForms(key).filter((form) => text.includes(form)),
  );
  expect(found.length, `${where} carries the API key (${found.length} occurrences)`).toBe(0);
}

/** Counts the texts that carry the key, for the suite's summary line. */
export function countLeaks(texts: Iterable<string>, key: string): number {
  let leaks = 0;
  for (const text of texts) {
    if (keyForms(key).some((form) => text.includes(form))) leaks += 1;
  }
  return leaks;
}
