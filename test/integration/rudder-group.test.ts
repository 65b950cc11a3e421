/** The RudderStack layer on group events and on identifies naming a company (docs/rudder-contract.md). */
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { processorTransform, routerTransform } from '../../src/rudder/index.js';
import type { ProcessorOutput, RudderRequest } from '../../src/rudder/types.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';

const API_KEY = 'test-key-rudder-group';
const US = 'https://api.kustomerapp.com';

function kustomer() {
  const simulator = createKustomerSimulator({ apiKey: API_KEY, strict: true });
  const fetch = async (request: Request) =>
    (await getResponse(simulator.handlers, request)) ?? Response.error();
  /** Sends the returned requests in order, as rudder-server does; their statuses. */
  const deliver = async (requests: RudderRequest[]) => {
    const statuses: number[] = [];
    for (const { method, endpoint, headers, body } of requests) {
      const sent = await fetch(
        new Request(endpoint, { method, headers, body: JSON.stringify(body.JSON) }),
      );
      statuses.push(sent.status);
    }
    return statuses;
  };
  // Each test its own Kustomer, so no memory shared across them (the default is one per process).
  const options = { fetch, customerMemory: false as const };
  return { simulator, fetch, deliver, options };
}

/** A group as RudderStack's JavaScript SDK sends it. */
const rudderGroup = (userId: string, groupId: string, jobId: number) => ({
  message: {
    type: 'group',
    channel: 'web',
    messageId: `m-${jobId}`,
    anonymousId: `anon-${userId}`,
    userId,
    groupId,
    traits: {
      name: 'Acme Inc',
      website: 'https://www.acme.com',
      employees: 120,
      industry: 'Tools',
    },
    context: {
      traits: { email: `${userId}@example.com` },
      library: { name: 'RudderLabs JavaScript SDK' },
    },
    originalTimestamp: '2026-12-01T10:00:00.000Z',
    sentAt: '2026-12-01T10:00:00.100Z',
  },
  metadata: { jobId },
  destination: { ID: 'd1', Config: { apiKey: API_KEY } },
});

const requestsOf = (outputs: ProcessorOutput[]) =>
  outputs.map((o) => {
    if (!('output' in o)) throw new Error(`expected a request, got ${JSON.stringify(o)}`);
    const { userId: _userId, ...request } = o.output;
    return request;
  });

describe('processorTransform on group events', () => {
  it("answers RudderStack's group shape with 200 and the writes, the company made first", async () => {
    const k = kustomer();
    const outputs = await processorTransform([rudderGroup('u1', 'acme', 1)], k.options);
    expect(outputs.map((o) => o.statusCode)).toEqual([200]);
    // A new company: created here (its id is needed for the link), the customer write returned.
    expect(k.simulator.companies.map((c) => c.attributes.externalId)).toEqual(['acme']);
    const [create] = requestsOf(outputs);
    expect(create).toMatchObject({ method: 'POST', endpoint: `${US}/v1/customers` });
    expect(create?.body.JSON).toEqual({ externalId: 'u1', company: k.simulator.companies[0]?.id });
    expect(await k.deliver(requestsOf(outputs))).toEqual([201]);
    expect(k.simulator.customers[0]?.attributes.company).toBe(k.simulator.companies[0]?.id);
  });

  it('updates a company that exists first, then links: two outputs with the same metadata', async () => {
    const k = kustomer();
    await k.deliver(
      requestsOf(await processorTransform([rudderGroup('u1', 'acme', 1)], k.options)),
    );
    const outputs = await processorTransform([rudderGroup('u2', 'acme', 2)], k.options);
    expect(outputs.map((o) => [o.statusCode, o.metadata?.jobId])).toEqual([
      [200, 2],
      [200, 2],
    ]);
    const id = k.simulator.companies[0]?.id;
    expect(requestsOf(outputs).map((r) => `${r.method} ${r.endpoint}`)).toEqual([
      `PUT ${US}/v1/companies/${id}`,
      `POST ${US}/v1/customers`,
    ]);
    expect(await k.deliver(requestsOf(outputs))).toEqual([200, 201]);
    expect(k.simulator.companies).toHaveLength(1);
  });

  it('creates one company for a call of groups naming a new one', async () => {
    const k = kustomer();
    const inputs = Array.from({ length: 12 }, (_, i) => rudderGroup(`u${i}`, 'globex', i + 1));
    const outputs = await processorTransform(inputs, k.options);
    expect(outputs.every((o) => o.statusCode === 200)).toBe(true);
    expect(k.simulator.companies).toHaveLength(1);
  });

  it('returns a group of the router path as one output whose batchedRequest lists its requests', async () => {
    const k = kustomer();
    await k.deliver(
      requestsOf(await processorTransform([rudderGroup('u1', 'acme', 1)], k.options)),
    );
    const { output } = await routerTransform(
      { input: [rudderGroup('u1', 'acme', 2)], destType: 'kustomer' },
      k.options,
    );
    expect(output).toHaveLength(1);
    const batched =
      output[0] && 'batchedRequest' in output[0] ? output[0].batchedRequest : undefined;
    expect((batched as RudderRequest[]).map((r) => r.method)).toEqual(['PUT', 'PUT']);
  });
});

describe('processorTransform on identifies naming a company', () => {
  const identify = (traits: Record<string, unknown>, jobId: number) => ({
    message: { type: 'identify', userId: 'u1', traits: { email: 'u1@example.com', ...traits } },
    metadata: { jobId },
    destination: { ID: 'd1', Config: { apiKey: API_KEY } },
  });

  it("never sends company: 'Acme', and links by exact name when the company exists", async () => {
    const k = kustomer();
    const none = requestsOf(
      await processorTransform([identify({ company: { name: 'Acme' } }, 1)], k.options),
    );
    expect(JSON.stringify(none)).not.toContain('"company":"Acme"');
    await k.deliver(none);
    await k.deliver(
      requestsOf(await processorTransform([rudderGroup('u0', 'acme-co', 2)], k.options)),
    );
    const acme = k.simulator.companies[0];
    const linked = requestsOf(
      await processorTransform([identify({ company: { name: 'Acme Inc' } }, 3)], {
        fetch: k.fetch,
      }),
    );
    expect(linked[0]?.body.JSON).toMatchObject({ company: acme?.id });
  });

  it('keeps the link on a later identify naming no company', async () => {
    const k = kustomer();
    await k.deliver(
      requestsOf(await processorTransform([rudderGroup('u1', 'acme', 1)], k.options)),
    );
    const later = requestsOf(
      await processorTransform([identify({ name: 'Ada' }, 2)], {
        fetch: k.fetch,
        customerMemory: false,
      }),
    );
    expect(later[0]?.body.JSON).toMatchObject({
      name: 'Ada',
      company: k.simulator.companies[0]?.id,
    });
    expect(await k.deliver(later)).toEqual([200]);
    expect(k.simulator.customers[0]?.attributes.company).toBe(k.simulator.companies[0]?.id);
  });
});
