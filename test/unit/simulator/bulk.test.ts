import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/kustomer.js';
import { createSimulatorCore, type SimulatorCore } from '../../../src/simulator/core.js';
import { createKustomerSimulator } from '../../../src/simulator/index.js';
import { answered, clockAt, errorsOf, KEY, START, sender } from './helpers.js';

type Schemas = components['schemas'];

function setup(
  options: { roles?: string[]; rateLimitPerMinute?: number; customAttributes?: string[] } = {},
) {
  let now = START;
  const core: SimulatorCore = createSimulatorCore({
    apiKey: KEY,
    bulkJobMs: 5_000,
    clock: clockAt(() => now),
    ...options,
  });
  const send = sender(core);
  return {
    core,
    send,
    advance: (ms: number) => {
      now += ms;
    },
    async submit(items: unknown[], method = 'POST') {
      const answer = answered(await send(method, '/v1/customers/bulk', items));
      expect(answer.status).toBe(201);
      return (answer.json as Schemas['BulkOperationEnvelope']).data;
    },
    async job(id: string) {
      return (
        answered(await send('GET', `/v1/bulk/${id}`)).json as Schemas['BulkOperationEnvelope']
      ).data.attributes;
    },
    async batch(id: string) {
      const answer = answered(await send('GET', `/v1/bulk/${id}/batches`));
      const [only, ...rest] = (answer.json as Schemas['BulkBatchList']).data;
      expect(rest).toEqual([]);
      return only?.attributes;
    },
  };
}

describe('simulator bulk jobs', () => {
  it('answers a bulk create with a queued job, runs it on the clock, and creates the customers only when it completes', async () => {
    const sim = setup();
    const job = await sim.submit([
      { name: 'Ada', externalId: 'u1', _clientRef: 'line-1' },
      { name: 'Grace', externalId: 'u2', _clientRef: 'line-2' },
    ]);
    expect(job.type).toBe('bulk');
    expect(job.attributes.status).toBe('queued');
    expect(sim.core.store.customers.all()).toHaveLength(0);

    sim.advance(2_000);
    expect((await sim.job(job.id)).status).toBe('running');
    expect(await sim.batch(job.id)).toMatchObject({ status: 'scheduled', successCount: 0 });
    expect(sim.core.store.customers.all()).toHaveLength(0);

    sim.advance(3_000);
    expect(await sim.job(job.id)).toMatchObject({
      status: 'complete',
      completed: true,
      batches: { complete: 1, total: 1 },
    });
    const customers = sim.core.store.customers.all();
    expect(customers.map((c) => c.attributes.externalId)).toEqual(['u1', 'u2']);
    expect(await sim.batch(job.id)).toEqual({
      status: 'complete',
      objectIds: customers.map((c) => c.id),
      successCount: 2,
      failureCount: 0,
      completedAt: new Date(START + 5_000).toISOString(),
      errors: [],
      results: [
        { _clientRef: 'line-1', status: 'created', id: customers[0]?.id },
        { _clientRef: 'line-2', status: 'created', id: customers[1]?.id },
      ],
    });
  });

  it('rejects the whole batch when one item is invalid, without naming the item', async () => {
    const sim = setup();
    const job = await sim.submit([
      { name: 'Ada', externalId: 'u1', _clientRef: 'a' },
      { name: 'Bad', externalId: 'u2', gender: 'x', _clientRef: 'b' },
      { name: 'Grace', externalId: 'u3', _clientRef: 'c' },
    ]);
    sim.advance(5_000);
    const batch = await sim.batch(job.id);
    expect(batch).toMatchObject({ status: 'complete', successCount: 0, failureCount: 3 });
    expect(batch?.results?.map((r) => [r._clientRef, r.status])).toEqual([
      ['a', 'failed'],
      ['b', 'failed'],
      ['c', 'failed'],
    ]);
    expect(JSON.stringify(batch?.errors)).not.toContain('gender');
    expect(sim.core.store.customers.all()).toHaveLength(0);
  });

  it('fails an item whose externalId a customer already has, naming that customer, and creates the rest', async () => {
    const sim = setup();
    const existing = answered(await sim.send('POST', '/v1/customers', { externalId: 'u1' }));
    const holder = (existing.json as Schemas['CustomerEnvelope']).data.id;
    const job = await sim.submit([
      { externalId: 'u1', _clientRef: 'a' },
      { externalId: 'u2', _clientRef: 'b' },
      { externalId: 'u2', _clientRef: 'c' },
    ]);
    sim.advance(5_000);
    const batch = await sim.batch(job.id);
    expect(batch).toMatchObject({ successCount: 1, failureCount: 2 });
    expect(batch?.results).toEqual([
      {
        _clientRef: 'a',
        status: 'failed',
        error: expect.objectContaining({ code: 'conflict', meta: { customerId: holder } }),
      },
      { _clientRef: 'b', status: 'created', id: expect.any(String) },
      { _clientRef: 'c', status: 'failed', error: expect.objectContaining({ code: 'conflict' }) },
    ]);
    expect(batch?.errors?.map((e) => e._clientRef)).toEqual(['a', 'c']);
    expect(sim.core.store.customers.all()).toHaveLength(2);
  });

  it('updates customers by id in bulk, merging the fields, and fails an unknown id alone', async () => {
    const sim = setup();
    const created = answered(
      await sim.send('POST', '/v1/customers', { name: 'Ada', externalId: 'u1' }),
    );
    const id = (created.json as Schemas['CustomerEnvelope']).data.id;
    const job = await sim.submit(
      [
        { id, locale: 'en', _clientRef: 'a' },
        { id: '5c0c5e0d00000000000000ff', name: 'Nobody', _clientRef: 'b' },
      ],
      'PUT',
    );
    sim.advance(5_000);
    expect((await sim.batch(job.id))?.results).toEqual([
      { _clientRef: 'a', status: 'updated', id },
      { _clientRef: 'b', status: 'failed', error: expect.objectContaining({ code: 'not_found' }) },
    ]);
    expect(sim.core.store.customers.find('id', id)?.attributes).toMatchObject({
      name: 'Ada',
      locale: 'en',
    });
  });

  it('applies jobs in the order they were submitted', async () => {
    const sim = setup();
    const first = await sim.submit([{ externalId: 'u1', name: 'First' }]);
    sim.advance(1_000);
    await sim.submit([{ externalId: 'u1', name: 'Second' }]);
    sim.advance(10_000);
    expect((await sim.job(first.id)).status).toBe('complete');
    expect(sim.core.store.customers.all().map((c) => c.attributes.name)).toEqual(['First']);
  });

  it('refuses a bulk body that is not 1 to 100 records, or an update item without an id, when it arrives', async () => {
    const sim = setup();
    const many = Array.from({ length: 101 }, (_, i) => ({ externalId: `u${i}` }));
    for (const [method, body] of [
      ['POST', many],
      ['POST', []],
      ['POST', { externalId: 'u1' }],
      ['POST', [{ externalId: 'u1' }, 'u2']],
      ['PUT', [{ name: 'no id' }]],
    ] as const) {
      const answer = answered(await sim.send(method, '/v1/customers/bulk', body));
      expect(answer.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    expect(sim.core.store.bulk.all()).toEqual([]);
  });

  it('refuses a custom attribute the org has not defined: a single create with 400, a bulk batch as a whole', async () => {
    const sim = setup({ customAttributes: ['planStr'] });
    const single = await sim.send('POST', '/v1/customers', { custom: { legacyCodeStr: 'x' } });
    expect(answered(single).status).toBe(400);
    expect(errorsOf(single)[0]?.message).toContain('custom.legacyCodeStr');
    const ok = answered(await sim.send('POST', '/v1/customers', { custom: { planStr: 'pro' } }));
    expect(ok.status).toBe(201);
    const job = await sim.submit([
      { externalId: 'u1', custom: { planStr: 'pro' }, _clientRef: 'a' },
      { externalId: 'u2', custom: { legacyCodeStr: 'x' }, _clientRef: 'b' },
    ]);
    sim.advance(5_000);
    expect(await sim.batch(job.id)).toMatchObject({ successCount: 0, failureCount: 2 });
  });

  it('answers 404 for a job it never had', async () => {
    const sim = setup();
    const answer = await sim.send('GET', '/v1/bulk/5c0cb01c00000000000000ff');
    expect(answered(answer).status).toBe(404);
    expect(errorsOf(answer)[0]?.code).toBe('not_found');
  });

  it('needs org.permission.bulk.read to read a job', async () => {
    const sim = setup({ roles: ['org.permission.customer.create'] });
    const job = await sim.submit([{ externalId: 'u1' }]);
    expect(answered(await sim.send('GET', `/v1/bulk/${job.id}`)).status).toBe(403);
  });

  it('counts a bulk request of 100 records as one unit of the rate window', async () => {
    const sim = setup({ rateLimitPerMinute: 3 });
    const hundred = Array.from({ length: 100 }, (_, i) => ({ externalId: `u${i}` }));
    const answer = answered(await sim.send('POST', '/v1/customers/bulk', hundred));
    expect(answer.headers['x-ratelimit-remaining']).toBe('2');
  });
});

describe('simulator bulk inspection', () => {
  it('shows jobs with their status over HTTP and on the simulator object', async () => {
    const simulator = createKustomerSimulator({ apiKey: KEY, bulkJobMs: 1 });
    const { url } = await simulator.listen();
    try {
      const response = await fetch(`${url}/v1/customers/bulk`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ externalId: 'u1', _clientRef: 'a' }]),
      });
      expect(response.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const view = await fetch(`${url}/__simulator/jobs`);
      const { data } = (await view.json()) as { data: unknown[] };
      expect(data).toEqual([
        expect.objectContaining({ kind: 'create', size: 1, status: 'complete', successCount: 1 }),
      ]);
      expect(simulator.jobs).toEqual(data);
      expect(simulator.customers).toHaveLength(1);
    } finally {
      await simulator.close();
    }
  });
});
