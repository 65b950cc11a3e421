import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BulkProgress } from '../../src/delivery/types.js';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { mixedEvents } from '../support/events.js';
import { createVirtualClock } from '../support/virtual-clock.js';

// One virtual clock for the simulator's jobs and the destination's waits: minutes take milliseconds.
const clock = createVirtualClock();
const simulator = createKustomerSimulator({
  strict: true,
  clock,
  bulkJobMs: 2_000,
  customAttributes: ['planStr'],
});
const server = setupServer(...simulator.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => simulator.reset());
afterAll(() => server.close());

const destination = (options: { customAttributes?: Record<string, string> } = {}) =>
  createKustomerDestination({ apiKey: 'k', concurrency: 16, clock, ...options });

const operations = () => simulator.requests.map((r) => r.operationId);
const count = (names: (string | undefined)[], name: string) =>
  names.filter((n) => n === name).length;

describe('sendBatch with bulk', () => {
  it('folds each user into one record, creates them 100 to a request, and tracks after the record, in order', {
    timeout: 90_000,
  }, async () => {
    const events = mixedEvents(1_000, 250);
    const progress: BulkProgress[] = [];
    const results = await destination().sendBatch(events, {
      bulk: true,
      onBulkProgress: (p) => progress.push(p),
    });

    expect(results).toHaveLength(events.length);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(simulator.customers).toHaveLength(250);
    const ops = operations();
    expect(count(ops, 'bulkCreateCustomers')).toBe(3);
    expect(count(ops, 'createCustomer') + count(ops, 'updateCustomer')).toBe(0);
    expect(count(ops, 'getBulkOperationBatches')).toBeGreaterThanOrEqual(3);

    // Every identify of a user reports the job that created its one customer.
    const customerOf = new Map(simulator.customers.map((c) => [c.attributes.externalId, c]));
    events.forEach((event, i) => {
      const result = results[i];
      const customer = customerOf.get(event.userId as string);
      if (event.type === 'identify') {
        expect(result).toMatchObject({ ok: true, action: 'created', customerId: customer?.id });
        expect(result?.ok && result.bulkJobId).toMatch(/^[0-9a-f]{24}$/);
      } else expect(result).toMatchObject({ ok: true, action: 'tracked' });
    });
    // Later traits won, and each user's events landed on its customer in input order.
    for (const [userId, customer] of customerOf) {
      const own = events.filter((e) => e.userId === userId);
      const lastName = own.filter((e) => e.type === 'identify').at(-1)?.traits as { name?: string };
      if (lastName?.name !== undefined) expect(customer.attributes.name).toBe(lastName.name);
      const landed = simulator.events.filter((e) => e.customerId === customer.id);
      expect(landed).toHaveLength(own.filter((e) => e.type !== 'identify').length);
    }
    expect(progress.at(-1)).toMatchObject({ settled: events.length, total: events.length });
    expect(progress.at(-1)?.stats).toMatchObject({ submits: 3, splits: 0 });
  });

  it('updates users Kustomer already has instead of creating them again, and bulk-updates users it knows', async () => {
    const first = destination();
    const identify = (user: number, name: string) => ({
      type: 'identify',
      userId: `user-${user}`,
      traits: { name },
    });
    await first.sendBatch(Array.from({ length: 60 }, (_, u) => identify(u, 'old')) as never[], {
      bulk: true,
    });
    // A new destination knows no one: 60 exist, 40 are new.
    const results = await destination().sendBatch(
      Array.from({ length: 100 }, (_, u) => identify(u, 'new')) as never[],
      { bulk: true },
    );
    expect(simulator.customers).toHaveLength(100);
    expect(simulator.customers.every((c) => c.attributes.name === 'new')).toBe(true);
    expect(results.filter((r) => r.ok && r.action === 'updated')).toHaveLength(60);
    expect(results.filter((r) => r.ok && r.action === 'created')).toHaveLength(40);
    expect(count(operations(), 'bulkUpdateCustomers')).toBeGreaterThanOrEqual(1);

    // The first destination remembers its 60 users: their records go straight to a bulk update.
    const creates = count(operations(), 'bulkCreateCustomers');
    const again = await first.sendBatch(
      Array.from({ length: 60 }, (_, u) => identify(u, 'again')) as never[],
      { bulk: true },
    );
    expect(again.every((r) => r.ok && r.action === 'updated')).toBe(true);
    expect(simulator.customers.filter((c) => c.attributes.name === 'again')).toHaveLength(60);
    expect(count(operations(), 'bulkCreateCustomers')).toBe(creates);
  });

  it('reports each invalid record on its own event, and delivers every valid one', async () => {
    const events: Record<string, unknown>[] = Array.from({ length: 300 }, (_, u) => ({
      type: 'identify',
      userId: `user-${u}`,
      traits: { name: `User ${u}`, plan: 'pro', ...(u === 123 ? { legacy: 'x' } : {}) },
    }));
    events[40] = { type: 'identify', traits: { name: 'nobody' } };
    const results = await destination({
      customAttributes: { plan: 'planStr', legacy: 'legacyStr' },
    }).sendBatch(events as never[], { bulk: true });

    const failed = results.flatMap((r, i) => (r.ok ? [] : [i]));
    expect(failed).toEqual([40, 123]);
    expect(results[40]).toMatchObject({ ok: false, error: { name: 'InvalidEventError' } });
    expect(results[123]).toMatchObject({ ok: false, error: { status: 400, retryable: false } });
    expect(simulator.customers).toHaveLength(298);
  });
});
