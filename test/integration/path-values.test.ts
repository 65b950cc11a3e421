/**
 * One path-value rule on every path (docs/architecture.md#invariants, invariant 6): `send`, the dry
 * run, the RudderStack layer and the public client give the same answer for the same value.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerClient } from '../../src/client/index.js';
import { createKustomerDestination } from '../../src/destination.js';
import { InvalidEventError } from '../../src/errors.js';
import { processorTransform } from '../../src/rudder/index.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { untyped } from '../support/events.js';

const API_KEY = 'test-key-path-values';
const simulator = createKustomerSimulator({ apiKey: API_KEY, strict: true });
const server = setupServer(...simulator.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => simulator.reset());
afterAll(() => server.close());

const destination = () => createKustomerDestination({ apiKey: API_KEY, retry: false });
const client = () => createKustomerClient({ apiKey: API_KEY, retry: false });

function identify(userId: string, kustomerId?: string): Record<string, unknown> {
  return {
    type: 'identify',
    userId,
    traits: { name: 'Ada' },
    ...(kustomerId === undefined
      ? {}
      : { context: { externalId: [{ type: 'kustomerId', id: kustomerId }] } }),
  };
}

async function processor(event: Record<string, unknown>) {
  const [output] = await processorTransform([
    { message: event, metadata: { jobId: 1 }, destination: { Config: { apiKey: API_KEY } } },
  ]);
  return output;
}

describe("userId '..' is one ordinary externalId segment", () => {
  it('is delivered by send, created with externalId ..', async () => {
    const result = await destination().send(untyped(identify('..')));
    expect(result).toMatchObject({ ok: true, action: 'created' });
    expect(simulator.customers[0]?.attributes).toMatchObject({ externalId: '..' });
    expect(simulator.requests.map((r) => `${r.method} ${r.path}`)).toContain(
      'GET /v1/customers/externalId=..',
    );
  });

  it('is planned by the dry run, and turned into a request by the RudderStack layer', async () => {
    const planned = destination().plan(untyped(identify('..')));
    expect(planned.ok && planned.calls.map((call) => call.url)).toEqual([
      'https://api.kustomerapp.com/v1/customers/externalId=..',
      'https://api.kustomerapp.com/v1/customers',
    ]);
    const output = await processor(identify('..'));
    expect(output).toMatchObject({
      statusCode: 200,
      output: { method: 'POST', endpoint: 'https://api.kustomerapp.com/v1/customers' },
    });
  });

  it('is looked up by the public client', async () => {
    await expect(client().customers.getByExternalId('..')).resolves.toBeNull();
  });
});

describe("kustomerId '..' cannot be the customer id segment", () => {
  it('is refused by send, plan, processorTransform and the client alike, before any request', async () => {
    const message = "The id for /v1/customers/{id} is '..', which would change the request path";
    const sent = await destination().send(untyped(identify('u1', '..')));
    expect(sent).toMatchObject({ ok: false, error: { name: 'InvalidEventError', message } });
    expect(destination().plan(untyped(identify('u1', '..')))).toMatchObject({
      ok: false,
      error: { name: 'InvalidEventError', message },
    });
    expect(await processor(identify('u1', '..'))).toMatchObject({
      statusCode: 400,
      error: message,
    });
    const refused = await client()
      .customers.update('..', { name: 'Ada' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidEventError);
    expect(refused).toMatchObject({ message });
    expect(simulator.requests).toEqual([]);
  });
});

describe("kustomerId '' names no customer", () => {
  it('falls back to the lookups on every path, as RudderStack does; never a 500', async () => {
    const sent = await destination().send(untyped(identify('u2', '')));
    expect(sent).toMatchObject({ ok: true, action: 'created' });
    const planned = destination().plan(untyped(identify('u2', '')));
    expect(planned.ok && planned.calls.map((call) => call.operation)).toEqual([
      'getCustomerByExternalId',
      'createCustomer',
    ]);
    simulator.reset();
    const output = await processor(identify('u2', ''));
    expect(output).toMatchObject({ statusCode: 200, output: { method: 'POST' } });
  });

  it('is refused as an id by the public client, which has no lookups to fall back to', async () => {
    const refused = await client()
      .customers.update('', { name: 'Ada' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidEventError);
    expect(refused).toMatchObject({ message: 'The id for /v1/customers/{id} is empty' });
  });
});
