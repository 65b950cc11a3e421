import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { identify, mixedEvents, track } from '../support/events.js';

const API_KEY = 'loopback-key';
const simulator = createKustomerSimulator({ apiKey: API_KEY, strict: true });
let baseUrl = '';

beforeAll(async () => {
  baseUrl = (await simulator.listen(0)).url;
});
afterAll(() => simulator.close());

const destination = (extra: Record<string, unknown> = {}) =>
  createKustomerDestination({ apiKey: API_KEY, baseUrl, allowInsecureBaseUrl: true, ...extra });

describe('delivery through the real HTTP server', () => {
  it('creates then updates a customer over loopback', async () => {
    simulator.reset();
    const dest = destination();
    await expect(dest.send(identify('u1'))).resolves.toMatchObject({ action: 'created' });
    await expect(dest.send(identify('u1', { name: 'B' }))).resolves.toMatchObject({
      action: 'updated',
    });
    await expect(dest.send(track('u1', 'Clicked'))).resolves.toMatchObject({ action: 'tracked' });
    expect(simulator.customers).toHaveLength(1);
    expect(simulator.events.map((e) => e.name)).toEqual(['Clicked']);
  });

  it('retries a dropped connection and a 503 over a real socket', async () => {
    simulator.reset();
    simulator.inject({ drop: true, path: '/v1/tracking', times: 1 });
    simulator.inject({ status: 503, path: '/v1/tracking', times: 1 });
    const dest = destination({ retry: { baseDelayMs: 1 }, lostWriteHoldMs: 5 });
    const result = await dest.send(track('u1', 'Clicked'));
    // The dropped write may have landed: it is counted as uncertain.
    expect(result).toMatchObject({ ok: true, requests: 3, retries: 2, uncertain: 1 });
    expect(simulator.events).toHaveLength(1);
  });

  it('delivers 1,000 mixed events with per-user order kept at concurrency 16', {
    timeout: 60_000,
  }, async () => {
    simulator.reset();
    const events = mixedEvents(1000, 40);
    const results = await destination({ concurrency: 16 }).sendBatch(events);
    const identifies = events.filter((e) => e.type === 'identify').length;
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(simulator.customers).toHaveLength(40);
    expect(simulator.events).toHaveLength(1000 - identifies);
    for (const customer of simulator.customers) {
      const userId = customer.attributes.externalId;
      const sent = events
        .filter((e) => e.userId === userId && e.type === 'track')
        .map((e) => String(e.event));
      const landed = simulator.events
        .filter((e) => e.customerId === customer.id && !/Viewed/.test(e.name))
        .map((e) => e.name);
      expect(landed).toEqual(sent);
    }
  });
});
