/**
 * The one executor: any call description goes out through openapi-fetch's generic
 * `request(method, path, init)`, from the description's own method, path template and params, in
 * the attempt loop of `attempts.ts` (gate, per-attempt timeout, retries, redaction, the hold after
 * a lost write). The URL a description shows and the URL requested are built by the same
 * serializers from the same template and values (test/contract/call-urls.test.ts holds them equal).
 */
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/kustomer.js';
import { call, type OperationInfo, type OperationRuntime, type Send } from './attempts.js';
import { type CallOf, checkPathValues, type KustomerOperation, type ResultOf } from './calls.js';
import type { CallOptions } from './types.js';

export type KustomerApi = Client<paths>;

/** What the executor needs of openapi-fetch's `request`, for a call whose operation is known only at run time. */
type Request = (
  method: string,
  path: string,
  init: {
    params: object;
    body?: unknown;
    signal: AbortSignal;
    fetch: unknown;
    baseUrl: string;
    redirect: string;
  },
) => ReturnType<Send<{ data: object }>>;

const DELETED = { data: {} };

/**
 * Runs one description. A read that answers 404 resolves to `null` and a delete that answers 404
 * to `false` (nothing to delete); a delete succeeds with no body (204).
 */
export async function executeCall<O extends KustomerOperation>(
  api: KustomerApi,
  runtime: OperationRuntime,
  description: CallOf<O>,
  options?: CallOptions,
): Promise<ResultOf<O>> {
  // Checked again here: a description may have been built by hand.
  checkPathValues(description.path, description.params);
  const { method } = description;
  const info: OperationInfo = {
    operation: description.operation,
    method: method as OperationInfo['method'],
    path: description.path,
    lookup: method === 'GET' || method === 'DELETE',
    ...(method === 'DELETE' ? { empty: true as const } : {}),
  };
  const request = api.request as unknown as Request;
  const params = description.params;
  const body = description.body;
  const send: Send<{ data: object }> = async ({ signal, fetch, baseUrl, redirect }) => {
    // A literal, not a spread of the attempt's init: one shape, built once per attempt.
    const init = { signal, fetch, baseUrl, redirect, params, body };
    const answer = await request(method, description.path, init);
    if (method !== 'DELETE') return answer;
    return answer.response.ok
      ? { data: DELETED, response: answer.response }
      : { error: answer.error, response: answer.response };
  };
  const envelope = await call(runtime, info, options, send);
  if (method === 'DELETE') return (envelope !== null) as ResultOf<O>;
  return (envelope === null ? null : envelope.data) as ResultOf<O>;
}
