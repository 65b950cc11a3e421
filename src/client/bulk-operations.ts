/**
 * Kustomer's bulk customer operations and bulk job reads (docs/kustomer-api.md §6.1), one spec
 * path template each (generated/operations.ts), run by the attempt loop in `attempts.ts`.
 */

import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/kustomer.js';
import { type OperationId, operations } from '../../generated/operations.js';
import { KustomerError } from '../errors.js';
import { call, type OperationRuntime } from './attempts.js';
import { segmentProblem } from './path-segment.js';
import type { KustomerClient } from './types.js';

function operation<O extends OperationId, L extends boolean>(id: O, lookup: L) {
  return { operation: id, ...operations[id], lookup };
}

const CREATE = operation('bulkCreateCustomers', false);
const UPDATE = operation('bulkUpdateCustomers', false);
const JOB = operation('getBulkOperation', true);
const BATCHES = operation('getBulkOperationBatches', true);

export function createBulkOperations(
  api: Client<paths>,
  runtime: OperationRuntime,
): Pick<KustomerClient, 'bulk'> {
  return {
    bulk: {
      async createCustomers(items, options) {
        const envelope = await call(runtime, CREATE, options, (init) =>
          api.POST(CREATE.path, { body: items, ...init }),
        );
        return envelope.data;
      },
      async updateCustomers(items, options) {
        const envelope = await call(runtime, UPDATE, options, (init) =>
          api.PUT(UPDATE.path, { body: items, ...init }),
        );
        return envelope.data;
      },
      async get(id, options) {
        const path = { id: jobId('bulk.get', id) };
        const envelope = await call(runtime, JOB, options, (init) =>
          api.GET(JOB.path, { params: { path }, ...init }),
        );
        return envelope?.data ?? null;
      },
      async batches(id, options) {
        const path = { id: jobId('bulk.batches', id) };
        const envelope = await call(runtime, BATCHES, options, (init) =>
          api.GET(BATCHES.path, { params: { path }, ...init }),
        );
        return envelope?.data ?? null;
      },
    },
  };
}

function jobId(operation: string, value: unknown): string {
  const problem = segmentProblem(value, { prefixed: false });
  if (problem === undefined && typeof value === 'string') return value;
  throw new KustomerError(`${operation} needs id as one path segment: it ${problem}`);
}
