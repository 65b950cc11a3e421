/**
 * One description of a Kustomer call: what the destination executes through the client, what a
 * dry run prints, and what the RudderStack layer serialises into its request shape
 * (docs/architecture.md). Nothing else builds a Kustomer URL.
 */
import type { paths } from '../../generated/kustomer.js';
import { operations } from '../../generated/operations.js';
import { segmentProblem } from '../client/path-segment.js';
import { InvalidEventError } from '../errors.js';
import type { CustomerBody, IdentityEventBody } from '../payloads.js';
import { kustomerUrl } from './urls.js';

/**
 * The spec operations the destination calls: generated/operations.ts has each one's method and
 * path, so a name the spec lacks does not compile.
 */
export type KustomerOperation =
  | 'getCustomerByEmail'
  | 'getCustomerByExternalId'
  | 'createCustomer'
  | 'updateCustomer'
  | 'deleteCustomer'
  | 'createTrackingIdentityEvent';

/** The body each writing operation sends. */
interface Bodies {
  createCustomer: CustomerBody;
  updateCustomer: CustomerBody;
  createTrackingIdentityEvent: IdentityEventBody;
}

type BodyOf<O extends KustomerOperation> = O extends keyof Bodies ? Bodies[O] : undefined;

interface CallOf<O extends KustomerOperation> {
  /** The spec's `operationId`. */
  operation: O;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The spec's path template, such as `/v1/customers/email={email}`: never a looked-up value. */
  path: keyof paths;
  params: { path?: Record<string, string>; query?: Record<string, boolean> };
  /** The full URL, built by openapi-fetch's serializers: each value is one encoded path segment. */
  url: string;
  body: BodyOf<O>;
}

export type KustomerCall = { [O in KustomerOperation]: CallOf<O> }[KustomerOperation];

/**
 * Describes a call. Path values are checked first, the same way for every entry point: an empty
 * value, `.` or `..` (a dot segment that URL parsing would collapse: `/v1/customers/..` is `/v1/`)
 * and a lone UTF-16 surrogate (no UTF-8 form) are an `InvalidEventError` that names the path
 * template, never the value, which may be personal data.
 */
export function describeCall<O extends KustomerOperation>(
  baseUrl: string,
  operation: O,
  params: KustomerCall['params'],
  body: BodyOf<O>,
): CallOf<O> {
  const { method, path } = operations[operation];
  for (const [name, value] of Object.entries(params.path ?? {})) checkSegment(path, name, value);
  return { operation, method, path, params, url: kustomerUrl(baseUrl, path, params), body };
}

/** Throws `InvalidEventError` for a path value that cannot be one path segment of `path`. */
export function checkSegment(path: string, name: string, value: unknown): void {
  const problem = segmentProblem(value);
  if (problem !== undefined) {
    throw new InvalidEventError(`The ${name} for ${path} ${problem}`, { field: name });
  }
}
