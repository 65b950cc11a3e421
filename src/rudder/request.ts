/**
 * The request object rudder-server sends on our behalf (rudder-contract §4, RudderStack's
 * `defaultRequestConfig()`). Endpoints are built on the configured origin, updates included
 * (DESIGN.md D2), and the customer id is one encoded path segment (DESIGN.md invariant 6).
 */
import type { CustomerBody, IdentityEventBody } from '../client/types.js';
import type { RudderRequest } from './types.js';

export function trackingRequest(
  baseUrl: string,
  apiKey: string,
  body: IdentityEventBody,
): RudderRequest {
  return buildRequest('POST', `${baseUrl}/v1/tracking/identityEvent`, apiKey, body);
}

export function createCustomerRequest(
  baseUrl: string,
  apiKey: string,
  body: CustomerBody,
): RudderRequest {
  return buildRequest('POST', `${baseUrl}/v1/customers`, apiKey, body);
}

/** `replace=false` merges into the stored customer, as RudderStack's update does (§6). */
export function updateCustomerRequest(
  baseUrl: string,
  apiKey: string,
  customerId: string,
  body: CustomerBody,
): RudderRequest {
  const endpoint = `${baseUrl}/v1/customers/${encodeURIComponent(customerId)}?replace=false`;
  return buildRequest('PUT', endpoint, apiKey, body);
}

export function buildRequest(
  method: 'POST' | 'PUT',
  endpoint: string,
  apiKey: string,
  json: CustomerBody | IdentityEventBody,
): RudderRequest {
  return {
    version: '1',
    type: 'REST',
    method,
    endpoint,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
    params: {},
    body: { JSON: json, JSON_ARRAY: {}, XML: {}, FORM: {} },
    files: {},
  };
}
