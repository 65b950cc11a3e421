/**
 * A call description: the unit of work. The destination runs it through the client's one executor
 * (`execute.ts`), a dry run prints it, and the RudderStack layer serialises it into its request
 * shape (docs/architecture.md#data-flow). Nothing else builds a Kustomer URL.
 *
 * Every operation of the spec can be described: its method and path template come from
 * generated/operations.ts, its parameter, body and answer types from generated/kustomer.ts. A new
 * operation is the spec, `npm run generate`, and nothing here.
 */
import type { operations as SpecOperations } from '../../generated/kustomer.js';
import { type OperationId, operations } from '../../generated/operations.js';
import { checkPathValue, checkQueryValue } from './path-segment.js';
import { kustomerUrl } from './urls.js';

/** A spec `operationId`, such as `getCustomerByEmail`: a name the spec lacks does not compile. */
export type KustomerOperation = OperationId;

type Spec<O extends KustomerOperation> = SpecOperations[O];

/** The JSON body the operation sends, or `undefined` for none. */
export type BodyOf<O extends KustomerOperation> =
  Spec<O> extends {
    requestBody: { content: { 'application/json': infer B } };
  }
    ? B
    : undefined;

/** The path values the operation's template names, such as `{ email: string }`. */
type PathOf<O extends KustomerOperation> = Spec<O>['parameters'] extends { path: infer P }
  ? { [K in keyof P]: string }
  : undefined;

/** The query values the spec allows (all optional in this spec). */
type QueryOf<O extends KustomerOperation> = Spec<O>['parameters'] extends { query?: infer Q }
  ? [Q] extends [undefined]
    ? undefined
    : NonNullable<Q>
  : undefined;

type SuccessOf<R> = R extends { 200: infer S } ? S : R extends { 201: infer S } ? S : never;

/** The `data` of the operation's success envelope. */
type DataOf<O extends KustomerOperation> =
  SuccessOf<Spec<O>['responses']> extends {
    content: { 'application/json': { data: infer D } };
  }
    ? D
    : never;

/**
 * What running the call resolves to: a read's data or `null` when Kustomer has none (404); for a
 * delete, whether there was something to delete (404: `false`); for any other write, its data.
 */
export type ResultOf<O extends KustomerOperation> = O extends KustomerOperation
  ? (typeof operations)[O]['method'] extends 'GET'
    ? DataOf<O> | null
    : (typeof operations)[O]['method'] extends 'DELETE'
      ? boolean
      : DataOf<O>
  : never;

export interface CallParams {
  path?: Record<string, string>;
  query?: Record<string, boolean | string | number>;
}

/** Parameters of one operation: its template's path values and its query, each when it has them. */
export type ParamsOf<O extends KustomerOperation> = (PathOf<O> extends undefined
  ? { path?: undefined }
  : { path: PathOf<O> }) &
  (QueryOf<O> extends undefined ? { query?: undefined } : { query?: QueryOf<O> });

export interface CallOf<O extends KustomerOperation> {
  /** The spec's `operationId`. */
  operation: O;
  method: (typeof operations)[O]['method'];
  /** The spec's path template, such as `/v1/customers/email={email}`: never a looked-up value. */
  path: (typeof operations)[O]['path'];
  params: CallParams;
  /** The full URL, built by openapi-fetch's serializers: each value is one encoded path segment. */
  url: string;
  body: BodyOf<O>;
}

export type KustomerCall = { [O in KustomerOperation]: CallOf<O> }[KustomerOperation];

/**
 * Describes a call. Path values are checked first by the one path-value rule (`path-segment.ts`),
 * so a value that cannot be sent is refused before any request, the same way for every caller.
 */
export function describeCall<O extends KustomerOperation>(
  baseUrl: string,
  operation: O,
  params: ParamsOf<O>,
  body: BodyOf<O>,
): CallOf<O> {
  const { method, path } = operations[operation];
  const given = params as CallParams;
  checkPathValues(path, given);
  return { operation, method, path, params: given, url: kustomerUrl(baseUrl, path, given), body };
}

/** Applies the path-value rule to every value of `params.path`, and its surrogate rule to the query's. */
export function checkPathValues(template: string, params: CallParams): void {
  const values = params.path;
  for (const name in values) checkPathValue(template, name, values[name]);
  const query = params.query;
  for (const name in query) checkQueryValue(template, name, query[name]);
}
