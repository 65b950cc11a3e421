/**
 * The bulk engine's view of Kustomer: the client's bulk operations, and a lookup by externalId as
 * the call description every path uses.
 */
import type { components } from '../../../generated/kustomer.js';
import type { CallOptions, KustomerClient } from '../../client/types.js';
import { KustomerError } from '../../errors.js';
import { describeCall } from '../calls.js';
import { executeCall } from '../execute.js';
import type { BulkApi } from './engine.js';

type Schemas = components['schemas'];

export function bulkApi(client: KustomerClient, options: CallOptions): BulkApi {
  return {
    async submit(kind, items) {
      // The engine builds each item from a mapped customer body plus `_clientRef` (and `id`).
      const job =
        kind === 'create'
          ? await client.bulk.createCustomers(items as Schemas['BulkCustomerCreateBody'], options)
          : await client.bulk.updateCustomers(items as Schemas['BulkCustomerUpdateBody'], options);
      return job.id;
    },
    async read(id) {
      const batches = await client.bulk.batches(id, options);
      if (batches === null) {
        throw new KustomerError(`Kustomer has no bulk job ${id} (404)`, { retryable: true });
      }
      return batches;
    },
    findByExternalId(externalId) {
      const params = { path: { externalId } };
      const call = describeCall(client.baseUrl, 'getCustomerByExternalId', params, undefined);
      return executeCall(client, call, options);
    },
  };
}
