/**
 * Full Kustomer URLs for display and for the RudderStack contract, built by openapi-fetch's own
 * serializers from a spec path template, so each value is exactly one encoded path segment, as in
 * the requests the client sends (invariant 6, docs/architecture.md#invariants).
 */
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from 'openapi-fetch';
import type { paths } from '../../generated/kustomer.js';

/** The one query serializer: of the URLs described and of the requests sent. */
export const querySerializer = createQuerySerializer();

// Templates split once into literals and `{name}`s; bounded, since the base URL is part of the key.
const splitTemplates = new Map<string, string[]>();
const MAX_TEMPLATES = 1_000;

/**
 * openapi-fetch's `defaultPathSerializer` for the spec's simple `{name}` templates with string
 * values, each template split once instead of matched and replaced on every call (two calls per
 * request: the description's URL, then openapi-fetch's); any other template or value goes to
 * `defaultPathSerializer` itself. test/contract/call-urls.test.ts holds the two equal.
 */
export function pathSerializer(template: string, values: Record<string, unknown>): string {
  let parts = splitTemplates.get(template);
  if (parts === undefined) {
    parts = template.split(/\{([^{}]+)\}/);
    if (parts.some((part, i) => i % 2 === 1 && /^[.;]|\*$/.test(part))) {
      return defaultPathSerializer(template, values);
    }
    if (splitTemplates.size < MAX_TEMPLATES) splitTemplates.set(template, parts);
  }
  let url = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] ?? '';
    const value = values[name];
    if (typeof value !== 'string') return defaultPathSerializer(template, values);
    url += encodeURIComponent(value) + (parts[i + 1] ?? '');
  }
  return url;
}

export function kustomerUrl(
  baseUrl: string,
  template: keyof paths,
  params: { path?: Record<string, string>; query?: Record<string, string | boolean | number> } = {},
): string {
  return createFinalURL(template, {
    baseUrl,
    params,
    querySerializer,
    pathSerializer,
  });
}
