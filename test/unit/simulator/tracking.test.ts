import { beforeEach, describe, expect, it } from 'vitest';
import { createSimulatorCore, type SimulatorCore } from '../../../src/simulator/core.js';
import { customerOf, errorsOf, identityOf, sender } from './helpers.js';

describe('simulated tracking', () => {
  let core: SimulatorCore;
  let send: ReturnType<typeof sender>;

  beforeEach(() => {
    core = createSimulatorCore();
    send = sender(core);
  });

  it('records an identityEvent on the customer found by externalId', async () => {
    const customer = customerOf(await send('POST', '/v1/customers', { externalId: 'user-1' }));
    const answer = await send('POST', '/v1/tracking/identityEvent', {
      identity: { externalId: 'user-1' },
      event: { name: 'Order-Completed', meta: { totalNum: 42 }, sessionId: 's-1' },
    });
    expect(answer).toMatchObject({ status: 201 });
    const identity = identityOf(answer);
    expect(identity.type).toBe('identity');
    expect(identity.relationships?.customer?.data).toEqual({ type: 'customer', id: customer.id });
    expect(identity.attributes).toMatchObject({ status: 'updated', email: null });
    expect(core.store.customers.all()).toHaveLength(1);
    expect(core.store.tracking.events()[0]).toMatchObject({
      name: 'Order-Completed',
      customerId: customer.id,
      meta: { totalNum: 42 },
      sessionId: 's-1',
      identity: { externalId: 'user-1' },
    });
  });

  it('finds the customer by email when no customer has the externalId', async () => {
    const customer = customerOf(
      await send('POST', '/v1/customers', { emails: [{ email: 'ada@example.com' }] }),
    );
    const answer = await send('POST', '/v1/tracking/identityEvent', {
      identity: { externalId: 'user-9', email: 'ADA@example.com' },
      event: { name: 'Signed-In' },
    });
    expect(identityOf(answer).relationships?.customer?.data?.id).toBe(customer.id);
    expect(identityOf(answer).attributes.email).toBe('ADA@example.com');
    expect(core.store.customers.all()).toHaveLength(1);
  });

  it('creates a customer from the identity when nothing matches', async () => {
    const answer = await send('POST', '/v1/tracking/identityEvent', {
      identity: { externalId: 'user-7', email: 'grace@example.com', name: 'Grace' },
      event: { name: 'Web-Page-Viewed' },
    });
    const id = identityOf(answer).relationships?.customer?.data?.id;
    const found = customerOf(await send('GET', '/v1/customers/externalId=user-7'));
    expect(found.id).toBe(id);
    expect(found.attributes).toMatchObject({
      name: 'Grace',
      emails: [{ email: 'grace@example.com' }],
    });

    await send('POST', '/v1/tracking/identityEvent', {
      identity: { externalId: 'user-7' },
      event: { name: 'Web-Page-Viewed' },
    });
    expect(core.store.customers.all()).toHaveLength(1);
  });

  it('keeps the event log in arrival order', async () => {
    for (const name of ['First', 'Second', 'Third']) {
      await send('POST', '/v1/tracking/identityEvent', {
        identity: { externalId: `user-${name}` },
        event: { name },
      });
    }
    expect(core.store.tracking.events().map((e) => e.name)).toEqual(['First', 'Second', 'Third']);
  });

  it('answers a tracking event with 204 and files it under the customer of its trackingId', async () => {
    const identified = identityOf(
      await send('POST', '/v1/tracking/identityEvent', {
        identity: { externalId: 'user-1', trackingId: 't-1' },
        event: { name: 'Signed-In' },
      }),
    );
    const known = await send('POST', '/v1/tracking/event', { name: 'Clicked', trackingId: 't-1' });
    expect(known).toMatchObject({ status: 204, json: undefined });
    await send('POST', '/v1/tracking/event', { name: 'Clicked', trackingId: 'unknown' });

    const [, onCustomer, anonymous] = core.store.tracking.events();
    expect(onCustomer).toMatchObject({
      name: 'Clicked',
      trackingId: 't-1',
      customerId: identified.relationships?.customer?.data?.id,
    });
    expect(anonymous).toMatchObject({ name: 'Clicked', customerId: '' });
  });

  it('rejects an event name with a space, naming the field', async () => {
    const answer = await send('POST', '/v1/tracking/identityEvent', {
      identity: { externalId: 'user-1' },
      event: { name: 'Order Completed' },
    });
    expect(answer).toMatchObject({ status: 400 });
    expect(errorsOf(answer)[0]).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/^event\.name: /),
      source: { pointer: '/event/name' },
    });
    expect(core.store.tracking.events()).toEqual([]);
  });
});

describe('simulated tracking identity', () => {
  it('answers POST /v1/tracking/identity with 201, finding or creating the customer', async () => {
    const core = createSimulatorCore();
    const send = sender(core);
    const first = await send('POST', '/v1/tracking/identity', {
      externalId: 'user-1',
      email: 'ada@example.com',
      trackingId: 't-1',
    });
    expect(first).toMatchObject({ status: 201 });
    const identity = identityOf(first);
    expect(identity).toMatchObject({
      type: 'identity',
      attributes: { trackingId: 't-1', email: 'ada@example.com', status: 'updated' },
      links: { self: `/v1/tracking/identity/${identity.id}` },
    });
    const customerId = identity.relationships?.customer?.data?.id;
    expect(identity.relationships?.customer).toMatchObject({
      links: { self: `/v1/customers/${customerId}` },
    });

    const again = identityOf(
      await send('POST', '/v1/tracking/identity', { email: 'ADA@example.com', trackingId: 't-1' }),
    );
    expect(again.id).toBe(identity.id);
    expect(again.relationships?.customer?.data?.id).toBe(customerId);
    expect(core.store.customers.all()).toHaveLength(1);
    expect(core.store.tracking.events()).toEqual([]);
  });
});
