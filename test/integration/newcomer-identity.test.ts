import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import type { RudderEvent } from '../../src/index.js';
import { CustomerMemory } from '../../src/rudder/customer-memory.js';
import { processorTransform, routerTransform } from '../../src/rudder/index.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';

// The newcomer's sequence (issue 19, docs/deviations.md D21): a visitor tracked as anonymous, then
// identified, still without a userId, with the email of a customer Kustomer already knows.
const API_KEY = 'newcomer-key-0123456789';
const simulator = createKustomerSimulator({ apiKey: API_KEY });
let url: string;

beforeAll(async () => {
  url = (await simulator.listen()).url;
});
beforeEach(async () => {
  simulator.reset();
  // The existing user: a customer with an externalId of its own and the email the newcomer gives.
  const created = await fetch(`${url}/v1/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ externalId: 'u-ada', emails: [{ email: 'ada@example.com' }] }),
  });
  expect(created.status).toBe(201);
});
afterAll(() => simulator.close());

const track: RudderEvent = { type: 'track', event: 'Viewed', anonymousId: 'anon-1' };
const identify: RudderEvent = {
  type: 'identify',
  anonymousId: 'anon-1',
  traits: { email: 'ada@example.com', name: 'New Ada' },
};

const destination = () =>
  createKustomerDestination({ apiKey: API_KEY, baseUrl: url, allowInsecureBaseUrl: true });

/** What Kustomer holds afterwards, by externalId: each customer's name and emails. */
function outcome() {
  return Object.fromEntries(
    simulator.customers.map((c) => [
      String(c.attributes.externalId),
      {
        name: c.attributes.name ?? null,
        emails: (c.attributes.emails ?? []).map((e) => e.email),
      },
    ]),
  );
}

/** The requests a processor call answered, executed as rudder-server does: whether Kustomer took it. */
async function throughServe(event: RudderEvent, customerMemory: CustomerMemory) {
  const input = {
    message: event,
    metadata: { jobId: 1 },
    destination: { Config: { apiKey: API_KEY, baseEndpoint: url } },
  };
  const [element] = await processorTransform([input], {
    allowInsecureBaseEndpoint: true,
    customerMemory,
  });
  if (element?.statusCode !== 200 || !('output' in element)) throw new Error('not transformed');
  return execute(element.output);
}

/** Executes one returned request as rudder-server does: whether Kustomer took it. */
async function execute(request: unknown): Promise<boolean> {
  const { method, endpoint, headers, body } = request as {
    method: string;
    endpoint: string;
    headers: Record<string, string>;
    body: { JSON: unknown };
  };
  const response = await fetch(endpoint, { method, headers, body: JSON.stringify(body.JSON) });
  await response.body?.cancel();
  return response.ok;
}

/** The same through `routerTransform`, each batched request executed in turn. */
async function throughRouter(event: RudderEvent, customerMemory: CustomerMemory) {
  const destination = { Config: { apiKey: API_KEY, baseEndpoint: url } };
  const { output } = await routerTransform(
    { destType: 'kustomer', input: [{ message: event, metadata: { jobId: 1 }, destination }] },
    { allowInsecureBaseEndpoint: true, customerMemory },
  );
  const taken: boolean[] = [];
  for (const element of output) {
    if (element.statusCode !== 200 || !('batchedRequest' in element)) return false;
    const requests = Array.isArray(element.batchedRequest)
      ? element.batchedRequest
      : [element.batchedRequest];
    for (const request of requests) taken.push(await execute(request));
  }
  return taken.length > 0 && taken.every(Boolean);
}

const EXPECTED = {
  'u-ada': { name: null, emails: ['ada@example.com'] },
  'anon-1': { name: 'New Ada', emails: ['ada@example.com'] },
};

describe("the newcomer's identify gets one outcome whatever is remembered (D21)", () => {
  it('updates the anonymous customer through a destination that remembers it from the track', async () => {
    const warm = destination();
    expect(await warm.send(track)).toMatchObject({ ok: true });
    expect(await warm.send(identify)).toMatchObject({ ok: true, action: 'updated' });
    expect(outcome()).toEqual(EXPECTED);
  });

  it('updates the anonymous customer through a fresh destination, found by its externalId', async () => {
    expect(await destination().send(track)).toMatchObject({ ok: true });
    const cold = await destination().send(identify);
    expect(cold).toMatchObject({ ok: true, action: 'updated' });
    expect(outcome()).toEqual(EXPECTED);
  });

  it('updates the anonymous customer through a fresh destination in one batch', async () => {
    const [tracked, identified] = await destination().sendBatch([track, identify]);
    expect(tracked).toMatchObject({ ok: true });
    expect(identified).toMatchObject({ ok: true, action: 'updated' });
    expect(outcome()).toEqual(EXPECTED);
  });

  it('answers the update of the anonymous customer on the processor path, executed as rudder-server does', async () => {
    const memory = new CustomerMemory();
    expect(await throughServe(track, memory)).toBe(true);
    expect(await throughServe(identify, memory)).toBe(true);
    expect(outcome()).toEqual(EXPECTED);
  });

  it('answers the update of the anonymous customer on the router path, executed as rudder-server does', async () => {
    const memory = new CustomerMemory();
    expect(await throughRouter(track, memory)).toBe(true);
    expect(await throughRouter(identify, memory)).toBe(true);
    expect(outcome()).toEqual(EXPECTED);
  });
});
