import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKustomerSimulator, type KustomerSimulator } from '../../../src/simulator/index.js';
import { KEY } from './helpers.js';
import { runScenario } from './scenario.js';

describe('simulator HTTP server', () => {
  let simulator: KustomerSimulator;
  let url: string;

  beforeEach(async () => {
    simulator = createKustomerSimulator({ apiKey: KEY });
    ({ url } = await simulator.listen());
  });
  afterEach(async () => {
    await simulator.close();
  });

  it('answers a customer journey over HTTP', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await runScenario(simulator, [url]);
  });

  it('listen resolves to the url it serves and the port it bound', async () => {
    const other = createKustomerSimulator({ apiKey: KEY });
    try {
      const listening = await other.listen(0, '127.0.0.1');
      expect(Object.keys(listening).sort()).toEqual(['port', 'url']);
      expect(listening.port).toBeGreaterThan(0);
      expect(listening.url).toBe(`http://127.0.0.1:${listening.port}`);
      const answer = await fetch(`${listening.url}/v1/customers/externalId=u`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(answer.status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('destroys the socket for a dropped connection', async () => {
    simulator.inject({ drop: true, times: 1 });
    const lookup = () =>
      fetch(`${url}/v1/customers/externalId=u`, { headers: { authorization: `Bearer ${KEY}` } });
    await expect(lookup()).rejects.toThrow(TypeError);
    expect((await lookup()).status).toBe(404);
  });

  it('refuses a second listen and closes twice without complaint', async () => {
    await expect(simulator.listen()).rejects.toThrow(/already listening/);
    await simulator.close();
    await simulator.close();
    await expect(fetch(`${url}/v1/customers/externalId=u`)).rejects.toThrow(TypeError);
  });
});
