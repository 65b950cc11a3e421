/**
 * The JSON shapes of the rudder-transformer ↔ rudder-server contract for Kustomer
 * (docs/rudder-contract.md §1–4). Inputs are typed loosely: they arrive as parsed JSON from
 * rudder-server, so every field may be missing or of the wrong type.
 */

import type { KustomerCall } from '../client/calls.js';
import type { RetryPolicy } from '../client/types.js';
import type { Logger } from '../delivery/types.js';
import type { CompanyUpdateBody, CustomerBody, IdentityEventBody } from '../payloads.js';
import type { CustomerMemory } from './customer-memory.js';

/** rudder-server's per-job metadata (docs/rudder-contract.md §1); passed back untouched. */
export interface RudderMetadata {
  jobId?: number | string;
  sourceId?: string;
  destinationId?: string;
  workspaceId?: string;
  messageId?: string;
  [key: string]: unknown;
}

/** The destination as rudder-server sends it; only `Config` is read (docs/rudder-contract.md §0). */
export interface RudderDestination {
  ID?: string;
  Name?: string;
  Config?: Record<string, unknown>;
  DestinationDefinition?: unknown;
  [key: string]: unknown;
}

/** One element of the processor request body, or of the router's `input` (docs/rudder-contract.md §1, §2). */
export interface TransformerInput {
  message?: unknown;
  metadata?: RudderMetadata;
  destination?: RudderDestination;
  connection?: unknown;
  libraries?: unknown;
  credentials?: unknown;
  [key: string]: unknown;
}

/** The compacted processor body (`json+compactedv1`, docs/rudder-contract.md §1). */
export interface CompactedBody {
  input: TransformerInput[];
  destinations?: Record<string, RudderDestination>;
  connections?: Record<string, unknown>;
}

/** `POST /routerTransform` body (docs/rudder-contract.md §2). */
export interface RouterBody {
  input?: unknown;
  destType?: unknown;
  destinations?: Record<string, RudderDestination>;
  connections?: Record<string, unknown>;
}

type Empty = Record<string, never>;

/** RudderStack's `defaultRequestConfig()` as Kustomer fills it in (docs/rudder-contract.md §4). */
export interface RudderRequest {
  version: '1';
  type: 'REST';
  method: KustomerCall['method'];
  endpoint: string;
  headers: { 'Content-Type': 'application/json'; Authorization: string };
  params: Empty;
  body: {
    JSON: CustomerBody | IdentityEventBody | CompanyUpdateBody | Empty;
    JSON_ARRAY: Empty;
    XML: Empty;
    FORM: Empty;
  };
  files: Empty;
}

export type ErrorCategory = 'dataValidation' | 'network' | 'transformation' | 'platform';

export type ErrorType =
  | 'instrumentation'
  | 'configuration'
  | 'retryable'
  | 'throttled'
  | 'aborted'
  | 'filtered';

/** The error's own tags merged with the defaults of docs/rudder-contract.md §1. */
export interface StatTags {
  errorCategory: ErrorCategory;
  errorType?: ErrorType;
  destType: 'KUSTOMER';
  module: 'destination';
  implementation: 'native';
  feature: 'processor' | 'router';
  destinationId?: string;
  workspaceId?: string;
}

/** Processor success element: the request plus the `userId` the HTTP layer adds. */
export interface ProcessorSuccess {
  output: RudderRequest & { userId: string };
  metadata?: RudderMetadata;
  statusCode: 200;
}

export interface ProcessorFailure {
  metadata?: RudderMetadata;
  statusCode: number;
  error: string;
  statTags: StatTags;
}

export type ProcessorOutput = ProcessorSuccess | ProcessorFailure;

/** Router success element (`getSuccessRespEvents`). A pass-through carries the input message. */
export interface RouterSuccess {
  batchedRequest: RudderRequest | unknown;
  metadata: (RudderMetadata | undefined)[];
  batched: false;
  statusCode: 200;
  destination: RudderDestination | undefined;
}

/** Router error element (`handleRtTfSingleEventError`); the invalid-array answer has no statTags. */
export interface RouterFailure {
  metadata: (RudderMetadata | undefined)[];
  batched: false;
  statusCode: number;
  error: string;
  statTags?: StatTags;
  destination?: RudderDestination | undefined;
}

export type RouterOutput = RouterSuccess | RouterFailure;

export interface RouterResponse {
  output: RouterOutput[];
}

/** What the transformer may be given besides the events. */
export interface TransformOptions {
  /** Accept an `http://` loopback `baseEndpoint` (a local simulator). Never in production. */
  allowInsecureBaseEndpoint?: boolean;
  /** Per-lookup timeout handed to the client. */
  timeoutMs?: number;
  /**
   * Retries of a lookup within the call, for 429, 5xx, timeouts and network errors: default 3
   * attempts with waits of at most 1 s each (docs/rudder-contract.md §9); `false` for one attempt.
   */
  retry?: RetryPolicy | false;
  /** The fetch lookups go through; default the global one. */
  fetch?: (request: Request) => Promise<Response>;
  /** Identify groups resolved at once; default 50, RudderStack's `BATCH_PROCESSING_BATCH_SIZE`. */
  concurrency?: number;
  /**
   * Customers found by lookups, remembered across calls (per API key and base URL, 10 minutes):
   * default one per process; `false` looks every identify up (docs/rudder-contract.md §11).
   */
  customerMemory?: CustomerMemory | false;
  /** Told one `debug` record per lookup attempt and per invalid event, with no key or personal data. */
  logger?: Logger;
}
