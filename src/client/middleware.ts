/**
 * The openapi-fetch middleware every request passes through: bearer auth, a descriptive
 * `User-Agent` and the JSON content type, as Kustomer asks
 * (https://developer.kustomer.com/docs/get-started/making-requests).
 */
import { createRequire } from 'node:module';
import type { Middleware } from 'openapi-fetch';

const PACKAGE_NAME = 'kustomer-destination';

/** This package's own `User-Agent` product token, such as `kustomer-destination/1.2.0 (+https://…)`. */
export const PACKAGE_USER_AGENT = `${PACKAGE_NAME}/${packageVersion()} (+https://www.npmjs.com/package/${PACKAGE_NAME})`;

/** The `User-Agent` to send: the caller's product first (RFC 9110 §10.1.5), then this package's. */
function userAgentHeader(prefix: string | undefined): string {
  return prefix === undefined ? PACKAGE_USER_AGENT : `${prefix} ${PACKAGE_USER_AGENT}`;
}

export interface HeaderMiddlewareOptions {
  apiKey: string;
  userAgent?: string | undefined;
}

/** Sets `Authorization: Bearer <key>`, `User-Agent`, and `Content-Type` on requests with a body. */
export function headerMiddleware(options: HeaderMiddlewareOptions): Middleware {
  const authorization = `Bearer ${options.apiKey}`;
  const userAgent = userAgentHeader(options.userAgent);
  return {
    onRequest({ request }) {
      request.headers.set('Authorization', authorization);
      request.headers.set('User-Agent', userAgent);
      if (request.body !== null) request.headers.set('Content-Type', 'application/json');
      return request;
    },
  };
}

// Read through the package's own exports map, so it resolves from src/ and from dist/ alike.
/** The version of the installed package, read from its own manifest through its exports map. */
export function packageVersion(): string {
  const manifest: unknown = createRequire(import.meta.url)(`${PACKAGE_NAME}/package.json`);
  const version =
    typeof manifest === 'object' && manifest !== null
      ? Reflect.get(manifest, 'version')
      : undefined;
  return typeof version === 'string' ? version : '0.0.0';
}
