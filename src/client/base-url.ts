/**
 * Which origin the client talks to. Kustomer has one host per regional pod and a per-organisation
 * host that routes to the organisation's pod
 * (https://developer.kustomer.com/docs/get-started/regions-and-base-urls).
 */
import { ConfigurationError } from '../errors.js';
import type { KustomerClientOptions, Region } from './types.js';

/** Kustomer's regional hosts: US is pod prod1, EU prod2, India prod4. */
export const REGION_BASE_URLS = {
  us: 'https://api.kustomerapp.com',
  eu: 'https://api.prod2.kustomerapp.com',
  in: 'https://api.prod4.kustomerapp.com',
} as const satisfies Record<Region, string>;

export type BaseUrlOptions = Pick<
  KustomerClientOptions,
  'region' | 'orgName' | 'baseUrl' | 'allowInsecureBaseUrl'
>;

// One DNS label (RFC 1035 §2.3.1 with RFC 1123's leading digit): the sign-in subdomain.
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const KUSTOMER_DOMAIN = 'kustomerapp.com';

/**
 * The origin for these options: `baseUrl` wins over `orgName`, which wins over `region` (default
 * `'us'`). Every option given is validated, even one that another overrides, so that a typo is
 * reported rather than ignored. Throws `ConfigurationError` naming the option at fault.
 */
export function resolveBaseUrl(options: BaseUrlOptions = {}): string {
  const region = regionBaseUrl(options.region);
  const org = options.orgName === undefined ? undefined : orgBaseUrl(options.orgName);
  if (options.baseUrl !== undefined) {
    return parseBaseUrl(options.baseUrl, options.allowInsecureBaseUrl === true);
  }
  return org ?? region;
}

function regionBaseUrl(region: unknown): string {
  if (region === undefined) return REGION_BASE_URLS.us;
  if (isRegion(region)) return REGION_BASE_URLS[region];
  throw new ConfigurationError(
    `region must be one of 'us', 'eu' or 'in' (Kustomer's US, EU and India pods); got ${describe(region)}`,
    { option: 'region' },
  );
}

function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && Object.hasOwn(REGION_BASE_URLS, value);
}

function orgBaseUrl(orgName: unknown): string {
  if (typeof orgName !== 'string' || !DNS_LABEL.test(orgName)) {
    throw new ConfigurationError(
      'orgName must be the organisation\'s sign-in subdomain: one DNS label of letters, digits and inner hyphens, at most 63 characters (the "acme" of acme.kustomerapp.com)',
      { option: 'orgName' },
    );
  }
  return `https://${orgName.toLowerCase()}.api.${KUSTOMER_DOMAIN}`;
}

/**
 * The one base-URL rule, for the client, the destination, the RudderStack config (`option`
 * `baseEndpoint`) and the CLI: an https origin on a subdomain of kustomerapp.com on the default
 * port (every Kustomer API host is one: `api.`, `api.prod2.`, `{org}.api.`); with `allowInsecure`,
 * any http or https origin (a simulator, on any host). Never a path, query, fragment or
 * credentials. The value is never echoed: it may carry credentials.
 */
export function parseBaseUrl(
  baseUrl: unknown,
  allowInsecure: boolean,
  { option = 'baseUrl', insecureOption = 'allowInsecureBaseUrl' } = {},
): string {
  const accepted = allowInsecure
    ? 'an http or https origin such as http://127.0.0.1:4010'
    : `an https origin on kustomerapp.com such as https://acme.api.kustomerapp.com (set ${insecureOption} for a local simulator)`;
  const reject = (problem: string): never => {
    throw new ConfigurationError(`${option} must be ${accepted}; ${problem}`, { option });
  };
  if (typeof baseUrl !== 'string') return reject(`got ${describe(baseUrl)}`);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return reject('it is not an absolute URL');
  }
  // The value itself is never echoed: it may carry credentials.
  if (url.username !== '' || url.password !== '') return reject('it must not carry credentials');
  if (url.pathname !== '/' || /[?#]/.test(baseUrl)) {
    return reject('it must be an origin only, with no path, query or fragment');
  }
  if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:')) {
    return reject(`the scheme ${url.protocol} is not accepted`);
  }
  if (!allowInsecure && !url.hostname.endsWith(`.${KUSTOMER_DOMAIN}`)) {
    return reject(`the host ${url.hostname} is not a subdomain of ${KUSTOMER_DOMAIN}`);
  }
  if (!allowInsecure && url.port !== '') return reject(`the port ${url.port} is not 443`);
  return url.origin;
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
