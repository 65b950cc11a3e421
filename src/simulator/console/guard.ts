/**
 * Same-origin only, for the console and the inspection endpoints: a web page from any other
 * origin (another port included) must not read the simulator's state or change it. Browsers say
 * where a request comes from in `Origin` and `Sec-Fetch-Site`
 * (https://fetch.spec.whatwg.org/#origin-header, https://www.w3.org/TR/fetch-metadata/); a
 * `Host` that is not the address the simulator listens on is a DNS-rebinding attempt.
 */
import type { IncomingMessage } from 'node:http';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

/** Why the request is refused, or undefined when it may go on. */
export function crossOriginRefusal(
  req: IncomingMessage,
  boundHost: string,
  { navigation = false } = {},
): string | undefined {
  const host = req.headers.host ?? '';
  const hostname = host.replace(/:\d+$/, '');
  const bound =
    boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost;
  if (!WILDCARD.has(boundHost) && !LOOPBACK.test(hostname) && hostname !== bound) {
    return `the Host ${JSON.stringify(host)} is not this simulator's address`;
  }
  // Opening the page from a link or the address bar is fine; its own requests then are same-origin.
  if (navigation) return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return `requests from ${origin} are refused; open the console at http://${host}/`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `${site} requests are refused`;
  }
  return undefined;
}

/** Headers on every console answer: no caching, no sniffing, no framing, no outside resources. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};
