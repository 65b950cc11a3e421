/**
 * How a service that installs kustomer-destination tests its own Kustomer delivery: the simulator
 * stands in for Kustomer, in-process through msw, with nothing on the network. This file imports
 * the package by name, exactly as a consuming service would, and runs in this repo's `npm test`.
 */
import { createKustomerDestination } from 'kustomer-destination';
import { createKustomerSimulator } from 'kustomer-destination/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const kustomer = createKustomerSimulator({ apiKey: 'test-key' });
const server = setupServer(...kustomer.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => kustomer.reset());
afterAll(() => server.close());

// The service's own code under test. Like the service, it makes one destination at start-up and
// keeps it: the destination remembers each user's Kustomer customer id (its customer cache).
// The simulator never hands out an id twice, even across reset(), so an id remembered from an
// earlier test is answered 404 and the destination finds or creates the customer again.
const destination = createKustomerDestination({ apiKey: 'test-key', region: 'eu' });

async function reportSignup(userId: string, email: string, name: string) {
  return destination.sendBatch([
    { type: 'identify', userId, traits: { email, name } },
    { type: 'track', userId, event: 'Signed Up', properties: { plan: 'pro', seats: 3 } },
  ]);
}

it('creates the customer and records the sign-up event in Kustomer', async () => {
  const results = await reportSignup('user-42', 'ada@example.com', 'Ada Lovelace');

  expect(results.map((r) => r.ok && r.action)).toEqual(['created', 'tracked']);
  expect(kustomer.customers).toHaveLength(1);
  expect(kustomer.customers[0]?.attributes).toMatchObject({
    externalId: 'user-42',
    name: 'Ada Lovelace',
    emails: [{ type: 'home', email: 'ada@example.com' }],
  });
  expect(kustomer.events.map((e) => [e.name, e.meta])).toEqual([
    ['Signed-Up', { plan: 'pro', seats: 3 }],
  ]);
});

it('starts from an empty Kustomer in every test, with the same destination', async () => {
  await reportSignup('user-7', 'bob@example.com', 'Bob Kahn');
  // user-42 is still in the destination's cache from the test above, not in the reset simulator.
  await reportSignup('user-42', 'ada@example.com', 'Ada Lovelace');

  expect(kustomer.customers.map((c) => [c.attributes.externalId, c.attributes.name])).toEqual([
    ['user-7', 'Bob Kahn'],
    ['user-42', 'Ada Lovelace'],
  ]);
});

it('reports a failure the service can act on when Kustomer is down', async () => {
  kustomer.inject({ status: 503 });
  const noRetries = createKustomerDestination({ apiKey: 'test-key', retry: false });
  const result = await noRetries.send({ type: 'track', userId: 'u', event: 'Clicked' });
  expect(result).toMatchObject({ ok: false, error: { status: 503, retryable: true } });
});
