import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerSimulator } from '../../../src/simulator/index.js';
import { KUSTOMER_HOSTS } from '../../../src/simulator/msw.js';
import { KEY } from './helpers.js';
import { runScenario } from './scenario.js';

describe('simulator msw handlers', () => {
  const simulator = createKustomerSimulator({ apiKey: KEY });
  const server = setupServer(...simulator.handlers);

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => simulator.reset());
  afterAll(() => server.close());

  it('answers a customer journey on the US host and an org host alike', async () => {
    await runScenario(simulator, [
      'https://api.kustomerapp.com',
      'https://acme.api.kustomerapp.com',
    ]);
  });

  it('turns a dropped connection into a network error for fetch', async () => {
    simulator.inject({ drop: true });
    await expect(
      fetch('https://api.prod2.kustomerapp.com/v1/customers/externalId=u', {
        headers: { authorization: `Bearer ${KEY}` },
      }),
    ).rejects.toThrow(TypeError);
  });

  it('covers every Kustomer API host and nothing else', () => {
    for (const url of [
      'https://api.kustomerapp.com/v1/customers',
      'https://api.prod2.kustomerapp.com/v1/customers',
      'https://api.prod4.kustomerapp.com/v1/customers',
      'https://acme.api.kustomerapp.com/v1/customers',
    ]) {
      expect(KUSTOMER_HOSTS.test(url), url).toBe(true);
    }
    for (const url of [
      'http://api.kustomerapp.com/v1/customers',
      'https://kustomerapp.com.example.org/v1/customers',
      'https://example.org/kustomerapp.com/v1',
    ]) {
      expect(KUSTOMER_HOSTS.test(url), url).toBe(false);
    }
  });
});
