import { describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { identify, track } from '../support/events.js';

describe('delivery through the real HTTP server', () => {
  it('creates then updates a customer over loopback', async () => {
    const http = createKustomerSimulator({ apiKey: 'loopback-key' });
    const { url } = await http.listen(0);
    try {
      const dest = createKustomerDestination({
        apiKey: 'loopback-key',
        baseUrl: url,
        allowInsecureBaseUrl: true,
      });
      await expect(dest.send(identify('u1'))).resolves.toMatchObject({ action: 'created' });
      await expect(dest.send(identify('u1', { name: 'B' }))).resolves.toMatchObject({
        action: 'updated',
      });
      await expect(dest.send(track('u1', 'Clicked'))).resolves.toMatchObject({
        action: 'tracked',
      });
      expect(http.customers).toHaveLength(1);
      expect(http.events.map((e) => e.name)).toEqual(['Clicked']);
    } finally {
      await http.close();
    }
  });
});
