/**
 * `destination.Config` → mapper options and client options. Validated up front (docs/deviations.md D9):
 * RudderStack sends `Bearer undefined` for a missing key and uses any `baseEndpoint` verbatim
 * (docs/rudder-contract.md §7.12); here both are a `ConfigurationError`, status 400, and the
 * endpoint is checked by the client's own base-URL rule.
 */

import { checkMapperOptions, MAPPER_OPTIONS } from '../adapter/index.js';
import type { MapperOptions } from '../adapter/types.js';
import { parseBaseUrl, REGION_BASE_URLS } from '../client/base-url.js';
import { checkApiKey } from '../client/options.js';
import type { KustomerClientOptions } from '../client/types.js';
import { ConfigurationError } from '../errors.js';
import { closestKey, refuseUnknownOptions } from '../options.js';
import type { TransformOptions } from './types.js';

/** The US option of RudderStack's settings page and its fallback (docs/rudder-contract.md §0, §6). */
export const DEFAULT_BASE_ENDPOINT = REGION_BASE_URLS.us;

export interface TransformerConfig {
  apiKey: string;
  /** An origin without a trailing slash, such as `https://api.prod2.kustomerapp.com`. */
  baseUrl: string;
  /** Whether `baseUrl` was checked with insecure origins allowed (`allowInsecureBaseEndpoint`). */
  insecure: boolean;
  mapper: MapperOptions;
  /** Identifies one (apiKey, baseUrl) pair within a call: clients and docs/deviations.md D8 groups key on it. */
  clientKey: string;
}

interface BaseEndpoint {
  baseUrl: string;
  insecure: boolean;
}

/**
 * Resolves configs for one transformer call. Base endpoints are memoised per distinct string, so
 * a batch of events for one destination parses its URL once.
 */
export class ConfigResolver {
  readonly #allowInsecure: boolean;
  readonly #bases = new Map<string, BaseEndpoint | ConfigurationError>();
  /** The compacted form shares one destination object between events (docs/rudder-contract.md §1). */
  readonly #resolved = new WeakMap<object, TransformerConfig>();

  constructor(options: TransformOptions = {}) {
    const own = refuseUnknownOptions(options, TRANSFORM_OPTIONS, 'The transformer');
    this.#allowInsecure = own.allowInsecureBaseEndpoint === true;
  }

  /** Throws `ConfigurationError` for a missing or unusable `apiKey` or `baseEndpoint`. */
  resolve(destination: unknown): TransformerConfig {
    const config = configOf(destination);
    const known = this.#resolved.get(config);
    if (known !== undefined) return known;
    // In the plain request form every event brings its own Config object: the work is keyed on
    // what it depends on instead (the key names and the values this destination reads), so it is
    // done once per distinct config, across calls (issue 19: the typo check was ~90% of serve's CPU).
    const fingerprint = fingerprintOf(config, this.#allowInsecure);
    let memo = fingerprint === undefined ? undefined : MEMO.get(fingerprint);
    if (memo === undefined) {
      try {
        memo = this.#check(config);
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        memo = error;
      }
      if (fingerprint !== undefined) remember(fingerprint, memo);
    }
    if (memo instanceof ConfigurationError) throw memo;
    this.#resolved.set(config, memo);
    return memo;
  }

  #check(config: Record<string, unknown>): TransformerConfig {
    refuseTypos(config);
    const apiKey = config.apiKey;
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw new ConfigurationError('The destination Config has no apiKey', { option: 'apiKey' });
    }
    // Tracking events make no lookup, so the client's check of the key is run here for them too.
    checkApiKey(apiKey);
    const base = this.#base(config.baseEndpoint);
    const resolved: TransformerConfig = {
      apiKey,
      baseUrl: base.baseUrl,
      insecure: base.insecure,
      mapper: checkMapperOptions(config, 'destination.Config.'),
      clientKey: `${base.baseUrl}\n${apiKey}`,
    };
    return resolved;
  }

  #base(raw: unknown): BaseEndpoint {
    if (raw === undefined || raw === null || raw === '') {
      return { baseUrl: DEFAULT_BASE_ENDPOINT, insecure: false };
    }
    if (typeof raw !== 'string') {
      throw new ConfigurationError('The destination baseEndpoint must be a string', {
        option: 'baseEndpoint',
      });
    }
    let known = this.#bases.get(raw);
    if (known === undefined) {
      try {
        const baseUrl = parseBaseUrl(raw.trim(), this.#allowInsecure, {
          option: 'baseEndpoint',
          insecureOption: 'allowInsecureBaseEndpoint',
        });
        known = { baseUrl, insecure: this.#allowInsecure };
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        known = error;
      }
      this.#bases.set(raw, known);
    }
    if (known instanceof ConfigurationError) throw known;
    return known;
  }
}

/** At most 3 attempts, waits of at most 1 s (a reset further off is rudder-server's to wait). */
const LOOKUP_RETRY = Object.freeze({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 });

/** The options of the client that carries out an identify's lookups for this config. */
export function clientOptionsFor(
  config: TransformerConfig,
  options: TransformOptions = {},
): KustomerClientOptions {
  // A few quick retries inside the call; past them rudder-server retries the whole call
  // (docs/rudder-contract.md §9), so the waits stay short.
  const out: KustomerClientOptions = {
    apiKey: config.apiKey,
    baseUrl: config.baseUrl,
    retry: options.retry ?? LOOKUP_RETRY,
  };
  if (config.insecure) out.allowInsecureBaseUrl = true;
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options.fetch !== undefined) out.fetch = options.fetch;
  return out;
}

function configOf(destination: unknown): Record<string, unknown> {
  if (typeof destination !== 'object' || destination === null) {
    throw new ConfigurationError('The event has no destination', { option: 'destination' });
  }
  const config = (destination as { Config?: unknown }).Config;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigurationError('The destination has no Config object', {
      option: 'destination.Config',
    });
  }
  return config as Record<string, unknown>;
}

/** Every option of `processorTransform`, `routerTransform` and `processDeleteUsers`. */
export const TRANSFORM_OPTIONS = [
  'allowInsecureBaseEndpoint',
  'timeoutMs',
  'retry',
  'fetch',
  'concurrency',
  'customerMemory',
  'logger',
] as const satisfies readonly (keyof TransformOptions)[];

/** The `destination.Config` keys this destination reads. */
const CONFIG_KEYS: readonly string[] = ['apiKey', 'baseEndpoint', ...MAPPER_OPTIONS];

/** Distinct configs remembered; an installation has a handful, so the cap only bounds misuse. */
const MEMO_CAPACITY = 1_024;
const MEMO = new Map<string, TransformerConfig | ConfigurationError>();

function remember(fingerprint: string, memo: TransformerConfig | ConfigurationError): void {
  if (MEMO.size >= MEMO_CAPACITY) {
    const oldest = MEMO.keys().next();
    if (!oldest.done) MEMO.delete(oldest.value);
  }
  MEMO.set(fingerprint, memo);
}

/**
 * Everything a config's resolution depends on: its key names and the values of the keys read,
 * each with its type. Undefined (not remembered) when a value is not plain JSON.
 */
function fingerprintOf(
  config: Record<string, unknown>,
  allowInsecure: boolean,
): string | undefined {
  let out = `${allowInsecure ? 1 : 0}${JSON.stringify(Object.keys(config))}`;
  for (const key of CONFIG_KEYS) {
    const value = config[key];
    if (value === null || typeof value === 'object') {
      try {
        out += `\no${JSON.stringify(value)}`;
      } catch {
        return undefined;
      }
    } else if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      typeof value === 'number'
    ) {
      out += `\n${typeof value}${String(value)}`;
    } else if (value === undefined) {
      out += '\nu';
    } else {
      return undefined;
    }
  }
  return out;
}

/**
 * rudder-server's Config also carries its own keys (consent, event filtering, …), so unknown keys
 * pass; a key that is only a typo of one of ours (`baseEndPoint`, `apikey`) is refused.
 */
function refuseTypos(config: Record<string, unknown>): void {
  for (const key of Object.keys(config)) {
    if (CONFIG_KEYS.includes(key)) continue;
    const meant = closestKey(key, CONFIG_KEYS);
    if (meant !== undefined) {
      throw new ConfigurationError(
        `The destination Config has ${key}, which this destination does not read: did you mean ${meant}?`,
        { option: key },
      );
    }
  }
}
