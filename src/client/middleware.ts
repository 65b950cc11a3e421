/**
 * The headers every request carries: bearer auth and a descriptive `User-Agent`, as Kustomer asks
 * (https://developer.kustomer.com/docs/get-started/making-requests); openapi-fetch adds the JSON
 * content type to requests with a body. Given once, as the client's own headers: an openapi-fetch
 * middleware would cost each request its hook machinery (an id, a frozen options object, an await).
 */
import { createRequire } from 'node:module';

const PACKAGE_NAME = 'kustomer-destination';

/** This package's own `User-Agent` product token, such as `kustomer-destination/1.2.0 (+https://…)`. */
export const PACKAGE_USER_AGENT = `${PACKAGE_NAME}/${packageVersion()} (+https://www.npmjs.com/package/${PACKAGE_NAME})`;

/** The `User-Agent` to send: the caller's product first (RFC 9110 §10.1.5), then this package's. */
function userAgentHeader(prefix: string | undefined): string {
  return prefix === undefined ? PACKAGE_USER_AGENT : `${prefix} ${PACKAGE_USER_AGENT}`;
}

export interface RequestHeaderOptions {
  apiKey: string;
  userAgent?: string | undefined;
}

/** `Authorization: Bearer <key>` and `User-Agent`, for openapi-fetch's client `headers`. */
export function requestHeaders(options: RequestHeaderOptions): Record<string, string> {
  return {
    Authorization: `Bearer ${options.apiKey}`,
    'User-Agent': userAgentHeader(options.userAgent),
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
