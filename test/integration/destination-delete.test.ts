import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { identify, track } from '../support/events.js';

const API_KEY = 'delete-key';
const NO_DELETE_ROLE = [
  'org.permission.customer.read',
  'org.permission.customer.create',
  'org.tracking',
];

/** The same scenarios through msw handlers and through the simulator's real HTTP server. */
describe.each(['msw', 'http'] as const)('deleteUser through %s', (transport) => {
  const simulator = createKustomerSimulator({ apiKey: API_KEY, strict: true });
  const limited = createKustomerSimulator({ apiKey: API_KEY, strict: true, roles: NO_DELETE_ROLE });
  const server = setupServer(...simulator.handlers);
  let urls = { full: 'https://api.kustomerapp.com', limited: '' };

  beforeAll(async () => {
    if (transport === 'msw') server.listen({ onUnhandledRequest: 'error' });
    else urls = { full: (await simulator.listen(0)).url, limited: (await limited.listen(0)).url };
  });
  afterAll(async () => {
    server.close();
    if (transport === 'http') await Promise.all([simulator.close(), limited.close()]);
  });
  beforeEach(() => simulator.reset());

  const destination = (baseUrl = urls.full) =>
    createKustomerDestination({
      apiKey: API_KEY,
      retry: { baseDelayMs: 1 },
      ...(transport === 'http' || baseUrl !== urls.full
        ? { baseUrl, allowInsecureBaseUrl: true }
        : {}),
    });

  it('deletes a user created by identify and tracked, so lookups find nothing afterwards', async () => {
    const dest = destination();
    await dest.send(identify('u1', { name: 'Ada' }));
    await dest.send(track('u1', 'Paid'));
    expect(simulator.customers).toHaveLength(1);
    const result = await dest.deleteUser({ userId: 'u1', email: 'u1@example.com' });
    expect(result).toMatchObject({ ok: true, deleted: 1 });
    expect(simulator.customers).toHaveLength(0);
    const again = await dest.send(identify('u1', { name: 'Ada' }));
    expect(again).toMatchObject({ ok: true, action: 'created' });
  });

  it('answers a second deletion with success and 0 deleted', async () => {
    const dest = destination();
    await dest.send(identify('u1'));
    await expect(dest.deleteUser({ userId: 'u1' })).resolves.toMatchObject({ deleted: 1 });
    await expect(dest.deleteUser({ userId: 'u1' })).resolves.toMatchObject({
      ok: true,
      deleted: 0,
    });
  });

  it('deletes every record of one person: one found by email, one by externalId', async () => {
    const dest = destination();
    await dest.send(identify('u1', { email: 'ada@example.com' }));
    await dest.send({ type: 'identify', anonymousId: 'anon-9', traits: { name: 'Ada (chat)' } });
    expect(simulator.customers).toHaveLength(2);
    const result = await dest.deleteUser({
      userId: 'u1',
      anonymousId: 'anon-9',
      email: 'ada@example.com',
    });
    expect(result).toMatchObject({ ok: true, deleted: 2, kept: 0 });
    expect(simulator.customers).toHaveLength(0);
  });

  it("keeps a customer found by the email that holds another person's externalId", async () => {
    const dest = destination();
    await dest.send(identify('u1', { email: 'ada@example.com' }));
    const result = await dest.deleteUser({ anonymousId: 'anon-9', email: 'ada@example.com' });
    expect(result).toMatchObject({ ok: true, deleted: 0, kept: 1 });
    expect(simulator.customers).toHaveLength(1);
  });

  it('keeps the user order: events before the deletion land, events after it create anew', async () => {
    const dest = destination();
    const [created, deleted, recreated] = await Promise.all([
      dest.send(identify('u1', { name: 'Before' })),
      dest.deleteUser({ userId: 'u1' }),
      dest.send(identify('u1', { name: 'After' })),
    ]);
    expect(created).toMatchObject({ ok: true, action: 'created' });
    expect(deleted).toMatchObject({ ok: true, deleted: 1 });
    expect(recreated).toMatchObject({ ok: true, action: 'created' });
    expect(simulator.customers.map((c) => c.attributes.name)).toEqual(['After']);
  });

  it('gives a key without the delete role a clear, non-retryable 403', async () => {
    limited.reset();
    // Through msw, the limited simulator's handlers take precedence for this test.
    if (transport === 'msw') server.use(...limited.handlers);
    const dest = transport === 'msw' ? destination() : destination(urls.limited);
    await dest.send(identify('u1'));
    const result = await dest.deleteUser({ userId: 'u1' });
    expect(result).toMatchObject({ ok: false, error: { status: 403, retryable: false } });
    expect(!result.ok && result.error.message).toContain('DELETE /v1/customers/{id}');
    expect(limited.customers).toHaveLength(1);
    server.resetHandlers();
  });

  it('refuses a user with nothing to find them by, before any request', async () => {
    const before = simulator.requests.length;
    const result = await destination().deleteUser({});
    expect(result).toMatchObject({ ok: false, requests: 0, error: { name: 'InvalidEventError' } });
    expect(simulator.requests).toHaveLength(before);
  });

  it('plans the lookups and deletes with no I/O', async () => {
    const planned = await destination().planDeletion({ userId: 'u1', email: 'a@example.com' });
    expect(planned.ok && planned.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /v1/customers/externalId={externalId}',
      'GET /v1/customers/email={email}',
      'DELETE /v1/customers/{id}',
      'DELETE /v1/customers/{id}',
    ]);
    expect(simulator.requests).toHaveLength(0);
  });
});
