/**
 * The bulk engine's view of Kustomer, as call descriptions run by the client's one executor: a new
 * operation here is the spec, `npm run generate` and a description (docs/architecture.md).
 */
import type { components } from '../../../generated/kustomer.js';
import { describeCall } from '../../client/calls.js';
import type { CallOptions, KustomerClient } from '../../client/types.js';
import { KustomerError } from '../../errors.js';
import type { BulkApi } from './engine.js';

type Schemas = components['schemas'];

export function bulkApi(client: KustomerClient, options: CallOptions): BulkApi {
  const base = client.baseUrl;
  return {
    async submit(kind, items) {
      // The engine builds each item from a mapped customer body plus `_clientRef` (and `id`).
      const job =
        kind === 'create'
          ? await client.execute(
              describeCall(
                base,
                'bulkCreateCustomers',
                {},
                items as Schemas['BulkCustomerCreateBody'],
              ),
              options,
            )
          : await client.execute(
              describeCall(
                base,
                'bulkUpdateCustomers',
                {},
                items as Schemas['BulkCustomerUpdateBody'],
              ),
              options,
            );
      return job.id;
    },
    async read(id) {
      const call = describeCall(base, 'getBulkOperationBatches', { path: { id } }, undefined);
      const batches = await client.execute(call, options);
      if (batches === null) {
        throw new KustomerError(`Kustomer has no bulk job ${id} (404)`, { retryable: true });
      }
      return batches;
    },
    async findByExternalId(externalId) {
      const call = describeCall(
        base,
        'getCustomerByExternalId',
        { path: { externalId } },
        undefined,
      );
      return (await client.execute(call, options))?.id ?? null;
    },
  };
}
