/**
 * The simulator's options, checked up front: an unknown key is refused with the closest known one,
 * because a misspelt option in plain JavaScript would otherwise be ignored without a word.
 */
import { type Clock, systemClock } from '../clock.js';
import { ConfigurationError } from '../errors.js';
import { closestKey } from '../options.js';
import { ALL_ROLES } from './routes.js';
import type { FaultRule, SimulatorOptions } from './types.js';

/** Options with their defaults filled in. */
export interface ResolvedOptions {
  apiKey: string | undefined;
  roles: ReadonlySet<string>;
  rateLimitPerMinute: number | undefined;
  faults: readonly FaultRule[];
  strict: boolean;
  maxRecordedRequests: number;
  bulkJobMs: number;
  customAttributes: ReadonlySet<string> | undefined;
  clock: Clock;
}

const DEFAULT_MAX_RECORDED_REQUESTS = 10_000;
const DEFAULT_BULK_JOB_MS = 2_000;

const KNOWN: Record<keyof SimulatorOptions, true> = {
  apiKey: true,
  roles: true,
  rateLimitPerMinute: true,
  faults: true,
  strict: true,
  maxRecordedRequests: true,
  bulkJobMs: true,
  customAttributes: true,
  clock: true,
};

/** Options that were renamed, with what to write instead. */
const RENAMED: Record<string, string> = { now: 'clock (an object with now, sleep and random)' };

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  for (const key of Object.keys(options)) {
    if (key in KNOWN) continue;
    const instead = RENAMED[key] ?? closestKey(key, Object.keys(KNOWN));
    const hint = instead === undefined ? '' : ` (did you mean ${instead}?)`;
    throw new ConfigurationError(`Unknown simulator option "${key}"${hint}`, { option: key });
  }
  const { apiKey, roles, rateLimitPerMinute, faults, strict, maxRecordedRequests, clock } = options;
  const { bulkJobMs, customAttributes } = options;
  if (
    customAttributes !== undefined &&
    !(Array.isArray(customAttributes) && customAttributes.every((n) => typeof n === 'string'))
  ) {
    throw new ConfigurationError('customAttributes must be an array of attribute names', {
      option: 'customAttributes',
    });
  }
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey.trim() === '')) {
    throw new ConfigurationError('apiKey must be a non-empty string when given', {
      option: 'apiKey',
    });
  }
  if (roles !== undefined && !(Array.isArray(roles) && roles.every((r) => typeof r === 'string'))) {
    throw new ConfigurationError('roles must be an array of role names', { option: 'roles' });
  }
  positiveInteger('rateLimitPerMinute', rateLimitPerMinute);
  positiveInteger('maxRecordedRequests', maxRecordedRequests);
  positiveInteger('bulkJobMs', bulkJobMs);
  return {
    apiKey,
    roles: new Set(roles ?? ALL_ROLES),
    rateLimitPerMinute,
    faults: faults ?? [],
    strict: strict === true,
    maxRecordedRequests: maxRecordedRequests ?? DEFAULT_MAX_RECORDED_REQUESTS,
    bulkJobMs: bulkJobMs ?? DEFAULT_BULK_JOB_MS,
    customAttributes: customAttributes === undefined ? undefined : new Set(customAttributes),
    clock: clock ?? systemClock,
  };
}

function positiveInteger(option: string, value: unknown): void {
  if (value === undefined || (Number.isSafeInteger(value) && (value as number) > 0)) return;
  throw new ConfigurationError(`${option} must be a positive integer`, { option });
}
