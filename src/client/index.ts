/**
 * `createKustomerClient`: typed Kustomer operations over openapi-fetch, with options checked up
 * front, bearer auth, per-attempt timeouts and bounded retries.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/kustomer.js';
import { requestHeaders } from './middleware.js';
import { createOperations } from './operations.js';
import { resolveClientOptions } from './options.js';
import { REDIRECT_MODE } from './redirect.js';
import type { KustomerClient, KustomerClientOptions, RequestGate } from './types.js';
import { pathSerializer, querySerializer } from './urls.js';

/**
 * A client for one Kustomer organisation. Throws `ConfigurationError` for unusable options; the
 * operations throw `KustomerApiError`, and lookups resolve to `null` when Kustomer answers 404.
 */
export function createKustomerClient(options: KustomerClientOptions): KustomerClient {
  return createGatedClient(options, undefined);
}

/**
 * A client whose every attempt passes `gate`: how a destination's calls share its one rate budget
 * (src/delivery/rate-budget.ts). Internal: the package entries do not export it.
 */
export function createGatedClient(
  options: KustomerClientOptions,
  gate: RequestGate | undefined,
): KustomerClient {
  const resolved = resolveClientOptions(options, gate);
  const api = createClient<paths>({
    baseUrl: resolved.baseUrl,
    fetch: resolved.fetch,
    redirect: REDIRECT_MODE,
    headers: requestHeaders({ apiKey: resolved.apiKey, userAgent: resolved.userAgent }),
    // Made once here: left out, openapi-fetch makes a query serializer per request.
    querySerializer,
    pathSerializer,
  });
  return { baseUrl: resolved.baseUrl, ...createOperations(api, resolved) };
}
