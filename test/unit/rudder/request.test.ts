import { describe, expect, it } from 'vitest';
import { describeCall } from '../../../src/client/calls.js';
import { updateCall } from '../../../src/delivery/identity.js';
import { toRudderRequest } from '../../../src/rudder/request.js';

const base = 'https://api.prod2.kustomerapp.com';

describe('request objects (docs/rudder-contract.md §4)', () => {
  it("fills RudderStack's defaultRequestConfig with the Kustomer fields", () => {
    const body = { identity: { externalId: 'u1' }, event: { name: 'Signed-Up' } };
    const call = describeCall(base, 'createTrackingIdentityEvent', {}, body);
    expect(toRudderRequest(call, 'key-1')).toEqual({
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
    const request = toRudderRequest(
      describeCall(base, 'createCustomer', {}, { externalId: 'u1' }),
      'k',
    );
    expect(request).toMatchObject({ method: 'POST', endpoint: `${base}/v1/customers` });
  });

  it('updates on the configured host with replace=false in the endpoint, params empty (D2)', () => {
    const request = toRudderRequest(updateCall(base, 'c-1', { externalId: 'u1' }), 'k');
    expect(request).toMatchObject({
      method: 'PUT',
      endpoint: `${base}/v1/customers/c-1?replace=false`,
      params: {},
    });
  });

  it('encodes the customer id as one path segment', () => {
    const request = toRudderRequest(updateCall(base, '../a/b?c#d', {}), 'k');
    expect(request.endpoint).toBe(`${base}/v1/customers/..%2Fa%2Fb%3Fc%23d?replace=false`);
  });
});
