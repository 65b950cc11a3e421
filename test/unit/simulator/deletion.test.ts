import { describe, expect, it } from 'vitest';
import { createSimulatorCore } from '../../../src/simulator/core.js';
import { customerOf, errorsOf, identityOf, sender } from './helpers.js';

const WITHOUT_DELETE = [
  'org.permission.customer.create',
  'org.permission.customer.read',
  'org.permission.customer.update',
  'org.tracking',
];

describe('simulated customer deletion', () => {
  it('deletes a customer with 204, after which every lookup and a second delete answer 404', async () => {
    const core = createSimulatorCore();
    const send = sender(core);
    const { id } = customerOf(
      await send('POST', '/v1/customers', {
        externalId: 'user-1',
        emails: [{ email: 'ada@example.com' }],
      }),
    );

    expect(await send('DELETE', `/v1/customers/${id}`)).toEqual({
      status: 204,
      headers: {},
      json: undefined,
    });
    for (const path of [
      `/v1/customers/${id}`,
      '/v1/customers/email=ada%40example.com',
      '/v1/customers/externalId=user-1',
    ]) {
      expect(await send('GET', path)).toMatchObject({ status: 404 });
    }
    const again = await send('DELETE', `/v1/customers/${id}`);
    expect(again).toMatchObject({ status: 404 });
    expect(errorsOf(again)[0]?.code).toBe('not_found');
    expect(core.store.customers.all()).toEqual([]);
  });

  it('lets a tracking identity create a new customer once the old one is deleted', async () => {
    const send = sender(createSimulatorCore());
    const identify = async () =>
      identityOf(
        await send('POST', '/v1/tracking/identityEvent', {
          identity: { externalId: 'user-1', trackingId: 't-1' },
          event: { name: 'Signed-In' },
        }),
      ).relationships?.customer?.data?.id;
    const before = await identify();
    await send('DELETE', `/v1/customers/${before}`);
    const after = await identify();
    expect(after).toMatch(/^[0-9a-f]{24}$/);
    expect(after).not.toBe(before);
  });

  it("answers 403 in Kustomer's error shape when the key lacks the delete role", async () => {
    const send = sender(createSimulatorCore({ roles: WITHOUT_DELETE }));
    const { id } = customerOf(await send('POST', '/v1/customers', { name: 'Ada' }));
    const refused = await send('DELETE', `/v1/customers/${id}`);
    expect(refused).toMatchObject({ status: 403 });
    expect(errorsOf(refused)[0]).toMatchObject({
      status: '403',
      code: 'forbidden',
      title: 'Forbidden',
      detail: expect.stringContaining('org.permission.customer.delete'),
    });
    expect(await send('GET', `/v1/customers/${id}`)).toMatchObject({ status: 200 });
  });

  it('accepts the legacy role in place of the permission-set role', async () => {
    const send = sender(createSimulatorCore({ roles: ['org.user.customer.delete'] }));
    expect(await send('DELETE', '/v1/customers/5c0c5e0d0000000000000009')).toMatchObject({
      status: 404,
    });
    expect(await send('GET', '/v1/customers/externalId=u')).toMatchObject({ status: 403 });
  });
});
