import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { identify, track, untyped } from '../support/events.js';

const API_KEY = 'test-key-identify';
const simulator = createKustomerSimulator({ apiKey: API_KEY, strict: true });
const server = setupServer(...simulator.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => simulator.reset());
afterAll(() => server.close());

const destination = (extra: Record<string, unknown> = {}) =>
  createKustomerDestination({ apiKey: API_KEY, retry: { baseDelayMs: 1 }, ...extra });

const customerRequests = () =>
  simulator.requests.map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')} ${r.status}`);

describe('identify delivery', () => {
  it('updates the customer a tracking event landed on, without lookups', async () => {
    const dest = destination();
    await dest.send(track('u7', 'Viewed'));
    const before = simulator.requests.length;
    const result = await dest.send(identify('u7', { name: 'Ada' }));
    // One read of the customer's company link, which the update must carry (D20), then the update.
    expect(result).toMatchObject({ ok: true, action: 'updated', requests: 2 });
    expect(simulator.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'PUT']);
    const again = await dest.send(identify('u7', { name: 'Ada L' }));
    expect(again).toMatchObject({ ok: true, action: 'updated', requests: 1 });
    expect(simulator.customers).toHaveLength(1);
  });

  it('creates a customer when no lookup matches', async () => {
    const result = await destination().send(identify('u1', { name: 'Ada' }));
    expect(result).toMatchObject({ ok: true, action: 'created' });
    expect(simulator.customers).toHaveLength(1);
    expect(simulator.customers[0]?.attributes).toMatchObject({ name: 'Ada', externalId: 'u1' });
    expect(customerRequests()).toEqual([
      'GET /v1/customers/externalId=u1 404',
      'GET /v1/customers/email=u1%40example.com 404',
      'GET /v1/customers/externalId=anon-u1 404',
      'POST /v1/customers 201',
    ]);
  });

  it('updates the customer it created when the user is identified again', async () => {
    const dest = destination();
    const first = await dest.send(identify('u1', { name: 'Ada' }));
    const second = await dest.send(identify('u1', { name: 'Ada Lovelace' }));
    expect(second).toMatchObject({ ok: true, action: 'updated' });
    expect(first.ok && second.ok && second.customerId === first.customerId).toBe(true);
    expect(simulator.customers).toHaveLength(1);
    expect(simulator.customers[0]?.attributes.name).toBe('Ada Lovelace');
  });

  it('remembers a resolved customer and updates it without lookups', async () => {
    const dest = destination();
    await dest.send(identify('u1'));
    const before = simulator.requests.length;
    const result = await dest.send(identify('u1', { name: 'Again' }));
    expect(result).toMatchObject({ ok: true, action: 'updated', requests: 1 });
    expect(simulator.requests.slice(before).map((r) => r.method)).toEqual(['PUT']);
  });

  it('looks the customer up again when the remembered one is gone', async () => {
    const dest = destination();
    await dest.send(identify('u1'));
    simulator.reset();
    const result = await dest.send(identify('u1', { name: 'Recreated' }));
    expect(result).toMatchObject({ ok: true, action: 'created' });
    expect(simulator.customers).toHaveLength(1);
  });

  it('finds an existing customer by email', async () => {
    await destination().send(identify('someone-else', { email: 'shared@example.com' }));
    const result = await destination().send(identify('u2', { email: 'shared@example.com' }));
    expect(result).toMatchObject({ ok: true, action: 'updated' });
    expect(simulator.customers).toHaveLength(1);
  });

  it('finds an existing customer by userId as externalId', async () => {
    await destination().send(identify('u3', { email: 'first@example.com' }));
    const result = await destination().send(identify('u3', { email: 'second@example.com' }));
    expect(result).toMatchObject({ ok: true, action: 'updated' });
    expect(simulator.requests.at(-2)?.path).toBe('/v1/customers/externalId=u3');
  });

  it('finds an existing customer by anonymousId as externalId', async () => {
    await destination().send({ type: 'identify', anonymousId: 'anon-9', traits: {} });
    const result = await destination().send({
      type: 'identify',
      userId: 'known-9',
      anonymousId: 'anon-9',
      traits: { name: 'Now known' },
    });
    expect(result).toMatchObject({ ok: true, action: 'updated' });
    expect(simulator.customers).toHaveLength(1);
  });

  it('updates the customer named by a kustomerId without any lookup', async () => {
    const created = await destination().send(identify('u4'));
    const id = created.ok ? created.customerId : undefined;
    const before = simulator.requests.length;
    const result = await destination().send({
      ...identify('other-user'),
      context: { externalId: [{ type: 'kustomerId', id: id ?? '' }] },
    });
    expect(result).toMatchObject({ ok: true, action: 'updated', customerId: id });
    // No lookup: one read by id of the company link the update must carry (D20).
    expect(simulator.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/customers/${id}`,
      `PUT /v1/customers/${id}`,
    ]);
  });

  it('makes one customer from 10 concurrent identifies of one new user', async () => {
    const dest = destination({ concurrency: 10 });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => dest.send(identify('new-user', { name: `v${i}` }))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.action === 'created')).toHaveLength(1);
    expect(simulator.customers).toHaveLength(1);
    expect(simulator.customers[0]?.attributes.name).toBe('v9');
  });

  it('reports an invalid event without sending anything', async () => {
    const result = await destination().send(
      untyped({ type: 'identify', traits: { name: 'nobody' } }),
    );
    expect(result).toMatchObject({
      ok: false,
      requests: 0,
      error: { name: 'InvalidEventError', retryable: false },
    });
    expect(simulator.requests).toHaveLength(0);
  });

  it('keeps the API key out of every result', async () => {
    const wrong = createKustomerDestination({ apiKey: 'wrong-secret-key', retry: false });
    const result = await wrong.send(identify('u5'));
    expect(result).toMatchObject({ ok: false, error: { status: 401, retryable: false } });
    expect(JSON.stringify(result)).not.toContain('wrong-secret-key');
  });
});
