/**
 * Checks the destination's own options when it is created (docs/deviations.md D9): a bad value is a
 * `ConfigurationError` naming the option, before any event is read. Credentials and hosts are
 * checked by the client, which the destination creates at the same moment.
 */
import { checkMapperOptions, MAPPER_OPTIONS } from '../adapter/index.js';
import type { MapperOptions } from '../adapter/types.js';
import { CLIENT_OPTIONS } from '../client/options.js';
import type { KustomerClientOptions } from '../client/types.js';
import { ConfigurationError } from '../errors.js';
import { ownOptions, refuseUnknownOptions } from '../options.js';
import type { DestinationConfig } from './types.js';

/** Events in flight at once when `concurrency` is not given. */
export const DEFAULT_CONCURRENCY = 8;

export interface DeliverySettings {
  client: KustomerClientOptions;
  logger: DestinationConfig['logger'];
  clock: DestinationConfig['clock'];
  concurrency: number;
  requestsPerMinute: number | undefined;
  customerCacheSize: number;
  mapper: MapperOptions;
}

/** Every option `createKustomerDestination` takes. */
export const DESTINATION_OPTIONS = [
  ...CLIENT_OPTIONS,
  ...MAPPER_OPTIONS,
  'concurrency',
  'requestsPerMinute',
  'customerCacheSize',
  'logger',
] as const;

export function readDeliverySettings(given: DestinationConfig): DeliverySettings {
  if (given === null || typeof given !== 'object') {
    throw new ConfigurationError('createKustomerDestination needs a configuration object', {
      option: 'config',
    });
  }
  const config = refuseUnknownOptions(given, DESTINATION_OPTIONS, 'createKustomerDestination');
  const mapper = checkMapperOptions(ownOptions<Record<string, unknown>>({ ...config }));
  return {
    client: clientOptions(config),
    logger: config.logger,
    clock: config.clock,
    concurrency: positiveInteger(config.concurrency, 'concurrency', DEFAULT_CONCURRENCY, 1_000),
    requestsPerMinute:
      config.requestsPerMinute === undefined
        ? undefined
        : positiveInteger(config.requestsPerMinute, 'requestsPerMinute', 0, 1_000_000),
    customerCacheSize:
      config.customerCacheSize === 0
        ? 0
        : positiveInteger(config.customerCacheSize, 'customerCacheSize', 10_000, 10_000_000),
    mapper,
  };
}

function positiveInteger(value: unknown, option: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigurationError(`${option} must be a whole number from 1 to ${max}`, { option });
  }
  return value;
}

/** The options the destination hands to its client, which checks them. */
function clientOptions(config: DestinationConfig): KustomerClientOptions {
  const options: KustomerClientOptions = { apiKey: config.apiKey };
  for (const name of CLIENT_OPTIONS) {
    if (config[name] !== undefined) Object.assign(options, { [name]: config[name] });
  }
  return options;
}
