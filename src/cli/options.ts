/**
 * Command-line flags → validated configuration. Every problem is a `UsageError` (exit 2) whose
 * message names the flag; none repeats the API key.
 */
import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { MAPPER_FLAGS } from '../adapter/options.js';
import { resolveBaseUrl } from '../client/base-url.js';
import { lostWriteHoldOf } from '../client/options.js';
import type { DestinationConfig, KustomerDestination, Logger } from '../delivery/types.js';
import { createKustomerDestination } from '../destination.js';
import { ConfigurationError } from '../errors.js';
import { fieldsOf } from './ndjson.js';

/** A usage or configuration problem: the command exits 2 with this message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The flags of anything that builds a destination, the mapper's switches included. */
export interface DestinationFlags extends Partial<Record<(typeof MAPPER_FLAGS)[number], boolean>> {
  apiKey?: string;
  region?: string;
  org?: string;
  baseUrl?: string;
  allowInsecureBaseUrl?: boolean;
  concurrency?: number;
  requestsPerMinute?: number;
  /** `--timeout`: milliseconds per HTTP attempt. */
  timeout?: number;
  /** A JSON object, or `@FILE` holding one: trait name → Kustomer custom attribute name. */
  customAttributes?: string;
}

/** What the command line adds to the configuration beyond its flags. */
type DestinationExtras = { env?: NodeJS.ProcessEnv; dryRun?: boolean; logger?: Logger };

export const API_KEY_ENV = 'KUSTOMER_API_KEY';
/** Stands in for the key in a dry run, which makes no request. */
const DRY_RUN_KEY = 'dry-run';
const MAX_CONCURRENCY = 256;

/** A commander argument parser for an integer in [min, max]. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

/** The flags of everything that builds a destination, each with the configuration option it sets. */
const DESTINATION_OPTIONS: readonly [Option, keyof DestinationConfig][] = [
  [new Option('--api-key <key>', `Kustomer API key (default: $${API_KEY_ENV})`), 'apiKey'],
  [new Option('--region <region>', 'Kustomer region: us, eu or in (default: us)'), 'region'],
  [
    new Option(
      '--org <name>',
      'your organisation host, https://NAME.api.kustomerapp.com; wins over --region',
    ),
    'orgName',
  ],
  [
    new Option('--base-url <url>', 'an explicit API origin, such as a simulator; wins over --org'),
    'baseUrl',
  ],
  [
    new Option(
      '--allow-insecure-base-url',
      'accept an http or non-Kustomer --base-url (a simulator)',
    ),
    'allowInsecureBaseUrl',
  ],
  [
    new Option(
      '--concurrency <n>',
      `items in flight across users, 1 to ${MAX_CONCURRENCY} (default: 8)`,
    ).argParser(integerIn(1, MAX_CONCURRENCY)),
    'concurrency',
  ],
  [
    new Option(
      '--requests-per-minute <n>',
      'cap on requests per minute (default: the budget Kustomer reports)',
    ).argParser(integerIn(1, 1_000_000)),
    'requestsPerMinute',
  ],
  [
    new Option(
      '--timeout <ms>',
      'milliseconds to wait for each HTTP attempt (default: 10000); a resumed run first waits twice this',
    ).argParser(integerIn(1, 600_000)),
    'timeoutMs',
  ],
];

export function addDestinationOptions(command: Command): Command {
  for (const [option] of DESTINATION_OPTIONS) command.addOption(option);
  return command;
}

/** The destination of a line command's flags: one it refuses is a `UsageError` in the flags' words. */
export function destinationFromFlags(
  flags: DestinationFlags,
  options: DestinationExtras = {},
): { destination: KustomerDestination; host: string; lostWriteHoldMs: number } {
  const config = destinationConfigFrom(flags, options);
  if (options.logger) config.logger = options.logger;
  try {
    const destination = createKustomerDestination(config);
    return {
      destination,
      host: new URL(resolveBaseUrl(config)).host,
      lostWriteHoldMs: lostWriteHoldOf(config),
    };
  } catch (error) {
    throw new UsageError(configurationMessage(error));
  }
}

/**
 * Builds the destination's configuration from `send`'s flags and the environment. The hosts
 * (`--region`, `--org`, `--base-url`) go to the destination as given, so that the command line
 * accepts and refuses exactly what the library does.
 */
export function destinationConfigFrom(
  flags: DestinationFlags,
  options: DestinationExtras = {},
): DestinationConfig {
  const env = options.env ?? process.env;
  const apiKey = (flags.apiKey ?? env[API_KEY_ENV] ?? '').trim();
  if (apiKey === '' && !options.dryRun) {
    throw new UsageError(`missing API key: pass --api-key or set ${API_KEY_ENV}`);
  }
  const config: DestinationConfig = { apiKey: apiKey === '' ? DRY_RUN_KEY : apiKey };

  // Checked by the client when the destination is built (`destinationFromFlags`).
  for (const [option, key] of DESTINATION_OPTIONS.slice(1)) {
    const value = (flags as Record<string, unknown>)[option.attributeName()];
    if (value !== undefined && value !== false) Reflect.set(config, key, value);
  }
  for (const key of MAPPER_FLAGS) {
    if (flags[key] === true) config[key] = true;
  }
  if (flags.customAttributes !== undefined) {
    config.customAttributes = parseCustomAttributes(flags.customAttributes);
  }
  return config;
}

const CUSTOM_ATTRIBUTES_SHAPE =
  'a JSON object of trait name to Kustomer custom attribute name, such as {"plan":"planStr"}, or @FILE holding one';

/** `--custom-attributes`: inline JSON or `@FILE`. */
export function parseCustomAttributes(value: string): Record<string, string> {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch {
      throw new UsageError(`--custom-attributes: cannot read ${value.slice(1)}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--custom-attributes must be ${CUSTOM_ATTRIBUTES_SHAPE}: invalid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--custom-attributes must be ${CUSTOM_ATTRIBUTES_SHAPE}`);
  }
  const out: Record<string, string> = {};
  for (const [trait, attribute] of Object.entries(parsed)) {
    if (typeof attribute !== 'string' || attribute === '') {
      throw new UsageError(
        `--custom-attributes: the attribute for ${JSON.stringify(trait)} must be a non-empty string`,
      );
    }
    Object.defineProperty(out, trait, { value: attribute, enumerable: true, writable: true });
  }
  return out;
}

const FLAG_OF_OPTION: Record<string, string | undefined> = {
  ...Object.fromEntries(DESTINATION_OPTIONS.map(([option, key]) => [key, option.long])),
  customAttributes: '--custom-attributes',
};

// Longest names first, so `allowInsecureBaseUrl` is not read as `baseUrl`.
const OPTION_NAMES = new RegExp(
  `\\b(${Object.keys(FLAG_OF_OPTION)
    .sort((a, b) => b.length - a.length)
    .join('|')})\\b`,
  'g',
);

/**
 * A destination's `ConfigurationError` in the command line's words: option names become the flags
 * that set them. Other errors pass through.
 */
export function configurationMessage(error: unknown): string {
  if (!(error instanceof ConfigurationError)) throw error;
  const message = error.message.replace(OPTION_NAMES, (name) => FLAG_OF_OPTION[name] ?? name);
  const flag = FLAG_OF_OPTION[error.option];
  return flag === undefined || message.startsWith(flag) ? message : `${flag}: ${message}`;
}

/** A server that cannot bind is a usage problem (port taken, address not local). */
export function listenError(error: unknown, host: string, port: number): unknown {
  const { code } = fieldsOf(error);
  if (code === 'EADDRINUSE') return new UsageError(`port ${port} on ${host} is already in use`);
  if (code === 'EACCES') return new UsageError(`no permission to listen on ${host}:${port}`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new UsageError(`cannot listen on ${host}: not an address of this machine`);
  }
  return error;
}
