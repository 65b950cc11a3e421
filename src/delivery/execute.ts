/**
 * Runs a call description through the client and reads from the answer the customer the call
 * found or touched: `null` when Kustomer has no such customer (a lookup or a delete that answers 404).
 */
import type { KustomerCall } from '../client/calls.js';
import type { CallOptions, KustomerClient } from '../client/types.js';
import type { CustomerResource, TrackingIdentityResource } from '../payloads.js';

/** Runs a lookup description and resolves to the customer found, with its attributes, or null. */
export async function lookupCustomer(
  client: KustomerClient,
  call: KustomerCall,
  options: CallOptions,
): Promise<CustomerResource | null> {
  switch (call.operation) {
    case 'getCustomerByEmail':
    case 'getCustomerByExternalId':
    case 'getCustomerByPhone':
      return client.execute(call, options);
    default:
      throw new TypeError(`${call.operation} is not a customer lookup`);
  }
}

export async function executeCall(
  client: KustomerClient,
  call: KustomerCall,
  options: CallOptions,
): Promise<string | null> {
  const result = await client.execute(call, options);
  if (result === null || result === undefined || result === false) return null;
  // A delete answers no body: the customer is the one the path names.
  if (result === true) return call.params.path?.id ?? null;
  return customerIdOf(result);
}

/** A customer resource's own id, or the customer a tracking identity belongs to. */
function customerIdOf(
  resource: CustomerResource | TrackingIdentityResource | object,
): string | null {
  const known = resource as Partial<CustomerResource> | Partial<TrackingIdentityResource>;
  if (known.type === 'customer') return known.id ?? null;
  return (known as Partial<TrackingIdentityResource>).relationships?.customer?.data?.id ?? null;
}
