/**
 * The console's record of recent Kustomer requests, with their bodies, and a per-second count of
 * all of them for the rate chart. The API key never enters it: the Authorization header is kept
 * masked and the bearer token is scrubbed from every body (docs/simulator.md, "Console").
 */
import type { Exchange } from '../core.js';
import { ROUTES } from '../routes.js';
import type { Store } from '../store.js';

/** How many requests the console keeps with their bodies. */
export const CONSOLE_REQUESTS = 1_000;
/** How many seconds of per-second counts the rate chart can show. */
export const RATE_SECONDS = 300;
const MASK = '••••';

export interface RequestSummary {
  seq: number;
  at: string;
  method: string;
  /** The raw path, percent-encoding kept. */
  path: string;
  /** The spec's path template, or the path when no operation matched. */
  template: string;
  operationId?: string;
  /** 0 when the connection was dropped on purpose. */
  status: number;
  durationMs: number;
  /** An identical request (method, path, body) failed retryably just before. */
  retried: boolean;
  /** The injected fault that answered or delayed it. */
  fault?: string;
  /** A 429 of the rate window (not an injected one). */
  limited: boolean;
  customerIds: string[];
}

interface LoggedRequest extends RequestSummary {
  request: { headers: Record<string, string>; body: string };
  response: { headers: Record<string, string>; body: string };
}

interface SecondCount {
  /** Epoch second. */
  second: number;
  total: number;
  limited: number;
  faults: number;
  errors: number;
}

export interface RequestLog {
  record(exchange: Exchange): LoggedRequest;
  list(filter?: { customerId?: string; failed?: boolean }): RequestSummary[];
  get(seq: number): LoggedRequest | undefined;
  /** How many requests it keeps now. */
  size(): number;
  seconds(span: number, nowMs: number): SecondCount[];
  reset(): void;
}

const TEMPLATES = new Map(ROUTES.map((route) => [route.operationId, route.template]));
/** What the package's client retries (docs/architecture.md): 408, 429, 5xx but 501, no answer. */
const retryable = (status: number) =>
  status === 0 || status === 408 || status === 429 || (status >= 500 && status !== 501);

export function createRequestLog(store: Store): RequestLog {
  let entries: LoggedRequest[] = [];
  let seq = 0;
  let lastOutcome = new Map<string, number>();
  let counts = new Map<number, SecondCount>();

  const count = (entry: LoggedRequest, atMs: number): void => {
    const second = Math.floor(atMs / 1000);
    let bucket = counts.get(second);
    if (!bucket) {
      bucket = { second, total: 0, limited: 0, faults: 0, errors: 0 };
      counts.set(second, bucket);
      for (const old of counts.keys()) {
        if (old > second - RATE_SECONDS) break;
        counts.delete(old);
      }
    }
    bucket.total += 1;
    if (entry.limited) bucket.limited += 1;
    else if (entry.fault !== undefined) bucket.faults += 1;
    else if (entry.status === 0 || entry.status >= 400) bucket.errors += 1;
  };

  return {
    record(exchange) {
      const { request, response } = exchange;
      const token = bearerToken(request.headers.authorization);
      const status = 'drop' in response ? 0 : response.status;
      const responseBody = 'drop' in response ? '' : response.bodyText;
      const signature = `${exchange.method} ${exchange.url.pathname}${exchange.url.search}\n${request.bodyText}`;
      const before = lastOutcome.get(signature);
      lastOutcome.delete(signature);
      lastOutcome.set(signature, status);
      if (lastOutcome.size > CONSOLE_REQUESTS * 4) {
        lastOutcome.delete(lastOutcome.keys().next().value as string);
      }
      seq += 1;
      const entry: LoggedRequest = {
        seq,
        at: new Date(exchange.at).toISOString(),
        method: exchange.method,
        path: exchange.url.pathname + exchange.url.search,
        template: TEMPLATES.get(exchange.operationId ?? '') ?? exchange.url.pathname,
        status,
        durationMs: Math.round(exchange.durationMs * 10) / 10,
        retried: before !== undefined && retryable(before),
        limited: status === 429 && exchange.fault === undefined,
        customerIds: customersTouched(exchange, responseBody, store),
        request: {
          headers: maskedHeaders(request.headers),
          body: scrub(request.bodyText, token),
        },
        response: {
          headers: 'drop' in response ? {} : { ...response.headers },
          body: scrub(responseBody, token),
        },
      };
      if (exchange.operationId !== undefined) entry.operationId = exchange.operationId;
      if (exchange.fault) entry.fault = describeFault(exchange.fault);
      entries.push(entry);
      if (entries.length > CONSOLE_REQUESTS) entries.shift();
      // The chart is a wall-clock view, whatever clock the simulator runs on.
      count(entry, Date.now());
      return entry;
    },
    list(filter = {}) {
      const out: RequestSummary[] = [];
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const entry = entries[i] as LoggedRequest;
        if (filter.customerId !== undefined && !entry.customerIds.includes(filter.customerId)) {
          continue;
        }
        if (filter.failed && entry.status !== 0 && entry.status < 400) continue;
        const { request: _request, response: _response, ...summary } = entry;
        out.push(summary);
      }
      return out;
    },
    get: (wanted) => entries.find((entry) => entry.seq === wanted),
    size: () => entries.length,
    seconds(span, nowMs) {
      const last = Math.floor(nowMs / 1000);
      const out: SecondCount[] = [];
      for (let second = last - span + 1; second <= last; second += 1) {
        out.push(counts.get(second) ?? { second, total: 0, limited: 0, faults: 0, errors: 0 });
      }
      return out;
    },
    reset() {
      entries = [];
      lastOutcome = new Map();
      counts = new Map();
    },
  };
}

function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer +(\S+)/i.exec(header ?? '')?.[1];
}

function maskedHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'cookie') continue;
    out[name] = name === 'authorization' ? masked(value) : value;
  }
  return out;
}

/** `Bearer ••••`: the scheme stays, nothing of the key does. */
function masked(value: string): string {
  const scheme = /^(\S+)\s/.exec(value)?.[1];
  return scheme === undefined ? MASK : `${scheme} ${MASK}`;
}

/** The key never shows, even where a client echoed it into a body. */
function scrub(text: string, token: string | undefined): string {
  return token === undefined || token.length < 4 ? text : text.split(token).join(MASK);
}

function describeFault(fault: Exchange['fault']): string {
  if (fault === undefined) return '';
  if (fault.drop) return 'connection dropped';
  if (fault.status !== undefined) return `HTTP ${fault.status}`;
  return `delayed ${fault.delayMs ?? 0} ms`;
}

/** The customers a request read or wrote: from its path, its answer or the event it filed. */
function customersTouched(exchange: Exchange, body: string, store: Store): string[] {
  const ids = new Set<string>();
  if (exchange.params.id !== undefined) ids.add(exchange.params.id);
  if (body.startsWith('{')) {
    try {
      const parsed = JSON.parse(body) as {
        data?: {
          type?: string;
          id?: string;
          relationships?: { customer?: { data?: { id?: string } } };
        };
        errors?: { meta?: { customerId?: string } }[];
      };
      if (parsed.data?.type === 'customer' && parsed.data.id) ids.add(parsed.data.id);
      const linked = parsed.data?.relationships?.customer?.data?.id;
      if (linked) ids.add(linked);
      for (const error of parsed.errors ?? []) {
        if (error.meta?.customerId) ids.add(error.meta.customerId);
      }
    } catch {}
  }
  if (exchange.operationId === 'createTrackingEvent' && !('drop' in exchange.response)) {
    const filed = exchange.response.status === 204 ? store.tracking.events().at(-1) : undefined;
    if (filed?.customerId) ids.add(filed.customerId);
  }
  return [...ids];
}
