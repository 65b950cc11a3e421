import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/kustomer.js';
import { describeCall } from '../../src/client/calls.js';
import { createKustomerClient } from '../../src/client/index.js';
import { loadKustomerSpec } from '../../src/simulator/openapi.js';
import { specHttp, useSpecServer } from './support/spec-server.js';

type Schemas = components['schemas'];

const BASE = 'https://api.kustomerapp.com';
const http = specHttp(BASE);
const specServer = useSpecServer();
const client = () =>
  createKustomerClient({ apiKey: 'test-key.bulk-contract-0123456789', retry: false });

const job = (status: 'queued' | 'running' | 'complete'): Schemas['BulkOperationResource'] => ({
  type: 'bulk',
  id: '5c0cb01c0000000000000001',
  attributes: { status, batches: { complete: status === 'complete' ? 1 : 0, total: 1 } },
  links: { self: '/v1/bulk/5c0cb01c0000000000000001' },
});

describe('bulk customer operations', () => {
  it('posts up to 100 records with _clientRef to /v1/customers/bulk and returns the queued job', async () => {
    specServer.use(
      http.post('/v1/customers/bulk', ({ response }) =>
        response(201).json({ data: job('queued') }),
      ),
    );
    const items = [
      { externalId: 'u1', name: 'Ada', _clientRef: '0' },
      { externalId: 'u2', emails: [{ email: 'grace@example.com' }], _clientRef: '1' },
    ];
    const c = client();
    const answer = await c.execute(describeCall(c.baseUrl, 'bulkCreateCustomers', {}, items));
    expect(answer).toEqual(job('queued'));
    const [request] = await specServer.recorded();
    expect(request?.operationId).toBe('bulkCreateCustomers');
    expect(request?.body).toEqual(items);
  });

  it('puts records named by their id to /v1/customers/bulk', async () => {
    specServer.use(
      http.put('/v1/customers/bulk', ({ response }) => response(201).json({ data: job('queued') })),
    );
    const items = [{ id: '5c0c5e0d0000000000000001', locale: 'en', _clientRef: '0' }];
    const c = client();
    await c.execute(describeCall(c.baseUrl, 'bulkUpdateCustomers', {}, items));
    const [request] = await specServer.recorded();
    expect(request?.method).toBe('PUT');
    expect(request?.body).toEqual(items);
  });

  it("reads a job's status and its batches' per-record results", async () => {
    const batch: Schemas['BulkBatchResource'] = {
      type: 'bulk_batch',
      id: 'b1',
      attributes: {
        status: 'complete',
        objectIds: ['5c0c5e0d0000000000000001'],
        successCount: 1,
        failureCount: 1,
        completedAt: '2026-01-01T00:00:02.000Z',
        errors: [{ code: 'conflict', _clientRef: '1', meta: { customerId: 'c9' } }],
        results: [
          { _clientRef: '0', status: 'created', id: '5c0c5e0d0000000000000001' },
          { _clientRef: '1', status: 'failed', error: { code: 'conflict' } },
        ],
      },
    };
    specServer.use(
      http.get('/v1/bulk/{id}', ({ response }) => response(200).json({ data: job('complete') })),
      http.get('/v1/bulk/{id}/batches', ({ response }) => response(200).json({ data: [batch] })),
    );
    const c = client();
    const path = { id: '5c0cb01c0000000000000001' };
    const status = await c.execute(
      describeCall(c.baseUrl, 'getBulkOperation', { path }, undefined),
    );
    expect(status?.attributes.status).toBe('complete');
    const batches = await c.execute(
      describeCall(c.baseUrl, 'getBulkOperationBatches', { path }, undefined),
    );
    expect(batches).toEqual([batch]);
    expect((await specServer.recorded()).map((r) => r.url.pathname)).toEqual([
      '/v1/bulk/5c0cb01c0000000000000001',
      '/v1/bulk/5c0cb01c0000000000000001/batches',
    ]);
  });

  it('resolves a job Kustomer does not have to null', async () => {
    specServer.use(
      http.get('/v1/bulk/{id}', ({ response }) =>
        response(404).json({ errors: [{ code: 'not_found', message: 'no such job' }] }),
      ),
    );
    const c = client();
    const call = describeCall(c.baseUrl, 'getBulkOperation', { path: { id: 'gone' } }, undefined);
    await expect(c.execute(call)).resolves.toBeNull();
  });

  it('holds bulk records to the customer body: _clientRef allowed, unknown keys refused, an update needs its id', () => {
    const spec = loadKustomerSpec();
    expect(spec.validate('BulkCustomerCreateItem', { externalId: 'u1', _clientRef: '7' })).toEqual(
      [],
    );
    expect(spec.validate('BulkCustomerCreateItem', { externalId: 'u1', bogus: 1 })).not.toEqual([]);
    expect(spec.validate('BulkCustomerCreateItem', { gender: 'x' })).not.toEqual([]);
    expect(spec.validate('BulkCustomerUpdateItem', { name: 'no id' })).not.toEqual([]);
    expect(spec.validate('BulkCustomerUpdateItem', { id: 'c1', name: 'Ada' })).toEqual([]);
    const many = Array.from({ length: 101 }, (_, i) => ({ externalId: `u${i}` }));
    expect(spec.validate('BulkCustomerCreateBody', many)).not.toEqual([]);
    // A single create still refuses `_clientRef`: it is a bulk item's key only.
    expect(spec.validate('CustomerBody', { externalId: 'u1', _clientRef: '7' })).not.toEqual([]);
  });
});
