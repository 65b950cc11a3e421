/**
 * A lone UTF-16 surrogate in an identifier has no UTF-8 form, so no request can carry it: the
 * event is permanently bad. It must be refused as an invalid event (400 from serve, which
 * rudder-server does not retry), never thrown (`URIError`) or answered with a 500 (retried forever).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createTransformerHandler } from '../../src/rudder/index.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { untyped } from '../support/events.js';

const BASE = 'https://api.kustomerapp.com';
const cases = [
  { field: 'userId', event: { type: 'identify', userId: 'ada\uD800', traits: {} } },
  {
    field: 'email',
    event: { type: 'identify', userId: 'ada', traits: { email: 'ada\uDC00@example.com' } },
  },
  {
    field: 'kustomerId',
    event: {
      type: 'identify',
      userId: 'ada',
      context: { externalId: [{ type: 'kustomerId', id: 'cust\uD83D' }] },
    },
  },
];

/** The same ids in every event type: each would become a customer's externalId. */
const everyType = [
  { type: 'track', event: 'Paid' },
  { type: 'page', name: 'Home' },
  { type: 'screen', name: 'Main' },
  { type: 'identify', traits: {} },
].flatMap((base) => [
  { ...base, userId: 'u\uDFFF' },
  { ...base, anonymousId: 'anon\uD800' },
]);
const group = { type: 'group', userId: 'u\uDFFF', groupId: 'g' };
const groupIdOnly = { type: 'group', userId: 'u', groupId: 'g\uDBFF' };
/** A company name is looked up in a query (`?name=`), which cannot carry one either. */
const companyName = { type: 'identify', userId: 'u', traits: { company: 'Acme\uD83D' } };

let url = '';
let close: () => Promise<void>;
beforeAll(async () => {
  const server = createServer(createTransformerHandler());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

describe.each(cases)('a lone surrogate in $field', ({ event }) => {
  // No request may be made: a fetch that is called fails the test through the result.
  const destination = createKustomerDestination({
    apiKey: 'lone-surrogate-key',
    baseUrl: BASE,
    retry: false,
    fetch: () => Promise.reject(new Error('no request should be sent')),
  });

  it('makes plan answer an invalid event for every lookup path', async () => {
    for (const lookup of ['none', 'email', 'externalId'] as const) {
      const planned = destination.plan(untyped(event), lookup);
      expect(planned).toMatchObject({ ok: false, error: { name: 'InvalidEventError' } });
    }
  });

  it('makes send fail the event as invalid without a request', async () => {
    const result = await destination.send(untyped(event));
    expect(result).toMatchObject({
      ok: false,
      requests: 0,
      error: { name: 'InvalidEventError', retryable: false },
    });
  });

  it('gets a 400 for the event from serve, not a 500', async () => {
    const response = await fetch(`${url}/v0/destinations/kustomer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { message: event, destination: { Config: { apiKey: 'k' } }, metadata: { jobId: 1 } },
      ]),
    });
    expect(response.status).toBe(200);
    const [output] = (await response.json()) as { statusCode: number }[];
    expect(output?.statusCode).toBe(400);
  });
});

describe('a lone surrogate in the id of any event type', () => {
  it('is refused as an invalid event before any request, so no unreachable customer is created', async () => {
    const simulator = createKustomerSimulator({ apiKey: 'lone-surrogate-key' });
    const { url: base } = await simulator.listen(0);
    try {
      const destination = createKustomerDestination({
        apiKey: 'lone-surrogate-key',
        baseUrl: base,
        allowInsecureBaseUrl: true,
        retry: false,
      });
      const events = [...everyType, group, groupIdOnly, companyName];
      const results = await Promise.all(events.map((event) => destination.send(untyped(event))));
      const refused = results.filter(
        (r) =>
          !r.ok && r.error.name === 'InvalidEventError' && r.error.message.includes('surrogate'),
      );
      console.log(
        `reliability/lone-surrogates ${events.length} events (track, page, screen, identify, group) with an unpaired surrogate in an id or a company name: ${refused.length} refused as invalid, ${simulator.requests.length} requests, ${simulator.customers.length} customers created`,
      );
      expect(refused).toHaveLength(events.length);
      expect(simulator.requests).toHaveLength(0);
      expect(simulator.customers).toHaveLength(0);
    } finally {
      await simulator.close();
    }
  });
});
