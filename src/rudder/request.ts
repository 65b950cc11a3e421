/**
 * A call description serialised as the request rudder-server sends on our behalf
 * (docs/rudder-contract.md §4, RudderStack's `defaultRequestConfig()`). The endpoint is the call's
 * URL, built by the client's serializer on the configured origin, updates included
 * (docs/deviations.md D2).
 */
import type { CallOf } from '../client/calls.js';
import type { RudderRequest } from './types.js';

/**
 * The calls the RudderStack layer hands back to rudder-server: customer writes, tracking events and
 * the update of a company a group found (docs/rudder-contract.md, "Group events and companies").
 */
export type RudderCall =
  | CallOf<'createCustomer'>
  | CallOf<'updateCustomer'>
  | CallOf<'createTrackingIdentityEvent'>
  | CallOf<'updateCompany'>;

export function toRudderRequest(call: RudderCall, apiKey: string): RudderRequest {
  return {
    version: '1',
    type: 'REST',
    method: call.method,
    endpoint: call.url,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
    params: {},
    body: { JSON: call.body ?? {}, JSON_ARRAY: {}, XML: {}, FORM: {} },
    files: {},
  };
}
