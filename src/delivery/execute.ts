/**
 * Carries out one call description through the typed client. Resolves to the id of the customer
 * the call found or touched, or `null` when Kustomer has no such customer (a lookup or a delete
 * that answers 404).
 */
import type { CallOptions, KustomerClient } from '../client/types.js';
import type { CustomerResource } from '../payloads.js';
import type { KustomerCall } from './calls.js';

/** Runs a lookup description and resolves to the customer found, with its attributes, or null. */
export async function lookupCustomer(
  client: KustomerClient,
  call: KustomerCall,
  options: CallOptions,
): Promise<CustomerResource | null> {
  const path = call.params.path ?? {};
  switch (call.operation) {
    case 'getCustomerByEmail':
      return client.customers.getByEmail(path.email ?? '', options);
    case 'getCustomerByExternalId':
      return client.customers.getByExternalId(path.externalId ?? '', options);
    default:
      throw new TypeError(`${call.operation} is not a customer lookup`);
  }
}

export async function executeCall(
  client: KustomerClient,
  call: KustomerCall,
  options: CallOptions,
): Promise<string | null> {
  const path = call.params.path ?? {};
  const value = (name: string): string => path[name] ?? '';
  switch (call.operation) {
    case 'getCustomerByEmail':
    case 'getCustomerByExternalId':
      return (await lookupCustomer(client, call, options))?.id ?? null;
    case 'createCustomer':
      return (await client.customers.create(call.body, options)).id;
    case 'updateCustomer': {
      const replace = call.params.query?.replace === true;
      return (await client.customers.update(value('id'), call.body, { ...options, replace })).id;
    }
    case 'deleteCustomer':
      return (await client.customers.delete(value('id'), options)) ? value('id') : null;
    case 'createTrackingIdentityEvent': {
      const identity = await client.tracking.identityEvent(call.body, options);
      return identity.relationships?.customer?.data?.id ?? null;
    }
  }
}
