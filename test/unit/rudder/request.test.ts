import { describe, expect, it } from 'vitest';
import {
  createCustomerRequest,
  trackingRequest,
  updateCustomerRequest,
} from '../../../src/rudder/request.js';

const base = 'https://api.prod2.kustomerapp.com';

describe('request objects (rudder-contract §4)', () => {
  it("fills RudderStack's defaultRequestConfig with the Kustomer fields", () => {
    const body = { identity: { externalId: 'u1' }, event: { name: 'Signed-Up' } };
    expect(trackingRequest(base, 'key-1', body)).toEqual({
      version: '1',
      type: 'REST',
      method: 'POST',
      endpoint: `${base}/v1/tracking/identityEvent`,
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer key-1' },
      params: {},
      body: { JSON: body, JSON_ARRAY: {}, XML: {}, FORM: {} },
      files: {},
    });
  });

  it('creates customers with POST /v1/customers on the configured host', () => {
    const request = createCustomerRequest(base, 'k', { externalId: 'u1' });
    expect(request).toMatchObject({ method: 'POST', endpoint: `${base}/v1/customers` });
  });

  it('updates on the configured host with replace=false in the endpoint, params empty (D2)', () => {
    const request = updateCustomerRequest(base, 'k', 'c-1', { externalId: 'u1' });
    expect(request).toMatchObject({
      method: 'PUT',
      endpoint: `${base}/v1/customers/c-1?replace=false`,
      params: {},
    });
  });

  it('encodes the customer id as one path segment', () => {
    const request = updateCustomerRequest(base, 'k', '../a/b?c#d', {});
    expect(request.endpoint).toBe(`${base}/v1/customers/..%2Fa%2Fb%3Fc%23d?replace=false`);
  });
});
