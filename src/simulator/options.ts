/**
 * The simulator's options, checked up front: an unknown key is refused with the closest known one,
 * because a misspelt option in plain JavaScript would otherwise be ignored without a word.
 */
import { type Clock, systemClock } from '../clock.js';
import { ConfigurationError } from '../errors.js';
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
  clock: Clock;
}

export const DEFAULT_MAX_RECORDED_REQUESTS = 10_000;

const KNOWN: Record<keyof SimulatorOptions, true> = {
  apiKey: true,
  roles: true,
  rateLimitPerMinute: true,
  faults: true,
  strict: true,
  maxRecordedRequests: true,
  clock: true,
};

/** Options that were renamed, with what to write instead. */
const RENAMED: Record<string, string> = { now: 'clock (an object with now, sleep and random)' };

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  for (const key of Object.keys(options)) {
    if (key in KNOWN) continue;
    const instead = RENAMED[key] ?? closest(key, Object.keys(KNOWN));
    const hint = instead === undefined ? '' : ` (did you mean ${instead}?)`;
    throw new ConfigurationError(key, `Unknown simulator option "${key}"${hint}`);
  }
  const { apiKey, roles, rateLimitPerMinute, faults, strict, maxRecordedRequests, clock } = options;
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey.trim() === '')) {
    throw new ConfigurationError('apiKey', 'apiKey must be a non-empty string when given');
  }
  if (roles !== undefined && !(Array.isArray(roles) && roles.every((r) => typeof r === 'string'))) {
    throw new ConfigurationError('roles', 'roles must be an array of role names');
  }
  positiveInteger('rateLimitPerMinute', rateLimitPerMinute);
  positiveInteger('maxRecordedRequests', maxRecordedRequests);
  return {
    apiKey,
    roles: new Set(roles ?? ALL_ROLES),
    rateLimitPerMinute,
    faults: faults ?? [],
    strict: strict === true,
    maxRecordedRequests: maxRecordedRequests ?? DEFAULT_MAX_RECORDED_REQUESTS,
    clock: clock ?? systemClock,
  };
}

function positiveInteger(option: string, value: unknown): void {
  if (value === undefined || (Number.isSafeInteger(value) && (value as number) > 0)) return;
  throw new ConfigurationError(option, `${option} must be a positive integer`);
}

/** The known key nearest to a misspelt one (case or at most a third of its letters off). */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.name : undefined;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
