import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../../src/destination.js';
import { processDeleteUsers } from '../../../src/rudder/index.js';
import { createKustomerSimulator } from '../../../src/simulator/index.js';
import { identify } from '../../support/events.js';

const API_KEY = 'regulation-key';
const simulator = createKustomerSimulator({ apiKey: API_KEY, strict: true });
const server = setupServer(...simulator.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  simulator.reset();
  server.resetHandlers();
});
afterAll(() => server.close());

const request = (
  userAttributes: unknown,
  config: Record<string, unknown> = { apiKey: API_KEY },
) => ({
  destType: 'KUSTOMER',
  userAttributes,
  config,
});

async function seed(...userIds: string[]): Promise<void> {
  const destination = createKustomerDestination({ apiKey: API_KEY });
  for (const userId of userIds) await destination.send(identify(userId));
}

describe('processDeleteUsers (docs/rudder-contract.md §8)', () => {
  it('deletes each user and answers one successful element per request', async () => {
    await seed('u1', 'u2', 'u3');
    const answer = await processDeleteUsers([
      request([{ userId: 'u1' }, { userId: 'u2', email: 'u2@example.com', phone: '+1 555' }]),
      request([{ userId: 'u3', email: 'u3@example.com' }]),
    ]);
    expect(answer).toEqual([
      { statusCode: 200, status: 'successful' },
      { statusCode: 200, status: 'successful' },
    ]);
    expect(simulator.customers).toHaveLength(0);
  });

  it('counts a user Kustomer does not know as deleted', async () => {
    const answer = await processDeleteUsers([request([{ userId: 'ghost' }])]);
    expect(answer).toEqual([{ statusCode: 200, status: 'successful' }]);
  });

  it('answers 400 naming the attributes it cannot act on, never successful', async () => {
    const [answer] = await processDeleteUsers([
      request([{ userId: 'ghost' }, { phone: '+15550100' }, {}]),
    ]);
    expect(answer).toMatchObject({ statusCode: 400 });
    // A phone is acted on (found by phone, deleted if it is the person's: docs/deletion.md).
    const error = answer && 'error' in answer ? String(answer.error) : '';
    expect(error).toMatch(/userAttributes\[2\]/);
    expect(error).not.toMatch(/userAttributes\[[01]\]/);
  });

  it('answers 400 for userAttributes that are not an array and for a missing apiKey', async () => {
    const answer = await processDeleteUsers([request('u1'), request([{ userId: 'u1' }], {})]);
    expect(answer.map((a) => a.statusCode)).toEqual([400, 400]);
  });

  it('passes a 401 through for a wrong key, without the key in the error', async () => {
    const wrong = 'wrong-key-"quoted"';
    const [answer] = await processDeleteUsers([request([{ userId: 'u1' }], { apiKey: wrong })]);
    expect(answer?.statusCode).toBe(401);
    expect(JSON.stringify(answer)).not.toContain('wrong-key');
  });

  it('passes a 403 through for a key without the delete role', async () => {
    const limited = createKustomerSimulator({
      apiKey: API_KEY,
      roles: ['org.permission.customer.read', 'org.permission.customer.create'],
    });
    server.use(...limited.handlers);
    await createKustomerDestination({ apiKey: API_KEY }).send(identify('u1'));
    const [answer] = await processDeleteUsers([request([{ userId: 'u1' }])]);
    expect(answer?.statusCode).toBe(403);
    expect(limited.customers).toHaveLength(1);
  });

  it.each([429, 503])('answers %i so that rudder-server retries', async (status) => {
    await seed('u1');
    // Every attempt the call allows fails.
    simulator.inject({ status, method: 'DELETE', times: 3 });
    const [answer] = await processDeleteUsers([request([{ userId: 'u1' }])]);
    expect(answer).toMatchObject({ statusCode: status });
    expect(simulator.customers).toHaveLength(1);
  });

  it('answers 404 for another destination type, as RudderStack does', async () => {
    const [answer] = await processDeleteUsers([{ ...request([]), destType: 'INTERCOM' }]);
    expect(answer).toEqual({
      statusCode: 404,
      error: "INTERCOM: Doesn't support deletion of users",
    });
  });

  it('answers 400 for a body that is not an array', async () => {
    await expect(processDeleteUsers({})).resolves.toEqual([
      { statusCode: 400, error: 'The body must be an array of deletion requests' },
    ]);
  });
});
