import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DELETE_ROLES, rolesFor, SEND_ROLES } from '../../../src/cli/hints.js';
import { createKustomerDestination } from '../../../src/destination.js';
import { createKustomerSimulator } from '../../../src/simulator/index.js';
import { group, identify, track } from '../../support/events.js';

const API_KEY = 'roles-key';

/** A simulator whose key holds exactly `roles`, and a destination pointed at it. */
function keyed(roles: readonly string[]) {
  const simulator = createKustomerSimulator({ apiKey: API_KEY, strict: true, roles: [...roles] });
  const destination = createKustomerDestination({
    apiKey: API_KEY,
    baseUrl: 'https://api.kustomerapp.com',
    retry: { baseDelayMs: 1 },
  });
  return { simulator, destination };
}

describe('the roles a refused key is told to have', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => server.resetHandlers());

  it("are each operation's permission-set role, read from the spec", () => {
    expect(rolesFor(['createCustomer', 'updateCustomer', 'updateCustomerAttributes'])).toEqual([
      'org.permission.customer.create',
      'org.permission.customer.update',
    ]);
    expect(rolesFor(['createTrackingEvent'])).toEqual(['org.tracking']);
  });

  it('are enough for send, and send fails without any one of them', async () => {
    const run = async (roles: readonly string[]) => {
      const { simulator, destination } = keyed(roles);
      server.use(...simulator.handlers);
      const results = [
        await destination.send(identify('u1', { name: 'Ada' })),
        await destination.send(identify('u1', { name: 'Ada L.' })),
        await destination.send(track('u1', 'Paid')),
        // A new company (found by nobody, created), then the same one again (updated).
        await destination.send(group('u1', 'acme', { name: 'Acme' })),
        await destination.send(group('u1', 'acme', { name: 'Acme Inc' })),
      ];
      return results.map((result) => (result.ok ? result.action : result.error.status));
    };
    expect(await run(SEND_ROLES)).toEqual(['created', 'updated', 'tracked', 'linked', 'linked']);
    for (const missing of SEND_ROLES) {
      const outcomes = await run(SEND_ROLES.filter((role) => role !== missing));
      expect(outcomes, `without ${missing}`).toContain(403);
    }
  });

  it('are enough for delete, and delete fails without any one of them', async () => {
    // The key may also create, so that identify makes the customer to delete.
    const run = async (roles: readonly string[]) => {
      const { simulator, destination } = keyed([...roles, 'org.permission.customer.create']);
      server.use(...simulator.handlers);
      await destination.send(identify('u1', { name: 'Ada' }));
      const result = await destination.deleteUser({ userId: 'u1' });
      return result.ok ? result.deleted : result.error.status;
    };
    expect(await run(DELETE_ROLES)).toBe(1);
    for (const missing of DELETE_ROLES) {
      expect(await run(DELETE_ROLES.filter((role) => role !== missing)), missing).toBe(403);
    }
  });
});
