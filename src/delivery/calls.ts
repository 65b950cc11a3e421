/**
 * One description of a Kustomer call: what the destination executes through the client, what a
 * dry run prints, and what the RudderStack layer serialises into its request shape.
 */
import type { paths } from '../../generated/kustomer.js';
import type { CustomerBody, IdentityEventBody } from '../payloads.js';
import { kustomerUrl } from './urls.js';

export type KustomerOperation =
  | 'getCustomerByEmail'
  | 'getCustomerByExternalId'
  | 'createCustomer'
  | 'updateCustomer'
  | 'deleteCustomer'
  | 'createTrackingIdentityEvent';

export interface KustomerCall {
  /** The spec's `operationId`. */
  operation: KustomerOperation;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The spec's path template, such as `/v1/customers/email={email}`: never a looked-up value. */
  path: keyof paths;
  params: { path?: Record<string, string>; query?: Record<string, boolean> };
  /** The full URL, built by openapi-fetch's serializers: each value is one encoded path segment. */
  url: string;
  body?: CustomerBody | IdentityEventBody;
}

const OPERATIONS = {
  getCustomerByEmail: { method: 'GET', path: '/v1/customers/email={email}' },
  getCustomerByExternalId: { method: 'GET', path: '/v1/customers/externalId={externalId}' },
  createCustomer: { method: 'POST', path: '/v1/customers' },
  updateCustomer: { method: 'PUT', path: '/v1/customers/{id}' },
  deleteCustomer: { method: 'DELETE', path: '/v1/customers/{id}' },
  createTrackingIdentityEvent: { method: 'POST', path: '/v1/tracking/identityEvent' },
} as const satisfies Record<KustomerOperation, Pick<KustomerCall, 'method' | 'path'>>;

export function describeCall(
  baseUrl: string,
  operation: KustomerOperation,
  params: KustomerCall['params'] = {},
  body?: CustomerBody | IdentityEventBody,
): KustomerCall {
  const { method, path } = OPERATIONS[operation];
  const call: KustomerCall = {
    operation,
    method,
    path,
    params,
    url: kustomerUrl(baseUrl, path, params),
  };
  if (body !== undefined) call.body = body;
  return call;
}
