import { beforeEach, describe, expect, it } from 'vitest';
import { createSimulatorCore } from '../../../src/simulator/core.js';
import { customerOf, errorsOf, sender } from './helpers.js';

describe('simulated customers', () => {
  let send: ReturnType<typeof sender>;

  beforeEach(() => {
    send = sender(createSimulatorCore());
  });

  it('creates a customer and finds it by id, by email in any case and by externalId', async () => {
    const created = await send('POST', '/v1/customers', {
      name: 'Ada Lovelace',
      externalId: 'user-1',
      emails: [{ email: 'Ada@Example.com' }],
    });
    expect(created).toMatchObject({ status: 201 });
    const customer = customerOf(created);
    expect(customer.id).toMatch(/^[0-9a-f]{24}$/);
    expect(customer.links?.self).toBe(`/v1/customers/${customer.id}`);
    expect(customer.attributes).toMatchObject({
      name: 'Ada Lovelace',
      displayName: 'Ada Lovelace',
      externalId: 'user-1',
      rev: 1,
    });

    for (const path of [
      `/v1/customers/${customer.id}`,
      '/v1/customers/email=ada%40example.com',
      '/v1/customers/externalId=user-1',
    ]) {
      const found = await send('GET', path);
      expect(found).toMatchObject({ status: 200 });
      expect(customerOf(found).id).toBe(customer.id);
    }
  });

  it("answers a new customer with the defaults, item ids and relationships Kustomer's document shows", async () => {
    const customer = customerOf(
      await send('POST', '/v1/customers', {
        externalId: 'user-1',
        phones: [{ phone: '+15551234567', type: 'mobile' }],
      }),
    );
    expect(customer.attributes).toMatchObject({
      displayName: '+15551234567',
      displayColor: expect.any(String),
      displayIcon: expect.any(String),
      externalIds: [{ externalId: 'user-1', verified: true }],
      emails: [],
      sharedEmails: [],
      socials: [],
      urls: [],
      tags: [],
      phones: [
        {
          phone: '+15551234567',
          type: 'mobile',
          verified: false,
          id: expect.stringMatching(/^[0-9a-f]{24}$/),
        },
      ],
      conversationCounts: { all: 0, snoozed: 0, open: 0, done: 0 },
      verified: false,
    });
    expect(customer.relationships).toMatchObject({
      org: { data: { type: 'org' } },
      messages: { links: { self: `/v1/customers/${customer.id}/messages` } },
      modifiedBy: { data: { type: 'user' } },
    });
  });

  it('gives a customer with no name, email or phone a string displayName', async () => {
    const anonymous = customerOf(await send('POST', '/v1/customers', {}));
    expect(anonymous.attributes.displayName).toEqual(expect.any(String));
  });

  it('mints distinct, deterministic ids', async () => {
    const first = customerOf(await send('POST', '/v1/customers', { name: 'A' })).id;
    const second = customerOf(await send('POST', '/v1/customers', { name: 'B' })).id;
    expect(first).not.toBe(second);
    const again = sender(createSimulatorCore());
    expect(customerOf(await again('POST', '/v1/customers', { name: 'C' })).id).toBe(first);
  });

  it('decodes an encoded externalId lookup', async () => {
    await send('POST', '/v1/customers', { externalId: 'a/b c' });
    const found = await send('GET', '/v1/customers/externalId=a%2Fb%20c');
    expect(customerOf(found).attributes.externalId).toBe('a/b c');
  });

  it('answers 404 with an errors body when a lookup matches nothing', async () => {
    for (const path of [
      '/v1/customers/5c0c5e0d0000000000000099',
      '/v1/customers/email=nobody%40example.com',
      '/v1/customers/externalId=nobody',
    ]) {
      const answer = await send('GET', path);
      expect(answer).toMatchObject({ status: 404 });
      expect(errorsOf(answer)[0]?.code).toBe('not_found');
    }
  });

  describe('updates', () => {
    let id: string;

    beforeEach(async () => {
      const created = await send('POST', '/v1/customers', {
        name: 'Ada',
        locale: 'en-GB',
        externalId: 'user-1',
        custom: { planStr: 'free', seatsNum: 1 },
      });
      id = customerOf(created).id;
    });

    it('merges a PUT without replace: top-level fields replace, custom merges by key', async () => {
      const answer = await send('PUT', `/v1/customers/${id}?replace=false`, {
        name: 'Ada L.',
        custom: { planStr: 'pro' },
      });
      expect(answer).toMatchObject({ status: 200 });
      expect(customerOf(answer).attributes).toMatchObject({
        name: 'Ada L.',
        locale: 'en-GB',
        externalId: 'user-1',
        custom: { planStr: 'pro', seatsNum: 1 },
        rev: 2,
      });
    });

    it('treats a PUT with no replace parameter as a merge', async () => {
      const answer = await send('PUT', `/v1/customers/${id}`, { custom: { seatsNum: 3 } });
      expect(customerOf(answer).attributes).toMatchObject({
        name: 'Ada',
        custom: { planStr: 'free', seatsNum: 3 },
      });
    });

    it('replaces the whole document on a PUT with replace=true', async () => {
      const answer = await send('PUT', `/v1/customers/${id}?replace=true`, {
        name: 'Ada R.',
        custom: { planStr: 'pro' },
      });
      const attributes = customerOf(answer).attributes;
      expect(attributes).toMatchObject({ name: 'Ada R.', custom: { planStr: 'pro' } });
      expect(attributes).not.toHaveProperty('locale');
      expect(attributes).not.toHaveProperty('externalId');
      expect(attributes.custom).not.toHaveProperty('seatsNum');
      expect(attributes.createdAt).toBeTypeOf('string');
    });

    it('merges a PATCH like a PUT without replace', async () => {
      const answer = await send('PATCH', `/v1/customers/${id}`, { custom: { trialBool: true } });
      expect(customerOf(answer).attributes).toMatchObject({
        name: 'Ada',
        locale: 'en-GB',
        custom: { planStr: 'free', seatsNum: 1, trialBool: true },
      });
    });

    it('answers 404 for an unknown customer id', async () => {
      for (const method of ['PUT', 'PATCH']) {
        const answer = await send(method, '/v1/customers/5c0c5e0d00000000000000ff', { name: 'X' });
        expect(answer).toMatchObject({ status: 404 });
        expect(errorsOf(answer)[0]?.code).toBe('not_found');
      }
    });

    it('rejects a replace parameter that is not a boolean', async () => {
      const answer = await send('PUT', `/v1/customers/${id}?replace=yes`, { name: 'X' });
      expect(answer).toMatchObject({ status: 400 });
      expect(errorsOf(answer)[0]?.message).toMatch(/^replace: /);
    });

    it('answers 409 when the body names a stale revision', async () => {
      await send('PATCH', `/v1/customers/${id}`, { name: 'B' });
      const answer = await send('PATCH', `/v1/customers/${id}`, { name: 'C', rev: 1 });
      expect(answer).toMatchObject({ status: 409 });
    });

    it('follows a changed email and externalId in the lookups', async () => {
      await send('PATCH', `/v1/customers/${id}`, {
        externalId: 'user-2',
        emails: [{ email: 'new@example.com' }],
      });
      expect(await send('GET', '/v1/customers/externalId=user-1')).toMatchObject({ status: 404 });
      expect(customerOf(await send('GET', '/v1/customers/externalId=user-2')).id).toBe(id);
      expect(customerOf(await send('GET', '/v1/customers/email=new%40example.com')).id).toBe(id);
    });
  });

  // Kustomer's answer to a duplicate externalId is unverified (docs/kustomer-api.md §4, §11); the
  // simulator chooses 409, Kustomer's status for a conflict with stored state.
  it('answers 409 with an errors body when the externalId is already taken', async () => {
    const first = customerOf(await send('POST', '/v1/customers', { externalId: 'user-1' }));
    const answer = await send('POST', '/v1/customers', { externalId: 'user-1', name: 'Twin' });
    expect(answer).toMatchObject({ status: 409 });
    expect(errorsOf(answer)[0]).toMatchObject({
      code: 'conflict',
      source: { pointer: '/externalId' },
      meta: { customerId: first.id },
    });

    const other = customerOf(await send('POST', '/v1/customers', { externalId: 'user-2' }));
    const update = await send('PATCH', `/v1/customers/${other.id}`, { externalId: 'user-1' });
    expect(update).toMatchObject({ status: 409 });
  });
});
