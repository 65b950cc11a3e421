import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKustomerSimulator } from '../../../src/simulator/index.js';
import { KEY } from './helpers.js';

async function seed(simulator: ReturnType<typeof createKustomerSimulator>) {
  const { url } = await simulator.listen();
  try {
    const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    await fetch(`${url}/v1/customers`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Ada', externalId: 'user-1', custom: { planStr: 'free' } }),
    });
    await fetch(`${url}/v1/tracking/identityEvent`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ identity: { externalId: 'user-1' }, event: { name: 'Signed-In' } }),
    });
    return url;
  } finally {
    await simulator.close();
  }
}

describe('createKustomerSimulator', () => {
  it('hands out views that callers cannot use to change its state', async () => {
    const simulator = createKustomerSimulator();
    await seed(simulator);

    const [customer] = simulator.customers;
    expect(Object.isFrozen(simulator.customers)).toBe(true);
    expect(() => {
      (customer?.attributes as { name?: string }).name = 'Mallory';
    }).toThrow(TypeError);
    expect(() => {
      (simulator.events as unknown[]).push({});
    }).toThrow(TypeError);
    expect(() => {
      (simulator.requests[0] as { status: number }).status = 500;
    }).toThrow(TypeError);

    expect(simulator.customers[0]?.attributes.name).toBe('Ada');
    expect(simulator.events).toHaveLength(1);
    expect(simulator.requests.map((r) => r.status)).toEqual([201, 201]);
  });

  it('forgets customers, events, requests, injected faults and the rate window on reset', async () => {
    const simulator = createKustomerSimulator({ rateLimitPerMinute: 2 });
    await seed(simulator);
    simulator.inject({ status: 500 });

    simulator.reset();
    expect(simulator.customers).toEqual([]);
    expect(simulator.events).toEqual([]);
    expect(simulator.requests).toEqual([]);

    // Both requests of the seed succeed: the window and the faults start over.
    await seed(simulator);
    expect(simulator.requests.map((r) => r.status)).toEqual([201, 201]);
    // Ids never repeat in one simulator's life, so an id remembered from before means nothing new.
    expect(simulator.customers[0]?.id).toBe('5c0c5e0d0000000000000002');
  });

  it('keeps the faults given at creation across a reset', async () => {
    const simulator = createKustomerSimulator({ faults: [{ status: 503, times: 1 }] });
    await seed(simulator);
    expect(simulator.requests.map((r) => r.status)).toEqual([503, 201]);
    simulator.reset();
    await seed(simulator);
    expect(simulator.requests.map((r) => r.status)).toEqual([503, 201]);
  });

  it('imports msw only for types, so that it loads without msw installed', async () => {
    const folder = fileURLToPath(new URL('../../../src/simulator/', import.meta.url));
    for (const file of (await readdir(folder)).filter((f) => f.endsWith('.ts'))) {
      const source = await readFile(join(folder, file), 'utf8');
      expect(source, file).not.toMatch(/^import (?!type )[^;]*from 'msw(\/[^']*)?';/m);
      expect(source, file).not.toMatch(/import\('msw/);
    }
  });

  it('builds its msw handlers once, on first use', () => {
    const simulator = createKustomerSimulator();
    const handlers = simulator.handlers;
    expect(handlers).toHaveLength(1);
    expect(simulator.handlers).toBe(handlers);
  });
});
