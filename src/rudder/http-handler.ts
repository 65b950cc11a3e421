/**
 * A node:http handler that speaks rudder-transformer's HTTP contract for Kustomer, so rudder-server
 * can use it as `DEST_TRANSFORM_URL` (docs/rudder-contract.md §1, §2). Nothing is logged, and no response
 * echoes a request body, so the API key in `destination.Config` goes nowhere but the outputs. What
 * it holds at once is bounded (requests, body bytes, lookups to Kustomer: docs/reliability.md §8).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { refuseUnknownOptions } from '../options.js';
import { type Admission, createAdmission } from './admission.js';
import { TRANSFORM_OPTIONS } from './config.js';
import { processDeleteUsers } from './delete-users.js';
import { busy, HttpProblem, readJson, shorten } from './http-body.js';
import { limitFetch } from './outbound-limit.js';
import { processorTransform } from './processor.js';
import { routerTransform } from './router.js';
import { DEFAULT_POISON_AFTER_MS, TransientFailures } from './transient.js';
import type { RouterBody, RudderDestination, TransformerInput, TransformOptions } from './types.js';

export interface TransformerHandlerOptions extends TransformOptions {
  /** Largest request body accepted; larger ones get 413. Default 10 MB. */
  maxBodyBytes?: number;
  /** Transform requests handled at once; more get 503 with `Retry-After`. Default 32. */
  maxConcurrentRequests?: number;
  /**
   * Request-body bytes held at once over every request; a body that does not fit gets 503 with
   * `Retry-After`. Default 16 MB, and never below `maxBodyBytes`.
   */
  maxInflightBodyBytes?: number;
  /** Lookups to Kustomer in flight at once, over every API key. Default 64. */
  maxOutboundRequests?: number;
  /** Lookups to Kustomer in flight at once for one API key. Default 16. */
  maxOutboundPerKey?: number;
  /**
   * How long one event's lookup may keep failing transiently (429, 5xx, no answer) while its whole
   * processor request is answered 503/429 for rudder-server to retry; after it, the event is
   * answered per event. Default 5 minutes (docs/rudder-contract.md §9).
   */
  poisonAfterMs?: number;
}

export type TransformerHandler = (req: IncomingMessage, res: ServerResponse) => void;

const HANDLER_OPTIONS = [
  ...TRANSFORM_OPTIONS,
  'maxBodyBytes',
  'maxConcurrentRequests',
  'maxInflightBodyBytes',
  'maxOutboundRequests',
  'maxOutboundPerKey',
  'poisonAfterMs',
] as const satisfies readonly (keyof TransformerHandlerOptions)[];

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_CONCURRENT_REQUESTS = 32;
const DEFAULT_MAX_INFLIGHT_BODY_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_OUTBOUND_REQUESTS = 64;
const DEFAULT_MAX_OUTBOUND_PER_KEY = 16;
const DESTINATION = 'kustomer';
const PROCESSOR_PATH = /^\/v0\/destinations\/([^/]+)\/?$/;

/** rudder-server rejects transformer responses without this header (`SupportedTransformerApiVersion`). */
const API_VERSION_HEADER = { apiVersion: '2' } as const;

interface Context {
  maxBodyBytes: number;
  admission: Admission;
  options: TransformOptions;
  transient: TransientFailures;
}

export function createTransformerHandler(
  options: TransformerHandlerOptions = {},
): TransformerHandler {
  refuseUnknownOptions(options, HANDLER_OPTIONS, 'createTransformerHandler');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const admission = createAdmission({
    maxRequests: options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
    maxBytes: Math.max(
      options.maxInflightBodyBytes ?? DEFAULT_MAX_INFLIGHT_BODY_BYTES,
      maxBodyBytes,
    ),
  });
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const transformOptions: TransformOptions = {
    fetch: limitFetch(baseFetch, {
      maxRequests: options.maxOutboundRequests ?? DEFAULT_MAX_OUTBOUND_REQUESTS,
      maxPerKey: options.maxOutboundPerKey ?? DEFAULT_MAX_OUTBOUND_PER_KEY,
    }),
  };
  if (options.allowInsecureBaseEndpoint !== undefined) {
    transformOptions.allowInsecureBaseEndpoint = options.allowInsecureBaseEndpoint;
  }
  if (options.timeoutMs !== undefined) transformOptions.timeoutMs = options.timeoutMs;
  if (options.concurrency !== undefined) transformOptions.concurrency = options.concurrency;
  if (options.logger !== undefined) transformOptions.logger = options.logger;
  if (options.retry !== undefined) transformOptions.retry = options.retry;
  const transient = new TransientFailures({
    poisonAfterMs: options.poisonAfterMs ?? DEFAULT_POISON_AFTER_MS,
    now: () => performance.now(),
  });
  const context: Context = { maxBodyBytes, admission, options: transformOptions, transient };

  return (req, res) => {
    handle(req, res, context).catch(() => {
      // The error itself is not written anywhere: it could quote the request.
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal transformer error' });
      else res.destroy();
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, context: Context): Promise<void> {
  const path = pathOf(req.url);
  if (path === '/health') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(req, res, 'GET');
    return sendJson(res, 200, { status: 'ok' });
  }
  const processor = PROCESSOR_PATH.exec(path);
  if (processor === null && path !== '/routerTransform' && path !== '/deleteUsers') {
    return sendJson(res, 404, { error: `Not found: ${req.method ?? ''} ${shorten(path)}` });
  }
  if (req.method !== 'POST') return methodNotAllowed(req, res, 'POST');

  const ticket = context.admission.admit();
  try {
    if (ticket === undefined) throw busy('too many requests in progress');
    const { maxBodyBytes, options } = context;
    if (processor !== null) {
      // Checked before the body is read, as RudderStack's `pathParam` middleware does (docs/rudder-contract.md §1).
      const destination = decodeSegment(processor[1] ?? '');
      if (destination.toLowerCase() !== DESTINATION) {
        throw new HttpProblem(404, `Unknown destination: ${shorten(destination)}`);
      }
      const inputs = processorInputs(await readJson(req, maxBodyBytes, ticket));
      const outputs = await processorTransform(inputs, options);
      const retry = context.transient.verdict(outputs);
      if (retry !== undefined) {
        // docs/rudder-contract.md §9: rudder-server retries the whole call, so no identify is lost.
        throw new HttpProblem(retry.status, 'Kustomer lookups failed for a transient reason', {
          'Retry-After': String(retry.retryAfterSeconds),
        });
      }
      return sendJson(res, 200, outputs, API_VERSION_HEADER);
    }
    const body = await readJson(req, maxBodyBytes, ticket);
    if (path === '/deleteUsers') {
      // The whole answer takes the first element's status (docs/rudder-contract.md §8).
      const answers = await processDeleteUsers(body, options);
      return sendJson(res, answers[0]?.statusCode ?? 200, answers);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpProblem(400, 'Expected a JSON object {input, destType}');
    }
    const routerBody: RouterBody = body;
    const destType = routerBody.destType;
    if (typeof destType !== 'string' || destType.toLowerCase() !== DESTINATION) {
      throw new HttpProblem(404, `Unknown destination: ${shorten(String(destType))}`);
    }
    const input = expandCompacted(
      routerBody.input,
      routerBody.destinations,
      routerBody.connections,
    );
    const output = await routerTransform({ ...routerBody, input }, options);
    return sendJson(res, 200, output, API_VERSION_HEADER);
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    if (error.status === 413 || error.status === 503) res.setHeader('Connection', 'close');
    sendJson(
      res,
      error.status,
      { error: error.message },
      { ...API_VERSION_HEADER, ...error.headers },
    );
    // Whatever is left of a rejected body is discarded, not buffered.
    if (!req.complete) req.resume();
  } finally {
    ticket?.release();
  }
}

/** The plain array, or the compacted `{input, destinations, connections}` (docs/rudder-contract.md §1). */
function processorInputs(body: unknown): TransformerInput[] {
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null && Array.isArray(Reflect.get(body, 'input'))) {
    const compacted = body as { input: unknown[]; destinations?: unknown; connections?: unknown };
    const inputs = expandCompacted(compacted.input, compacted.destinations, compacted.connections);
    return Array.isArray(inputs) ? inputs : [];
  }
  throw new HttpProblem(
    400,
    'Expected a JSON array of events, or {input, destinations, connections}',
  );
}

/**
 * Puts each event's destination and connection back, as `destTransformCompactedPayloadV1.ts` does.
 * An event whose destination is missing keeps none and fails on its own with a 400, rather than the
 * whole request failing.
 */
function expandCompacted(input: unknown, destinations: unknown, connections: unknown): unknown {
  if (!Array.isArray(input) || typeof destinations !== 'object' || destinations === null) {
    return input;
  }
  const byId = destinations as Record<string, RudderDestination>;
  const links =
    typeof connections === 'object' && connections !== null
      ? (connections as Record<string, unknown>)
      : {};
  return input.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) return item;
    const event = item as TransformerInput;
    if (event.destination !== undefined) return event;
    const destinationId = event.metadata?.destinationId;
    const sourceId = event.metadata?.sourceId;
    const expanded: TransformerInput = { ...event };
    const destination =
      typeof destinationId === 'string' && Object.hasOwn(byId, destinationId)
        ? byId[destinationId]
        : undefined;
    if (destination !== undefined) {
      expanded.destination = destination;
      const link = `${String(sourceId)}:${destinationId}`;
      if (Object.hasOwn(links, link)) expanded.connection = links[link];
    }
    return expanded;
  });
}

function methodNotAllowed(req: IncomingMessage, res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendJson(res, 405, { error: `Method ${req.method ?? ''} not allowed` });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
