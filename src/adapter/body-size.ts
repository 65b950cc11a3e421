/**
 * Kustomer refuses a body over its limit with 413, which no retry mends (spec `PayloadTooLarge`,
 * read through generated/limits.ts; docs/kustomer-api.md §4). The only unbounded parts of a mapped
 * body are its free-form values: a tracking event's `meta` and a customer's or company's `custom`.
 * When a body is over the limit, their largest values are dropped, each with a warning, until it fits.
 */
import { maxBodyBytes } from '../../generated/limits.js';
import { setOwn } from './read.js';
import { childPath, type Warnings } from './warnings.js';

/** The UTF-8 length of a string whose surrogates are paired (as `JSON.stringify` writes them). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // 2 bytes below U+0800, 3 above; a surrogate pair (2 units) is 4 bytes.
    if (code >= 0x80) bytes += code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}

/** The size of a body as it goes on the wire: UTF-8 JSON. */
function bodyBytes(body: unknown): number {
  return utf8Length(JSON.stringify(body));
}

/**
 * `part` with its largest values left out (each with a warning under `path`) until the body that
 * `withPart` builds around it is within `limit` bytes (`aroundBytes`: a `jsonBound` of that body
 * without the part, or with more); `part` itself when the body already fits, undefined when no
 * value is left. Nothing is mutated. A body still over the limit without any of the part's values is left for Kustomer
 * to refuse.
 */
export function fitPart<V>(
  part: Readonly<Record<string, V>> | undefined,
  aroundBytes: number,
  withPart: (part: Record<string, V> | undefined) => unknown,
  path: string,
  w: Warnings,
  limit: number = maxBodyBytes,
): Record<string, V> | undefined {
  if (part === undefined) return part;
  // Most bodies fit by a bound that writes no JSON: writing it took a third of a tracking
  // mapper's time (bench/README.md, 2026-12-03).
  if (aroundBytes + jsonBound(part, limit) + 16 <= limit) return part;
  const text = JSON.stringify(withPart({ ...part }));
  // No UTF-16 unit takes more than 3 bytes in UTF-8: most bodies are known to fit without counting.
  if (text.length * 3 <= limit) return part;
  let over = utf8Length(text) - limit;
  if (over <= 0) return part;
  // Largest first; among equals, the later key first (the earlier one was given first).
  const entries = Object.keys(part)
    .map((key, index) => ({ key, index, bytes: bodyBytes({ [key]: part[key] }) - 1 }))
    .sort((a, b) => b.bytes - a.bytes || b.index - a.index);
  const dropped = new Set<string>();
  for (const { key, bytes } of entries) {
    if (over <= 0) break;
    dropped.add(key);
    w.drop(
      childPath(path, key),
      part[key],
      `is left out: the body is over Kustomer's ${limit} bytes`,
    );
    // `{"k":v}` less one brace is the entry with its comma; measured exactly once it should fit.
    over -= bytes;
    if (over <= 0) over = bodyBytes(withPart(without(part, dropped))) - limit;
  }
  return without(part, dropped);
}

/**
 * An upper bound of `value`'s UTF-8 JSON bytes, or a number over `limit` once it is known to be
 * over: a UTF-16 unit is at most 6 bytes (`\u001f`), a number at most 24 characters. `for…in`
 * and the inlined leaves keep it to a third of an `Object.keys` walk (bench/README.md); an
 * inherited enumerable key only makes the bound larger, which is safe.
 */
export function jsonBound(value: unknown, limit: number = maxBodyBytes): number {
  if (typeof value !== 'object' || value === null) return leafBound(value);
  let bytes = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      bytes +=
        1 + (typeof item === 'object' && item !== null ? jsonBound(item, limit) : leafBound(item));
      if (bytes > limit) return bytes;
    }
    return bytes;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    bytes += 6 * key.length + 4;
    bytes += typeof item === 'object' && item !== null ? jsonBound(item, limit) : leafBound(item);
    if (bytes > limit) return bytes;
  }
  return bytes;
}

/** A bound of `"key":value,` in an object's JSON (`jsonBound` counts its entries so). */
export function entryBound(key: string, value: unknown): number {
  return 6 * key.length + 4 + jsonBound(value, Infinity);
}

function leafBound(value: unknown): number {
  return typeof value === 'string' ? 6 * value.length + 2 : 24;
}

function without<V>(
  part: Readonly<Record<string, V>>,
  dropped: ReadonlySet<string>,
): Record<string, V> | undefined {
  const out: Record<string, V> = {};
  let count = 0;
  for (const key of Object.keys(part)) {
    if (dropped.has(key)) continue;
    setOwn(out, key, part[key] as V);
    count++;
  }
  return count > 0 ? out : undefined;
}
