/**
 * The Kustomer operations: one spec path template each (generated/operations.ts), values only ever
 * as path params, run by the attempt loop in `attempts.ts`.
 */
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/kustomer.js';
import { type OperationId, operations } from '../../generated/operations.js';
import { KustomerError } from '../errors.js';
import { call, type OperationRuntime } from './attempts.js';
import { segmentProblem } from './path-segment.js';
import type { KustomerClient } from './types.js';

export type KustomerApi = Client<paths>;

/** An operation as the attempt loop reports it: its spec id, method and path template. */
function operation<O extends OperationId, L extends boolean>(id: O, lookup: L) {
  return { operation: id, ...operations[id], lookup };
}

const CREATE = operation('createCustomer', false);
const GET_BY_ID = operation('getCustomerById', true);
const GET_BY_EMAIL = operation('getCustomerByEmail', true);
const GET_BY_EXTERNAL_ID = operation('getCustomerByExternalId', true);
const UPDATE = operation('updateCustomer', false);
const IDENTITY_EVENT = operation('createTrackingIdentityEvent', false);
// A customer already gone answers 404: for a delete that is "nothing to delete", not a failure.
const DELETE = { ...operation('deleteCustomer', true), empty: true } as const;
const DELETED = { data: {} };

export function createOperations(
  api: KustomerApi,
  runtime: OperationRuntime,
): Pick<KustomerClient, 'customers' | 'tracking'> {
  return {
    customers: {
      async create(body, options) {
        const envelope = await call(runtime, CREATE, options, (init) =>
          api.POST(CREATE.path, { body, ...init }),
        );
        return envelope.data;
      },
      async get(id, options) {
        const path = { id: segment('customers.get', 'id', id) };
        const envelope = await call(runtime, GET_BY_ID, options, (init) =>
          api.GET(GET_BY_ID.path, { params: { path }, ...init }),
        );
        return envelope?.data ?? null;
      },
      async getByEmail(email, options) {
        const path = { email: segment('customers.getByEmail', 'email', email) };
        const envelope = await call(runtime, GET_BY_EMAIL, options, (init) =>
          api.GET(GET_BY_EMAIL.path, { params: { path }, ...init }),
        );
        return envelope?.data ?? null;
      },
      async getByExternalId(externalId, options) {
        const path = { externalId: segment('customers.getByExternalId', 'externalId', externalId) };
        const envelope = await call(runtime, GET_BY_EXTERNAL_ID, options, (init) =>
          api.GET(GET_BY_EXTERNAL_ID.path, { params: { path }, ...init }),
        );
        return envelope?.data ?? null;
      },
      async update(id, body, options) {
        const path = { id: segment('customers.update', 'id', id) };
        // `replace` is always sent, so the request says which of Kustomer's two behaviours it wants.
        const query = { replace: options?.replace === true };
        const envelope = await call(runtime, UPDATE, options, (init) =>
          api.PUT(UPDATE.path, { params: { path, query }, body, ...init }),
        );
        return envelope.data;
      },
      async delete(id, options) {
        const path = { id: segment('customers.delete', 'id', id) };
        const answer = await call(runtime, DELETE, options, async (init) => {
          const { response } = await api.DELETE(DELETE.path, { params: { path }, ...init });
          return response.ok ? { data: DELETED, response } : { error: undefined, response };
        });
        return answer !== null;
      },
    },
    tracking: {
      async identityEvent(body, options) {
        const envelope = await call(runtime, IDENTITY_EVENT, options, (init) =>
          api.POST(IDENTITY_EVENT.path, { body, ...init }),
        );
        return envelope.data;
      },
    },
  };
}

/** A path value, checked before anything is sent (the rule is in `path-segment.ts`). */
function segment(operation: string, name: string, value: unknown): string {
  const problem = segmentProblem(value, { prefixed: name !== 'id' });
  if (problem === undefined && typeof value === 'string') return value;
  throw new KustomerError(`${operation} needs ${name} as one path segment: it ${problem}`);
}
