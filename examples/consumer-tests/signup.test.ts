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

// The service's own code under test: it reports a sign-up to Kustomer.
async function reportSignup(userId: string, email: string) {
  const destination = createKustomerDestination({ apiKey: 'test-key', region: 'eu' });
  return destination.sendBatch([
    { type: 'identify', userId, traits: { email, name: 'Ada Lovelace' } },
    { type: 'track', userId, event: 'Signed Up', properties: { plan: 'pro', seats: 3 } },
  ]);
}

it('creates the customer and records the sign-up event in Kustomer', async () => {
  const results = await reportSignup('user-42', 'ada@example.com');

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

it('reports a failure the service can act on when Kustomer is down', async () => {
  kustomer.inject({ status: 503 });
  const destination = createKustomerDestination({ apiKey: 'test-key', retry: false });
  const result = await destination.send({ type: 'track', userId: 'u', event: 'Clicked' });
  expect(result).toMatchObject({ ok: false, error: { status: 503, retryable: true } });
});
