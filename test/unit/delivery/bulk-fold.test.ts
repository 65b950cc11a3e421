import { describe, expect, it } from 'vitest';
import type { MappedEvent } from '../../../src/adapter/types.js';
import { halves, jsonBytes, packBatches } from '../../../src/delivery/bulk/batches.js';
import { foldPlans } from '../../../src/delivery/bulk/fold.js';
import { readBatches } from '../../../src/delivery/bulk/outcomes.js';

const identify = (userKey: string, body: object, kustomerId?: string): MappedEvent => ({
  type: 'identify',
  userKey,
  warnings: [],
  notSent: [],
  body: { externalId: userKey, ...body },
  lookups: [
    ...(kustomerId === undefined ? [] : [{ by: 'kustomerId' as const, value: kustomerId }]),
    { by: 'externalId', value: userKey },
  ],
});
const track = (userKey: string): MappedEvent => ({
  type: 'track',
  userKey,
  warnings: [],
  notSent: [],
  body: { identity: { externalId: userKey }, event: { name: 'Clicked' } },
});

describe('folding a backfill per user', () => {
  it('gives a user with companies no record: every event of theirs goes the way of send, in order', () => {
    const named: MappedEvent = {
      ...identify('u2', { name: 'Grace' }),
      company: { by: 'name', value: 'Acme' },
    } as MappedEvent;
    const users = foldPlans(
      [identify('u1', { name: 'Ada' }), named, track('u2'), identify('u2', { locale: 'en' })].map(
        (plan, index) => ({ index, plan }),
      ),
    );
    expect(users).toEqual([
      { userKey: 'u1', identifies: [0], body: { externalId: 'u1', name: 'Ada' }, tracking: [] },
      { userKey: 'u2', identifies: [], tracking: [1, 2, 3] },
    ]);
  });

  it('folds the identifies of one user into one record, later values winning field by field', () => {
    const users = foldPlans(
      [
        identify('u1', { name: 'Ada', locale: 'en' }),
        track('u1'),
        identify('u2', { name: 'Grace' }),
        identify('u1', { name: 'Ada Lovelace', timeZone: 'UTC' }),
        track('u1'),
      ].map((plan, index) => ({ index, plan })),
    );
    expect(users).toEqual([
      {
        userKey: 'u1',
        identifies: [0, 3],
        body: { externalId: 'u1', name: 'Ada Lovelace', locale: 'en', timeZone: 'UTC' },
        tracking: [1, 4],
      },
      { userKey: 'u2', identifies: [2], body: { externalId: 'u2', name: 'Grace' }, tracking: [] },
    ]);
  });

  it('keeps a user with only tracking events, without a record', () => {
    expect(foldPlans([{ index: 7, plan: track('u9') }])).toEqual([
      { userKey: 'u9', identifies: [], tracking: [7] },
    ]);
  });

  it('remembers the Kustomer id an identify named, the latest one winning', () => {
    const [user] = foldPlans(
      [identify('u1', {}, 'k-old'), identify('u1', {}), identify('u1', {}, 'k-new')].map(
        (plan, index) => ({ index, plan }),
      ),
    );
    expect(user?.kustomerId).toBe('k-new');
  });

  it('never changes the plans it folds', () => {
    const plan = identify('u1', { name: 'Ada' });
    const copy = structuredClone(plan);
    foldPlans([
      { index: 0, plan },
      { index: 1, plan: identify('u1', { name: 'B' }) },
    ]);
    expect(plan).toEqual(copy);
  });
});

describe('packing records into bulk requests', () => {
  it('closes a batch at 100 records', () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    expect(packBatches(items, () => 10).map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it('closes a batch before its JSON array would pass the byte limit', () => {
    const limits = { maxItems: 100, maxBytes: 2 + 10 + 1 + 10 };
    expect(packBatches([1, 2, 3, 4, 5], () => 10, limits)).toEqual([[1, 2], [3, 4], [5]]);
    const record = { externalId: 'u1', name: 'x'.repeat(50) };
    const [batch] = packBatches([record, record], jsonBytes, { maxItems: 100, maxBytes: 1_000 });
    expect(jsonBytes(batch)).toBeLessThanOrEqual(1_000);
  });

  it('gives a record too large on its own a batch of its own', () => {
    expect(
      packBatches(['a', 'huge', 'b'], (s) => (s === 'huge' ? 500 : 1), {
        maxItems: 100,
        maxBytes: 100,
      }),
    ).toEqual([['a'], ['huge'], ['b']]);
  });

  it('splits a rejected batch into two halves that together are the batch', () => {
    expect(halves([1, 2, 3, 4, 5])).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(halves([1])).toEqual([[1], []]);
  });
});

describe("reading a bulk job's per-record outcomes", () => {
  const batch = (status: 'complete' | 'scheduled', results: object[]) => ({
    type: 'bulk_batch',
    id: 'b1',
    attributes: { status, successCount: 0, failureCount: 0, results },
  });

  it('says nothing until every batch is complete', () => {
    const reading = readBatches([batch('complete', []), batch('scheduled', [])] as never, ['a']);
    expect(reading).toEqual({ complete: false, outcomes: new Map() });
  });

  it('maps each result back by _clientRef, and leaves a record the job left out unknown, never done', () => {
    const reading = readBatches(
      [
        batch('complete', [
          { _clientRef: 'a', status: 'created', id: 'c1' },
          { _clientRef: 'b', status: 'updated', id: 'c2' },
          {
            _clientRef: 'c',
            status: 'failed',
            error: { code: 'conflict', meta: { customerId: 'c3' } },
          },
          { _clientRef: 'd', status: 'failed', error: { code: 'conflict' } },
          { _clientRef: 'e', status: 'failed', error: { code: 'not_found' } },
          { _clientRef: 'f', status: 'failed', error: { code: 'bad_request', message: 'gender' } },
          { _clientRef: 'g', status: 'created' },
        ]),
      ] as never,
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
    );
    expect(Object.fromEntries(reading.outcomes)).toEqual({
      a: { kind: 'done', action: 'created', customerId: 'c1' },
      b: { kind: 'done', action: 'updated', customerId: 'c2' },
      c: { kind: 'exists', customerId: 'c3' },
      d: { kind: 'exists' },
      e: { kind: 'gone' },
      f: {
        kind: 'failed',
        error: expect.objectContaining({ code: 'bad_request', status: 400, retryable: false }),
      },
      g: { kind: 'done', action: 'created' },
      h: { kind: 'unknown' },
    });
  });
});
