import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKustomerSimulator, type KustomerSimulator } from '../../../src/simulator/index.js';
import { KEY } from './helpers.js';

describe('simulator inspection endpoints', () => {
  let simulator: KustomerSimulator;
  let url: string;
  const kustomer = (path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const view = async (name: string) => {
    const response = await fetch(`${url}/__simulator/${name}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: unknown[] }).data;
  };

  beforeEach(async () => {
    simulator = createKustomerSimulator({ apiKey: KEY, maxRecordedRequests: 3 });
    ({ url } = await simulator.listen());
  });
  afterEach(async () => {
    await simulator.close();
  });

  it('shows customers, events and recent requests without a key, and is not recorded itself', async () => {
    await kustomer('/v1/customers', { name: 'Ada', externalId: 'user-1' });
    await kustomer('/v1/tracking/identityEvent', {
      identity: { externalId: 'user-1' },
      event: { name: 'Signed-In' },
    });

    expect(await view('customers')).toEqual([
      expect.objectContaining({ attributes: expect.objectContaining({ name: 'Ada' }) }),
    ]);
    expect(await view('events')).toEqual([expect.objectContaining({ name: 'Signed-In' })]);
    expect(await view('requests')).toEqual([
      { method: 'POST', path: '/v1/customers', status: 201, operationId: 'createCustomer' },
      {
        method: 'POST',
        path: '/v1/tracking/identityEvent',
        status: 201,
        operationId: 'createTrackingIdentityEvent',
      },
    ]);
    expect(simulator.requests).toHaveLength(2);
  });

  it('keeps only the most recent requests', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await kustomer(`/v1/customers/externalId=${id}`);
    expect((await view('requests')).map((r) => (r as { path: string }).path)).toEqual([
      '/v1/customers/externalId=c',
      '/v1/customers/externalId=d',
      '/v1/customers/externalId=e',
    ]);
  });

  it('resets the simulator on POST /__simulator/reset', async () => {
    await kustomer('/v1/customers', { name: 'Ada' });
    const reset = await fetch(`${url}/__simulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect(simulator.customers).toEqual([]);
    expect(simulator.requests).toEqual([]);
  });

  it('answers 404 in the error shape for an unknown view', async () => {
    const response = await fetch(`${url}/__simulator/conversations`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      errors: [{ status: '404', code: 'not_found', title: 'Not Found' }],
    });
  });
});
