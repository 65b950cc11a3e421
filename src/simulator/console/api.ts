/**
 * The console's JSON endpoints under `/__simulator/console/api/`: views of customers, requests and
 * the request rate, and the controls (rate limit, faults). The page uses them; so can a script.
 */
import type { SimulatorCore } from '../core.js';
import { errorBody } from '../errors.js';
import type { FaultRule } from '../types.js';
import type { CustomerViews } from './customers.js';
import { CONSOLE_REQUESTS, RATE_SECONDS, type RequestLog } from './log.js';

export const API_PREFIX = '/__simulator/console/api/';

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export interface ConsoleState {
  core: SimulatorCore;
  log: RequestLog;
  customers: CustomerViews;
  /** Something changed that the open pages should fetch again. */
  changed(): void;
}

export function counts({ core, log }: ConsoleState): Record<string, number | null> {
  return {
    customers: core.store.customers.all().length,
    events: core.store.tracking.events().length,
    requests: log.size(),
    rateLimitPerMinute: core.rateLimitPerMinute ?? null,
  };
}

export function answerApi(
  state: ConsoleState,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): ApiAnswer {
  const { core, log } = state;
  const [view, id] = path.split('/', 2);
  const route = `${method} ${view}${id === undefined ? '' : '/:id'}`;
  switch (route) {
    case 'GET summary':
      return ok({ ...counts(state), faults: faultList(core), keptRequests: CONSOLE_REQUESTS });
    case 'GET customers':
      return ok(
        state.customers.page({
          q: query.get('q') ?? '',
          offset: numberOr(query.get('offset'), 0),
          limit: numberOr(query.get('limit'), 50),
          ...(query.has('sort') ? { sort: query.get('sort') ?? '' } : {}),
          dir: query.get('dir') === 'asc' ? 'asc' : 'desc',
        }),
      );
    case 'GET customers/:id': {
      const detail = state.customers.detail(decodeURIComponent(id ?? ''), log);
      return detail ? ok(detail) : missing('No such customer');
    }
    case 'GET requests': {
      const all = log.list({
        failed: query.get('failed') === '1',
        ...(query.has('customer') ? { customerId: query.get('customer') ?? '' } : {}),
      });
      const offset = numberOr(query.get('offset'), 0);
      const limit = Math.min(500, numberOr(query.get('limit'), 100));
      return ok({ total: all.length, offset, items: all.slice(offset, offset + limit) });
    }
    case 'GET requests/:id': {
      const entry = log.get(numberOr(id ?? '', -1));
      return entry
        ? ok(entry)
        : missing('No such request (the console keeps the most recent ones)');
    }
    case 'GET rate': {
      const span = Math.min(RATE_SECONDS, Math.max(10, numberOr(query.get('seconds'), 60)));
      return ok({
        limitPerMinute: core.rateLimitPerMinute ?? null,
        seconds: log.seconds(span, Date.now()),
      });
    }
    case 'POST settings':
      return changeSettings(state, body);
    case 'POST faults': {
      const rule = faultFrom(body);
      if (typeof rule === 'string') return invalid(rule);
      core.faults.add(rule);
      state.changed();
      return ok({ faults: faultList(core) });
    }
    case 'POST faults/:id':
      if (id !== 'clear') break;
      core.faults.clear();
      state.changed();
      return ok({ faults: faultList(core) });
  }
  return missing(`No console endpoint ${method} ${API_PREFIX}${path}`);
}

function changeSettings(state: ConsoleState, body: unknown): ApiAnswer {
  if (!isRecord(body) || !('rateLimitPerMinute' in body)) {
    return invalid('rateLimitPerMinute: required (a positive integer, or null for no limit)');
  }
  const limit = body.rateLimitPerMinute;
  if (limit !== null && !(Number.isSafeInteger(limit) && (limit as number) > 0)) {
    return invalid('rateLimitPerMinute: must be a positive integer or null');
  }
  state.core.setRateLimit(limit === null ? undefined : (limit as number));
  state.changed();
  return ok(counts(state));
}

/** A fault rule from the page's form, or why it is not one. */
function faultFrom(body: unknown): FaultRule | string {
  if (!isRecord(body)) return 'the body must be a JSON object';
  const rule: FaultRule = {};
  const { status, everyNth, delayMs, drop, path, method, times } = body;
  const int = (value: unknown, min: number, max: number) =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
  if (status !== undefined && status !== null) {
    if (!int(status, 400, 599)) return 'status: must be an HTTP status from 400 to 599';
    rule.status = status as number;
  }
  if (everyNth !== undefined && everyNth !== null) {
    if (!int(everyNth, 1, 1_000_000)) return 'everyNth: must be a positive integer';
    rule.everyNth = everyNth as number;
  }
  if (times !== undefined && times !== null) {
    if (!int(times, 1, 1_000_000)) return 'times: must be a positive integer';
    rule.times = times as number;
  }
  if (delayMs !== undefined && delayMs !== null) {
    if (!int(delayMs, 0, 600_000)) return 'delayMs: must be 0 to 600000';
    rule.delayMs = delayMs as number;
  }
  if (drop === true) rule.drop = true;
  if (typeof path === 'string' && path !== '') rule.path = path;
  if (typeof method === 'string' && method !== '') rule.method = method.toUpperCase();
  if (rule.status === undefined && !rule.drop && !rule.delayMs) {
    return 'a fault needs a status, drop or delayMs';
  }
  return rule;
}

function faultList(core: SimulatorCore): { rule: Record<string, unknown>; fired: number }[] {
  return core.faults.list().map(({ rule, fired }) => ({
    rule: { ...rule, ...(rule.path instanceof RegExp ? { path: String(rule.path) } : {}) },
    fired,
  }));
}

const ok = (body: unknown): ApiAnswer => ({ status: 200, body });
const missing = (detail: string): ApiAnswer => ({ status: 404, body: errorBody(404, detail) });
const invalid = (detail: string): ApiAnswer => ({ status: 400, body: errorBody(400, detail) });

function numberOr(text: string | null, fallback: number): number {
  const value = Number(text);
  return text === null || text === '' || !Number.isFinite(value) ? fallback : Math.floor(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
