/**
 * Full Kustomer URLs for display and for the RudderStack contract, built by openapi-fetch's own
 * serializers from a spec path template, so each value is exactly one encoded path segment, as in
 * the requests the client sends (invariant 6, docs/architecture.md#invariants).
 */
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from 'openapi-fetch';
import type { paths } from '../../generated/kustomer.js';

const querySerializer = createQuerySerializer();

export function kustomerUrl(
  baseUrl: string,
  template: keyof paths,
  params: { path?: Record<string, string>; query?: Record<string, string | boolean | number> } = {},
): string {
  return createFinalURL(template, {
    baseUrl,
    params,
    querySerializer,
    pathSerializer: defaultPathSerializer,
  });
}
