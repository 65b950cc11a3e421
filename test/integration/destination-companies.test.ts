import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { group, identify, track } from '../support/events.js';

const API_KEY = 'test-key-companies';
const simulator = createKustomerSimulator({ apiKey: API_KEY, strict: true });
const server = setupServer(...simulator.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  simulator.reset();
  bodies.length = 0;
});
afterAll(() => server.close());

/** Every request body sent, as text. */
const bodies: string[] = [];
const recording = async (request: Request) => {
  bodies.push(await request.clone().text());
  return fetch(request);
};

const destination = () =>
  createKustomerDestination({
    apiKey: API_KEY,
    retry: { baseDelayMs: 1 },
    concurrency: 8,
    fetch: recording,
  });

const customer = (externalId: string) =>
  simulator.customers.find((c) => c.attributes.externalId === externalId);
const company = (externalId: string) =>
  simulator.companies.find((c) => c.attributes.externalId === externalId);
const sentBodies = () => bodies.join('\n');

describe('group delivery', () => {
  it('creates the company and a customer for a new user, linked to it', async () => {
    const result = await destination().send(group('u1', 'acme', { name: 'Acme Inc' }));
    expect(result).toMatchObject({ ok: true, action: 'linked', company: { action: 'created' } });
    expect(simulator.companies).toHaveLength(1);
    expect(company('acme')?.attributes.name).toBe('Acme Inc');
    expect(customer('u1')?.attributes.company).toBe(company('acme')?.id);
  });

  it('updates a company that exists and links the user found by lookup', async () => {
    const first = destination();
    await first.send(identify('u1', { name: 'Ada' }));
    await first.send(group('u2', 'acme', { name: 'Acme' }));
    const result = await destination().send(group('u1', 'acme', { name: 'Acme Renamed' }));
    expect(result).toMatchObject({ ok: true, action: 'linked', company: { action: 'updated' } });
    expect(company('acme')?.attributes.name).toBe('Acme Renamed');
    expect(customer('u1')?.attributes).toMatchObject({ name: 'Ada', company: company('acme')?.id });
  });

  it('creates one company for concurrent groups naming a new one', async () => {
    const events = Array.from({ length: 24 }, (_, i) =>
      group(`u${i}`, 'globex', { name: 'Globex' }),
    );
    const results = await destination().sendBatch(events);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(simulator.companies).toHaveLength(1);
    const id = company('globex')?.id;
    expect(simulator.customers.every((c) => c.attributes.company === id)).toBe(true);
    expect(results.filter((r) => r.ok && r.company?.action === 'created')).toHaveLength(1);
  });
});

describe('the link survives later writes of the customer', () => {
  it('keeps the link through identifies and tracks of the same destination', async () => {
    const dest = destination();
    await dest.send(group('u1', 'acme', { name: 'Acme' }));
    await dest.send(identify('u1', { name: 'Ada' }));
    await dest.send(track('u1', 'Viewed'));
    await dest.send(identify('u1', { name: 'Ada L' }));
    expect(customer('u1')?.attributes).toMatchObject({
      name: 'Ada L',
      company: company('acme')?.id,
    });
  });

  it('keeps the link when another destination (no memory) finds the customer by lookup', async () => {
    await destination().send(group('u1', 'acme', { name: 'Acme' }));
    await destination().send(identify('u1', { name: 'Ada' }));
    expect(customer('u1')?.attributes.company).toBe(company('acme')?.id);
  });

  it('keeps the link when the identify names its customer by kustomerId', async () => {
    await destination().send(group('u1', 'acme', { name: 'Acme' }));
    const id = customer('u1')?.id as string;
    const named = {
      ...identify('u1', { name: 'Ada' }),
      context: { externalId: [{ type: 'kustomerId', id }] },
    };
    expect(await destination().send(named)).toMatchObject({ ok: true, action: 'updated' });
    expect(customer('u1')?.attributes).toMatchObject({ name: 'Ada', company: company('acme')?.id });
  });

  it('keeps the link when a tracking event taught the destination the customer id', async () => {
    await destination().send(group('u1', 'acme', { name: 'Acme' }));
    const dest = destination();
    await dest.send(track('u1', 'Viewed'));
    await dest.send(identify('u1', { name: 'Ada' }));
    expect(customer('u1')?.attributes.company).toBe(company('acme')?.id);
  });

  it('moves the user to the company of their latest group', async () => {
    const dest = destination();
    await dest.send(group('u1', 'acme', { name: 'Acme' }));
    await dest.send(group('u1', 'globex', { name: 'Globex' }));
    await dest.send(identify('u1'));
    expect(customer('u1')?.attributes.company).toBe(company('globex')?.id);
  });
});

describe('identify with traits.company', () => {
  it('links by external id, creating the company under its name', async () => {
    const result = await destination().send(
      identify('u1', { company: { id: 'c9', name: 'Initech' } }),
    );
    expect(result).toMatchObject({ ok: true, action: 'created', company: { action: 'created' } });
    expect(company('c9')?.attributes.name).toBe('Initech');
    expect(customer('u1')?.attributes.company).toBe(company('c9')?.id);
  });

  it('links by exact name to a company that exists, and never sends the name as an id', async () => {
    const dest = destination();
    await dest.send(group('u0', 'acme', { name: 'Acme' }));
    const result = await dest.send(identify('u1', { company: { name: 'Acme' } }));
    expect(result).toMatchObject({
      ok: true,
      company: { id: company('acme')?.id, action: 'found' },
    });
    expect(customer('u1')?.attributes.company).toBe(company('acme')?.id);
    expect(sentBodies()).toContain(`"company":"${company('acme')?.id}"`);
    expect(sentBodies()).not.toContain('"company":"Acme"');
  });

  it('warns and keeps the link it has when no company has the name', async () => {
    const dest = destination();
    await dest.send(group('u1', 'acme', { name: 'Acme' }));
    const result = await dest.send(identify('u1', { company: 'Nowhere Ltd' }));
    expect(result.ok && result.warnings.join()).toContain('no company is named "Nowhere Ltd"');
    expect(customer('u1')?.attributes.company).toBe(company('acme')?.id);
    expect(simulator.companies).toHaveLength(1);
    expect(sentBodies()).not.toContain('Nowhere Ltd"}');
  });
});

describe('plan', () => {
  const lines = (event: Parameters<ReturnType<typeof destination>['plan']>[0], found?: 'email') => {
    const planned = destination().plan(event, found);
    if (!planned.ok) throw new Error(planned.error.message);
    return planned.calls.map((c) => `${c.method} ${c.url.replace(/^https:\/\/[^/]+/, '')}`);
  };

  it("shows a group's company lookup, its create, and the customer linked to it", () => {
    expect(lines(group('u1', 'acme', { name: 'Acme' }))).toEqual([
      'GET /v1/companies?externalId=acme',
      'POST /v1/companies',
      'GET /v1/customers/externalId=u1',
      'POST /v1/customers',
    ]);
    const planned = destination().plan(group('u1', 'acme'));
    expect(planned.ok && planned.calls.at(-1)?.body).toEqual({
      externalId: 'u1',
      company: '{companyId}',
    });
  });

  it('shows the update of a found company and an identify linking by name', () => {
    const found = lines(group('u1', 'acme'), 'email');
    expect(found.slice(0, 2)).toEqual([
      'GET /v1/companies?externalId=acme',
      'PUT /v1/companies/{companyId}',
    ]);
    const byName = lines(identify('u1', { company: 'Acme' }));
    expect(byName[0]).toBe('GET /v1/companies?filter=Acme');
  });
});
