import { beforeEach, describe, expect, it } from 'vitest';
import type { components } from '../../../generated/kustomer.js';
import { createSimulatorCore, type SimulatorCore } from '../../../src/simulator/core.js';
import { answered, customerOf, errorsOf, sender } from './helpers.js';

type Schemas = components['schemas'];

const companyOf = (answer: Awaited<ReturnType<ReturnType<typeof sender>>>) =>
  (answered(answer).json as Schemas['CompanyEnvelope']).data;
const listOf = (answer: Awaited<ReturnType<ReturnType<typeof sender>>>) =>
  (answered(answer).json as Schemas['CompanyList']).data;

describe('simulated companies', () => {
  let core: SimulatorCore;
  let send: ReturnType<typeof sender>;

  beforeEach(() => {
    core = createSimulatorCore();
    send = sender(core);
  });

  it('creates a company and finds it by id, by external id and by a part of its name', async () => {
    const created = await send('POST', '/v1/companies', {
      name: 'Acme Corp',
      externalId: 'g-1',
      domains: [{ domain: 'acme.com' }],
    });
    expect(created).toMatchObject({ status: 201 });
    const company = companyOf(created);
    expect(company).toMatchObject({
      type: 'company',
      attributes: { name: 'Acme Corp', externalId: 'g-1', rev: 1, tags: [] },
      links: { self: `/v1/companies/${company.id}` },
    });
    expect(companyOf(await send('GET', `/v1/companies/${company.id}`)).id).toBe(company.id);
    expect(listOf(await send('GET', '/v1/companies?externalId=g-1')).map((c) => c.id)).toEqual([
      company.id,
    ]);
    expect(listOf(await send('GET', '/v1/companies?filter=acme')).map((c) => c.id)).toEqual([
      company.id,
    ]);
    expect(listOf(await send('GET', '/v1/companies?externalId=g-2'))).toEqual([]);
    expect(await send('GET', '/v1/companies/5c0cc0a0ffffffffffffffff')).toMatchObject({
      status: 404,
    });
  });

  it('ignores both externalId and filter when a request sends both, as Kustomer documents', async () => {
    await send('POST', '/v1/companies', { name: 'Acme Corp', externalId: 'g-1' });
    await send('POST', '/v1/companies', { name: 'Globex', externalId: 'g-2' });
    const both = listOf(await send('GET', '/v1/companies?externalId=g-1&filter=Globex'));
    expect(both.map((c) => c.attributes.name)).toEqual(['Acme Corp', 'Globex']);
  });

  it('answers a second create with the same external id with 409 naming the holder', async () => {
    const first = companyOf(await send('POST', '/v1/companies', { name: 'Acme', externalId: 'g' }));
    const second = await send('POST', '/v1/companies', { name: 'Acme 2', externalId: 'g' });
    expect(second).toMatchObject({ status: 409 });
    expect(errorsOf(second)[0]).toMatchObject({
      source: { pointer: '/externalId' },
      meta: { companyId: first.id },
    });
    expect(core.store.companies.all()).toHaveLength(1);
  });

  it('merges an update into the company, custom attributes key by key', async () => {
    const { id } = companyOf(
      await send('POST', '/v1/companies', {
        name: 'Acme',
        externalId: 'g',
        custom: { industryStr: 'Tools', sizeNum: 3 },
      }),
    );
    const updated = companyOf(
      await send('PUT', `/v1/companies/${id}`, { employeeCount: 40, custom: { sizeNum: 4 } }),
    );
    expect(updated.attributes).toMatchObject({
      name: 'Acme',
      employeeCount: 40,
      custom: { industryStr: 'Tools', sizeNum: 4 },
      rev: 2,
    });
  });

  it('refuses a name shorter than 3 characters and a create without a name', async () => {
    expect(await send('POST', '/v1/companies', { name: 'HP' })).toMatchObject({ status: 400 });
    expect(await send('POST', '/v1/companies', { externalId: 'g' })).toMatchObject({
      status: 400,
    });
  });

  it("links a customer only to a company it holds, by the company's id", async () => {
    const { id } = companyOf(await send('POST', '/v1/companies', { name: 'Acme' }));
    const refused = await send('POST', '/v1/customers', { externalId: 'u1', company: 'Acme' });
    expect(refused).toMatchObject({ status: 400 });
    expect(errorsOf(refused)[0]?.source).toEqual({ pointer: '/company' });
    const customer = customerOf(
      await send('POST', '/v1/customers', { externalId: 'u1', company: id }),
    );
    expect(customer.attributes.company).toBe(id);
  });

  it('unlinks a customer whose update omits the company, as Kustomer warns, and keeps it when sent', async () => {
    const { id: companyId } = companyOf(await send('POST', '/v1/companies', { name: 'Acme' }));
    const { id } = customerOf(
      await send('POST', '/v1/customers', { externalId: 'u1', company: companyId }),
    );
    const kept = await send('PUT', `/v1/customers/${id}?replace=false`, {
      name: 'Ada',
      company: companyId,
    });
    expect(customerOf(kept).attributes.company).toBe(companyId);
    const omitted = await send('PATCH', `/v1/customers/${id}`, { name: 'Ada L' });
    expect(customerOf(omitted).attributes.company).toBeUndefined();
  });

  it('lists companies with their customers at GET /__simulator/companies', async () => {
    const { id } = companyOf(
      await send('POST', '/v1/companies', { name: 'Acme', externalId: 'g' }),
    );
    const customer = customerOf(
      await send('POST', '/v1/customers', { externalId: 'u', company: id }),
    );
    const view = await core.handle({
      method: 'GET',
      url: '/__simulator/companies',
      headers: {},
      bodyText: '',
    });
    expect('drop' in view).toBe(false);
    const body = JSON.parse('bodyText' in view ? view.bodyText : '{}') as { data: unknown[] };
    expect(body.data).toEqual([expect.objectContaining({ id, customerIds: [customer.id] })]);
  });
});
