import { describe, expect, it } from 'vitest';
import type { components } from '../../../generated/kustomer.js';
import type { RecordResult } from '../../../src/delivery/bulk/engine.js';
import { type BulkApi, type BulkRecord, runBulk } from '../../../src/delivery/bulk/engine.js';
import { KustomerApiError } from '../../../src/errors.js';
import { createSimulatorCore, type SimulatorCore } from '../../../src/simulator/core.js';
import { createVirtualClock } from '../../support/virtual-clock.js';

type Schemas = components['schemas'];

/** A BulkApi that talks to a simulator core directly, counting requests by kind. */
function coreApi(core: SimulatorCore) {
  const counts = { submit: 0, read: 0, lookup: 0 };
  const call = async (method: string, url: string, body?: unknown) => {
    const answer = await core.handle({
      method,
      url,
      headers: { authorization: 'Bearer key' },
      bodyText: body === undefined ? '' : JSON.stringify(body),
    });
    if ('drop' in answer) throw new Error('dropped');
    const json = answer.bodyText === '' ? undefined : JSON.parse(answer.bodyText);
    if (answer.status >= 400 && answer.status !== 404) {
      throw new KustomerApiError({
        status: answer.status,
        code: json?.errors?.[0]?.code,
        messages: [String(json?.errors?.[0]?.message)],
        request: { method, url, headers: {} },
      });
    }
    return { status: answer.status, json };
  };
  const api: BulkApi = {
    async submit(kind, items) {
      counts.submit++;
      const { json } = await call(kind === 'create' ? 'POST' : 'PUT', '/v1/customers/bulk', items);
      return (json as Schemas['BulkOperationEnvelope']).data.id;
    },
    async read(jobId) {
      counts.read++;
      return ((await call('GET', `/v1/bulk/${jobId}/batches`)).json as Schemas['BulkBatchList'])
        .data;
    },
    async findByExternalId(externalId) {
      counts.lookup++;
      const { status, json } = await call(
        'GET',
        `/v1/customers/externalId=${encodeURIComponent(externalId)}`,
      );
      return status === 404 ? null : (json as Schemas['CustomerEnvelope']).data.id;
    },
  };
  return { api, counts };
}

function setup() {
  const clock = createVirtualClock();
  const core = createSimulatorCore({ strict: true, bulkJobMs: 3_000, clock });
  return { clock, core, ...coreApi(core) };
}

const records = (n: number, from = 0, extra: (i: number) => object = () => ({})): BulkRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    ref: `r${from + i}`,
    body: { externalId: `u${from + i}`, name: `User ${from + i}`, ...extra(from + i) },
  }));

async function run(
  sim: ReturnType<typeof setup>,
  input: { create?: BulkRecord[]; update?: BulkRecord[] },
  options: { giveUpMs?: number; signal?: AbortSignal } = {},
) {
  const settled = new Map<string, RecordResult>();
  const stats = await runBulk(
    { create: input.create ?? [], update: input.update ?? [] },
    {
      api: sim.api,
      clock: sim.clock,
      ...options,
      onSettled(record, result) {
        expect(settled.has(record.ref), `${record.ref} settled twice`).toBe(false);
        settled.set(record.ref, result);
      },
    },
  );
  return { stats, settled };
}

describe('the bulk engine against the simulator', () => {
  it('creates 250 new users in 3 jobs, reading each job once it has had time to run', async () => {
    const sim = setup();
    const { stats, settled } = await run(sim, { create: records(250) });
    expect(sim.core.store.customers.all()).toHaveLength(250);
    expect([...settled.values()].every((r) => r.ok && r.action === 'created')).toBe(true);
    expect(stats).toMatchObject({ submits: 3, reads: 3, lookups: 0, splits: 0 });
    expect(stats.polls).toBeLessThanOrEqual(3);
    expect(sim.counts.read).toBe(stats.reads + stats.polls);
  });

  it('isolates the one bad record of a rejected batch by halving, and delivers the rest', async () => {
    const sim = setup();
    const input = records(100, 0, (i) => (i === 37 ? { gender: 'x' } : {}));
    const { stats, settled } = await run(sim, { create: input });
    const bad = settled.get('r37');
    expect(bad).toMatchObject({ ok: false, error: { status: 400, retryable: false } });
    expect([...settled.entries()].filter(([, r]) => !r.ok).map(([ref]) => ref)).toEqual(['r37']);
    expect(sim.core.store.customers.all()).toHaveLength(99);
    // 1 rejected, then two halves per level down to a batch of one: about 2·log2(100).
    expect(stats.submits).toBeLessThanOrEqual(1 + 2 * 7);
    expect(stats.splits).toBeGreaterThanOrEqual(Math.floor(Math.log2(100)));
  });

  it('updates users Kustomer already has, by the id its per-record error names, without a second customer', async () => {
    const sim = setup();
    await run(sim, { create: records(30) });
    const before = sim.core.store.customers.all().map((c) => c.id);
    const { stats, settled } = await run(sim, {
      create: records(60, 0, () => ({ locale: 'fr' })),
    });
    const customers = sim.core.store.customers.all();
    expect(customers).toHaveLength(60);
    expect(customers.slice(0, 30).map((c) => c.id)).toEqual(before);
    expect(customers.every((c) => c.attributes.locale === 'fr')).toBe(true);
    const actions = [...settled.values()].map((r) => (r.ok ? r.action : 'failed'));
    expect(actions.filter((a) => a === 'updated')).toHaveLength(30);
    expect(actions.filter((a) => a === 'created')).toHaveLength(30);
    expect(stats.lookups).toBe(0);
  });

  it('creates the customer when the id an update named is gone', async () => {
    const sim = setup();
    const stale = { ...records(1)[0], id: '5c0c5e0d00000000000000ff' } as BulkRecord;
    const { settled } = await run(sim, { update: [stale] });
    expect(settled.get('r0')).toMatchObject({ ok: true, action: 'created' });
    expect(sim.core.store.customers.all()).toHaveLength(1);
  });

  it('reports a record whose job never completes as failed and retryable, never delivered', async () => {
    const sim = setup();
    const api: BulkApi = {
      ...sim.api,
      read: async () => [
        {
          type: 'bulk_batch',
          id: 'b',
          attributes: { status: 'scheduled', successCount: 0, failureCount: 0 },
        },
      ],
    };
    const settled = new Map<string, RecordResult>();
    const stats = await runBulk(
      { create: records(2), update: [] },
      {
        api,
        clock: sim.clock,
        giveUpMs: 60_000,
        onSettled: (record, result) => settled.set(record.ref, result),
      },
    );
    const unknown = expect.objectContaining({ code: 'bulk_outcome_unknown', retryable: true });
    // The requests go on the first record to settle: results add up to the requests made.
    expect([...settled.values()]).toEqual([
      { ok: false, error: unknown, requests: 1 + stats.polls },
      { ok: false, error: unknown, requests: 0 },
    ]);
    // Polls back off: a minute of waiting takes a handful of reads, not one a second.
    expect(stats.polls).toBeLessThanOrEqual(6);
  });

  it('sends nothing more once aborted, and settles every record', async () => {
    const sim = setup();
    const controller = new AbortController();
    controller.abort();
    const { settled } = await run(sim, { create: records(150) }, { signal: controller.signal });
    expect(settled.size).toBe(150);
    expect([...settled.values()].every((r) => !r.ok && r.error.name === 'AbortError')).toBe(true);
    expect(sim.counts.submit).toBe(0);
  });
});
