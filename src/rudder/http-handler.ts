/**
 * A node:http handler that speaks rudder-transformer's HTTP contract for Kustomer, so rudder-server
 * can use it as `DEST_TRANSFORM_URL` (docs/rudder-contract.md §1, §2). Nothing is logged, and no response
 * echoes a request body, so the API key in `destination.Config` goes nowhere but the outputs. What
 * it holds at once is bounded (requests, body bytes, lookups to Kustomer: docs/reliability.md §8).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { refuseUnknownOptions } from '../options.js';
import { type Admission, createAdmission } from './admission.js';
import { boundedOutputs, checkEventCount } from './answer-bounds.js';
import { clusterMetricsOfWorker, type MetricsText } from './cluster-metrics.js';
import { expandCompacted, processorInputs } from './compacted.js';
import { TRANSFORM_OPTIONS } from './config.js';
import { CustomerMemory } from './customer-memory.js';
import { deleteUsersSplit } from './delete-split.js';
import { processDeleteUsers } from './delete-users.js';
import { kustomerFeatures, mergeFeatures } from './features.js';
import {
  API_VERSION_HEADER,
  answerProblem,
  decodeSegment,
  methodNotAllowed,
  pathOf,
  sendJson,
} from './http-answer.js';
import { busy, DEFAULT_BODY_TIMEOUT_MS, HttpProblem, readJson, shorten } from './http-body.js';
import { createMetrics, routerStatuses, type TransformerMetrics } from './metrics.js';
import { limitFetch } from './outbound-limit.js';
import { processorOutputs } from './processor.js';
import { routerTransform } from './router.js';
import { DEFAULT_POISON_AFTER_MS, TransientFailures } from './transient.js';
import type { RouterBody, TransformOptions } from './types.js';
import { createUpstream, type Upstream } from './upstream.js';

export interface TransformerHandlerOptions extends TransformOptions {
  /** Largest request body accepted; larger ones get 413. Default 10 MB. */
  maxBodyBytes?: number;
  /** Requests handled at once once their body is in (503 past it; default 32; readers: 4×). */
  maxConcurrentRequests?: number;
  /** How long a request body may take to arrive; a slower sender is dropped. Default 10 s. */
  bodyTimeoutMs?: number;
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
  /**
   * A rudder-transformer (its base URL) to send everything that is not Kustomer's to: other
   * destinations' calls, `/features` (merged with Kustomer's entry), other paths; so that
   * `DEST_TRANSFORM_URL` can point here alone (docs/rudder-contract.md §10).
   */
  upstream?: string;
  /**
   * In a node:cluster worker whose primary runs `serveClusterMetrics`: `/metrics` answers every
   * worker's metrics, aggregated (`serve --workers`, docs/metrics.md).
   */
  clusterMetrics?: boolean;
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
  'upstream',
  'bodyTimeoutMs',
  'clusterMetrics',
] as const satisfies readonly (keyof TransformerHandlerOptions)[];

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_CONCURRENT_REQUESTS = 32;
const DEFAULT_MAX_INFLIGHT_BODY_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_OUTBOUND_REQUESTS = 64;
const DEFAULT_MAX_OUTBOUND_PER_KEY = 16;
const DESTINATION = 'kustomer';
const PROCESSOR_PATH = /^\/v0\/destinations\/([^/]+)\/?$/;

interface Context {
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  admission: Admission;
  options: TransformOptions;
  transient: TransientFailures;
  upstream: Upstream | undefined;
  /** Calls streamed to the upstream, held apart so that they never crowd out Kustomer's. */
  proxied: Admission;
  metrics: TransformerMetrics;
  scrape: () => Promise<MetricsText>;
}

export function createTransformerHandler(
  given: TransformerHandlerOptions = {},
): TransformerHandler {
  const options = refuseUnknownOptions(given, HANDLER_OPTIONS, 'createTransformerHandler');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const admission = createAdmission({
    maxRequests: options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
    maxBytes: Math.max(
      options.maxInflightBodyBytes ?? DEFAULT_MAX_INFLIGHT_BODY_BYTES,
      maxBodyBytes,
    ),
  });
  const maxRequests = options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS;
  // Streamed bodies are never held whole, so only their number is capped.
  const proxied = createAdmission({ maxRequests, maxBytes: Number.POSITIVE_INFINITY });
  // Each handler remembers its own customers (docs/rudder-contract.md §11).
  const memory = options.customerMemory ?? new CustomerMemory();
  const metrics = createMetrics({ transforms: admission, proxied }, memory || undefined);
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const transformOptions: TransformOptions = {
    fetch: limitFetch(metrics.timeFetch(baseFetch), {
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
  transformOptions.customerMemory = memory;
  const transient = new TransientFailures({
    poisonAfterMs: options.poisonAfterMs ?? DEFAULT_POISON_AFTER_MS,
    now: () => performance.now(),
  });
  const context: Context = {
    maxBodyBytes,
    bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    admission,
    options: transformOptions,
    transient,
    upstream: options.upstream === undefined ? undefined : createUpstream(options.upstream),
    proxied,
    metrics,
    scrape: options.clusterMetrics
      ? clusterMetricsOfWorker(metrics.registry)
      : async () => ({
          contentType: metrics.registry.contentType,
          text: await metrics.registry.metrics(),
        }),
  };

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
  const { upstream } = context;
  if (path === '/health') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(req, res, 'GET');
    return sendJson(res, 200, { status: 'ok' });
  }
  if (path === '/metrics') {
    if (req.method !== 'GET') return methodNotAllowed(req, res, 'GET');
    const { contentType, text } = await context.scrape();
    res.writeHead(200, { 'Content-Type': contentType });
    res.end(text);
    return;
  }
  if (path === '/features') {
    if (req.method !== 'GET') return methodNotAllowed(req, res, 'GET');
    return answerFeatures(res, upstream);
  }
  const processor = PROCESSOR_PATH.exec(path);
  const destination = processor === null ? undefined : decodeSegment(processor[1] ?? '');
  const ours =
    destination?.toLowerCase() === DESTINATION ||
    path === '/routerTransform' ||
    path === '/deleteUsers';
  if (!ours && upstream !== undefined) return proxy(req, res, context, upstream);
  if (processor === null && !ours) {
    return sendJson(res, 404, { error: `Not found: ${req.method ?? ''} ${shorten(path)}` });
  }
  if (req.method !== 'POST') return methodNotAllowed(req, res, 'POST');

  const ticket = context.admission.admit();
  let transientAnswer = false;
  try {
    if (ticket === undefined) throw busy('too many requests in progress');
    const { maxBodyBytes, bodyTimeoutMs, options } = context;
    if (processor !== null) {
      // Checked before the body is read, as RudderStack's `pathParam` middleware does (docs/rudder-contract.md §1).
      if (destination?.toLowerCase() !== DESTINATION) {
        throw new HttpProblem(404, `Unknown destination: ${shorten(destination ?? '')}`);
      }
      const inputs = processorInputs(await readJson(req, maxBodyBytes, ticket, bodyTimeoutMs));
      checkEventCount(inputs.length);
      const perInput = await processorOutputs(inputs, options);
      const outputs = boundedOutputs(perInput.flat());
      const retry = context.transient.verdict(outputs);
      if (retry !== undefined) {
        context.metrics.retryAnswer(retry.status, 'transient');
        transientAnswer = true;
        // docs/rudder-contract.md §9: rudder-server retries the whole call, so no identify is lost.
        throw new HttpProblem(retry.status, 'Kustomer lookups failed for a transient reason', {
          'Retry-After': String(retry.retryAfterSeconds),
        });
      }
      context.metrics.events(
        'processor',
        inputs,
        perInput.map((answers, input) => ({ input, status: answers[0]?.statusCode ?? 200 })),
      );
      return sendJson(res, 200, outputs, API_VERSION_HEADER);
    }
    const body = await readJson(req, maxBodyBytes, ticket, bodyTimeoutMs);
    if (path === '/deleteUsers') {
      // The whole answer takes the first element's status (docs/rudder-contract.md §8).
      const answers =
        upstream === undefined
          ? await processDeleteUsers(body, options)
          : await deleteUsersSplit(body, options, upstream, req.headers);
      return sendJson(res, answers[0]?.statusCode ?? 200, answers);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpProblem(400, 'Expected a JSON object {input, destType}');
    }
    const routerBody: RouterBody = body;
    const destType = routerBody.destType;
    if (typeof destType !== 'string' || destType.toLowerCase() !== DESTINATION) {
      if (upstream !== undefined) {
        // A router batch carries one destType (docs/rudder-contract.md §2): all of it goes upstream.
        const answer = await upstream.json('POST', '/routerTransform', body, req.headers);
        return sendJson(res, answer.status, answer.body, API_VERSION_HEADER);
      }
      throw new HttpProblem(404, `Unknown destination: ${shorten(String(destType))}`);
    }
    const input = expandCompacted(
      routerBody.input,
      routerBody.destinations,
      routerBody.connections,
    );
    const output = await routerTransform({ ...routerBody, input }, options);
    if (Array.isArray(input))
      context.metrics.events('router', input, routerStatuses(input, output));
    return sendJson(res, 200, output, API_VERSION_HEADER);
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    if (error.status === 503 && !transientAnswer) context.metrics.retryAnswer(503, 'busy');
    if (error.status === 408) context.metrics.slowSender();
    answerProblem(req, res, error);
  } finally {
    ticket?.release();
  }
}

/** Without an upstream, Kustomer's own features; with one, the upstream's with Kustomer's entry. */
async function answerFeatures(res: ServerResponse, upstream: Upstream | undefined): Promise<void> {
  if (upstream === undefined) return sendJson(res, 200, kustomerFeatures());
  const answer = await upstream.json('GET', '/features', undefined).catch(() => undefined);
  if (answer === undefined || answer.status !== 200) {
    // rudder-server asks again; answering Kustomer's alone would hide every other destination's.
    return sendJson(res, 502, { error: 'The upstream transformer did not answer /features' });
  }
  return sendJson(res, 200, mergeFeatures(answer.body));
}

async function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  context: Context,
  upstream: Upstream,
): Promise<void> {
  const ticket = context.proxied.admit();
  try {
    if (ticket === undefined) throw busy('too many calls to the upstream transformer in progress');
    await upstream.forward(req, res, context.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    answerProblem(req, res, error);
  } finally {
    ticket?.release();
  }
}
