import { afterEach, describe, expect, it, vi } from 'vitest';
import { planJob, sendJob } from '../../../src/cli/commands/send.js';
import type { DeliveryPlan, DeliveryResult } from '../../../src/delivery/types.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const call = {
  operation: 'createCustomer',
  method: 'POST',
  path: '/v1/customers',
  params: {},
  url: 'https://api.kustomerapp.com/v1/customers',
} as const;

describe('planJob', () => {
  it('prints each planned call with its line and counts the values the plan does not send', async () => {
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    const plan = {
      type: 'identify',
      userKey: 'u1',
      warnings: [],
      body: {},
      lookups: [],
      notSent: ['traits.plan'],
    };
    const destination = {
      plan: () => ({ ok: true, mapped: plan, calls: [call] }) as unknown as DeliveryPlan,
    };
    const outcome = await planJob(destination).run(
      {},
      { signal: new AbortController().signal, line: 7 },
    );
    expect(outcome).toMatchObject({
      ok: true,
      action: 'created',
      requests: 1,
      notSent: ['traits.plan'],
    });
    expect(printed.map((l) => JSON.parse(l))).toEqual([{ line: 7, ...call }]);
  });
});

describe('sendJob', () => {
  it("hands the loop's signal to the destination, so that shutdown can cancel the event", async () => {
    let received: AbortSignal | undefined;
    const destination = {
      async send(_event: unknown, options?: { signal?: AbortSignal }): Promise<DeliveryResult> {
        received = options?.signal;
        return { ok: true, action: 'tracked', requests: 1, retries: 0, warnings: [] };
      },
    };
    const signal = new AbortController().signal;
    await sendJob(destination).run({ type: 'track' }, { signal, line: 1 });
    expect(received).toBe(signal);
  });
});
