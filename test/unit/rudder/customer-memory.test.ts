import { describe, expect, it } from 'vitest';
import { CustomerMemory } from '../../../src/rudder/customer-memory.js';
import { processDeleteUsers, processorTransform } from '../../../src/rudder/index.js';

const KEY = 'memory-key-0123456789';
const US = 'https://api.kustomerapp.com';

/** Kustomer knowing one customer, by email and externalId; every request recorded. */
function kustomer() {
  const seen: string[] = [];
  const fetch = async (request: Request) => {
    const url = decodeURIComponent(request.url);
    seen.push(`${request.method} ${url}`);
    if (request.method === 'DELETE') return new Response(null, { status: 204 });
    if (url.includes('email=known@example.com') || url.includes('externalId=u1')) {
      return Response.json({
        data: { type: 'customer', id: 'cust-1', attributes: { externalId: 'u1' } },
      });
    }
    return Response.json({ errors: [{ status: 404 }] }, { status: 404 });
  };
  return { seen, fetch };
}

const identify = (jobId: number) => ({
  message: { type: 'identify', userId: 'u1', traits: { email: 'known@example.com' } },
  metadata: { jobId },
  destination: { Config: { apiKey: KEY } },
});

describe('customers remembered across calls (docs/rudder-contract.md §11)', () => {
  it("answers a returning user's second identify, in a later call, with no lookup", async () => {
    const { seen, fetch } = kustomer();
    const customerMemory = new CustomerMemory();
    const [first] = await processorTransform([identify(1)], { fetch, customerMemory });
    expect(first).toMatchObject({ statusCode: 200, output: { method: 'PUT' } });
    expect(seen).toHaveLength(1);
    const [second] = await processorTransform([identify(2)], { fetch, customerMemory });
    expect(second).toEqual({ ...first, metadata: { jobId: 2 } });
    expect(seen).toHaveLength(1);
    expect(customerMemory.hits).toBe(1);
  });

  it('remembers by default, across calls of processorTransform', async () => {
    const { seen, fetch } = kustomer();
    await processorTransform([identify(1)], { fetch });
    await processorTransform([identify(2)], { fetch });
    expect(seen).toHaveLength(1);
  });

  it('looks every identify up with customerMemory false', async () => {
    const { seen, fetch } = kustomer();
    await processorTransform([identify(1)], { fetch, customerMemory: false });
    await processorTransform([identify(2)], { fetch, customerMemory: false });
    expect(seen).toHaveLength(2);
  });

  it("forgets an API key's customers when /deleteUsers deletes for it", async () => {
    const { seen, fetch } = kustomer();
    const customerMemory = new CustomerMemory();
    await processorTransform([identify(1)], { fetch, customerMemory });
    await processDeleteUsers(
      [{ destType: 'KUSTOMER', userAttributes: [{ userId: 'u1' }], config: { apiKey: KEY } }],
      { fetch, customerMemory },
    );
    expect(customerMemory.size).toBe(0);
    const before = seen.length;
    await processorTransform([identify(2)], { fetch, customerMemory });
    expect(seen.length).toBe(before + 1);
  });

  it('forgets a customer after its time-to-live, and holds no more than its capacity', () => {
    let now = 0;
    const memory = new CustomerMemory({ ttlMs: 1_000, capacity: 2, now: () => now });
    memory.set(US, 'a', 'id-a');
    now = 999;
    expect(memory.get(US, 'a')).toBe('id-a');
    now = 1_000;
    expect(memory.get(US, 'a')).toBeUndefined();
    memory.set(US, 'b', 'id-b');
    memory.set(US, 'c', 'id-c');
    memory.set(US, 'd', 'id-d');
    expect(memory.size).toBe(2);
    expect(memory.get(US, 'b')).toBeUndefined();
  });
});
