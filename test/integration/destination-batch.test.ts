import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryResult } from '../../src/delivery/types.js';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { mixedEvents, track, untyped } from '../support/events.js';

const simulator = createKustomerSimulator({ strict: true });
const server = setupServer(...simulator.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => simulator.reset());
afterAll(() => server.close());

const trackingName = (event: Record<string, unknown>): string | undefined => {
  if (event.type === 'track') return String(event.event);
  if (event.type === 'page') return `Web-Page-Viewed-${String(event.name)}`;
  if (event.type === 'screen') return `Screen-Viewed-${String(event.name)}`;
  return undefined;
};

describe('sendBatch', () => {
  it('delivers 1,000 mixed events so that Kustomer holds exactly what the results say', async () => {
    const events = mixedEvents(1000, 40);
    const dest = createKustomerDestination({ apiKey: 'k', concurrency: 16 });
    const results = await dest.sendBatch(events);

    expect(results).toHaveLength(1000);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const count = (action: string) => results.filter((r) => r.ok && r.action === action).length;
    const identifies = events.filter((e) => e.type === 'identify').length;
    expect(count('created')).toBe(40);
    expect(count('updated')).toBe(identifies - 40);
    expect(count('tracked')).toBe(1000 - identifies);
    expect(simulator.customers).toHaveLength(40);
    expect(simulator.events).toHaveLength(1000 - identifies);

    const customerOf = new Map(simulator.customers.map((c) => [c.attributes.externalId, c]));
    for (let u = 0; u < 40; u++) {
      const userId = `user-${u}`;
      const own = events.filter((e) => e.userId === userId);
      const lastName = own.filter((e) => e.type === 'identify').at(-1)?.traits;
      const customer = customerOf.get(userId);
      expect(customer?.attributes.name).toBe((lastName as { name: string }).name);
      const sent = own.map(trackingName).filter((n) => n !== undefined);
      const landed = simulator.events.filter((e) => e.customerId === customer?.id);
      expect(landed.map((e) => e.name)).toEqual(sent);
    }
  });

  it('returns results in input order and reports progress once per event', async () => {
    const events = [track('a', 'One'), untyped({ type: 'group', userId: 'a' }), track('b', 'Two')];
    const seen: number[] = [];
    const results = await createKustomerDestination({ apiKey: 'k' }).sendBatch(events, {
      onProgress: ({ index, done, total }) => {
        seen.push(index);
        expect(total).toBe(3);
        expect(done).toBe(seen.length);
      },
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(seen.sort()).toEqual([0, 1, 2]);
  });

  it('fails the events it had not started when the signal aborts', async () => {
    const controller = new AbortController();
    const events = Array.from({ length: 20 }, (_, i) => track('one-user', `Event-${i}`));
    let delivered = 0;
    const results: DeliveryResult[] = await createKustomerDestination({
      apiKey: 'k',
    }).sendBatch(events, {
      signal: controller.signal,
      onProgress: ({ result }) => {
        if (result.ok && ++delivered === 5) controller.abort();
      },
    });
    expect(results).toHaveLength(20);
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.slice(5).every((r) => !r.ok && r.error.name === 'AbortError')).toBe(true);
  });
});
