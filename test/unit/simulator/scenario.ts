/**
 * One customer journey, sent with plain fetch, shared by the msw and HTTP server tests so that both
 * transports are held to the same answers.
 */
import { expect } from 'vitest';
import type { KustomerSimulator } from '../../../src/simulator/index.js';
import { expectSpecResponse, KEY } from './helpers.js';

async function call(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  expectSpecResponse(method, path, response.status, json);
  // No limit was configured, so no rate-limit headers (src/simulator/rate-window.ts).
  expect(response.headers.get('x-ratelimit-limit')).toBeNull();
  return { status: response.status, json };
}

/** Creates, looks up, updates and tracks one customer; `bases` take turns answering. */
export async function runScenario(simulator: KustomerSimulator, bases: [string, ...string[]]) {
  const base = (i: number) => bases[i % bases.length] ?? bases[0];

  const created = await call(base(0), 'POST', '/v1/customers', {
    name: 'Ada',
    externalId: 'user-1',
    emails: [{ email: 'ada@example.com' }],
  });
  expect(created.status).toBe(201);
  const id = simulator.customers[0]?.id;
  expect(id).toMatch(/^[0-9a-f]{24}$/);

  expect(await call(base(1), 'GET', '/v1/customers/email=ada%40example.com')).toMatchObject({
    status: 200,
    json: { data: { id } },
  });
  expect(
    await call(base(2), 'PUT', `/v1/customers/${id}?replace=false`, { custom: { planStr: 'pro' } }),
  ).toMatchObject({ status: 200, json: { data: { attributes: { name: 'Ada' } } } });
  expect(
    await call(base(3), 'POST', '/v1/tracking/identityEvent', {
      identity: { externalId: 'user-1', trackingId: 't-1' },
      event: { name: 'Order-Completed', meta: { totalNum: 3 } },
    }),
  ).toMatchObject({ status: 201 });
  expect(
    await call(base(4), 'POST', '/v1/tracking/event', { name: 'Clicked', trackingId: 't-1' }),
  ).toEqual({ status: 204, json: undefined });
  expect(await call(base(5), 'GET', '/v1/customers/externalId=nobody')).toMatchObject({
    status: 404,
  });

  expect(simulator.customers).toHaveLength(1);
  expect(simulator.customers[0]).toMatchObject({
    updates: 1,
    attributes: { custom: { planStr: 'pro' } },
  });
  expect(simulator.events.map((e) => [e.name, e.customerId])).toEqual([
    ['Order-Completed', id],
    ['Clicked', id],
  ]);
  expect(simulator.requests.map((r) => [r.method, r.status, r.operationId])).toEqual([
    ['POST', 201, 'createCustomer'],
    ['GET', 200, 'getCustomerByEmail'],
    ['PUT', 200, 'updateCustomer'],
    ['POST', 201, 'createTrackingIdentityEvent'],
    ['POST', 204, 'createTrackingEvent'],
    ['GET', 404, 'getCustomerByExternalId'],
  ]);
}
