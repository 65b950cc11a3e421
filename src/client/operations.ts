/**
 * The public client's per-operation methods: each builds a call description and hands it to the
 * one executor (`execute.ts`), so a method and the destination send the same request.
 */

import type { OperationRuntime } from './attempts.js';
import { describeCall } from './calls.js';
import { executeCall, type KustomerApi } from './execute.js';
import type { KustomerClient } from './types.js';

export function createOperations(
  api: KustomerApi,
  runtime: OperationRuntime,
): Omit<KustomerClient, 'baseUrl'> {
  const baseUrl = runtime.baseUrl;
  const execute: KustomerClient['execute'] = (description, options) =>
    executeCall(api, runtime, description, options);
  return {
    execute,
    // Each async, so that a refused path value is a rejection like any other failure, not a throw.
    customers: {
      create: async (body, options) =>
        execute(describeCall(baseUrl, 'createCustomer', {}, body), options),
      get: async (id, options) =>
        execute(describeCall(baseUrl, 'getCustomerById', { path: { id } }, undefined), options),
      getByEmail: async (email, options) =>
        execute(
          describeCall(baseUrl, 'getCustomerByEmail', { path: { email } }, undefined),
          options,
        ),
      getByExternalId: async (externalId, options) =>
        execute(
          describeCall(baseUrl, 'getCustomerByExternalId', { path: { externalId } }, undefined),
          options,
        ),
      // `replace` is always sent, so the request says which of Kustomer's two behaviours it wants.
      update: async (id, body, options) =>
        execute(
          describeCall(
            baseUrl,
            'updateCustomer',
            { path: { id }, query: { replace: options?.replace === true } },
            body,
          ),
          options,
        ),
      delete: async (id, options) =>
        execute(describeCall(baseUrl, 'deleteCustomer', { path: { id } }, undefined), options),
    },
    tracking: {
      identityEvent: async (body, options) =>
        execute(describeCall(baseUrl, 'createTrackingIdentityEvent', {}, body), options),
    },
  };
}
