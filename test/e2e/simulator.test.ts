import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAll, runCli, spawnCli, waitForOutput } from './support/cli.js';
import { generated, tempDir, writeNdjson } from './support/files.js';

const dir = tempDir();
afterEach(killAll);
afterAll(dir.remove);

describe('kustomer-destination simulator', () => {
  it('serves the Kustomer API over HTTP, so that send can deliver to it and anyone can read it back', async () => {
    // --strict: what this package sends is held to its own spec.
    const simulator = spawnCli(['simulator', '--port', '0', '--api-key', 'sim-key', '--strict']);
    const [, url] = await waitForOutput(simulator, /listening on (http:\/\/\S+)\n[\s\S]*^ready$/m);
    if (url === undefined) throw new Error('no URL printed');

    const events = generated(60, 4);
    const file = dir.path('sim-events.ndjson');
    writeNdjson(file, events);
    const sent = await runCli(
      ['send', file, '--base-url', url, '--allow-insecure-base-url', '--json'],
      { env: { KUSTOMER_API_KEY: 'sim-key' } },
    );
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ sent: 60, failed: 0, created: 4 });

    const response = await fetch(`${url}/v1/customers/externalId=user-001`, {
      headers: { authorization: 'Bearer sim-key' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { attributes: { externalId?: string } } };
    expect(body.data.attributes.externalId).toBe('user-001');

    const refused = await fetch(`${url}/v1/customers/externalId=user-001`, {
      headers: { authorization: 'Bearer wrong-key' },
    });
    expect(refused.status).toBe(401);
  });

  it('lists its inspection endpoints and hints with the key it was started with', async () => {
    const simulator = spawnCli(['simulator', '--port', '0', '--api-key', 'sim-key']);
    const [banner = '', url] = await waitForOutput(
      simulator,
      /listening on (http:\/\/\S+)\n[\s\S]*^ready$/m,
    );
    for (const endpoint of ['customers', 'events', 'requests']) {
      expect(banner).toContain(`GET ${url}/__simulator/${endpoint}`);
    }
    expect(banner).toContain(`POST ${url}/__simulator/reset`);
    expect(banner).toContain(`Console: ${url}/ `);
    expect(banner).toContain('--api-key sim-key');
    expect((await fetch(`${url}/`)).headers.get('content-type')).toBe('text/html; charset=utf-8');

    await fetch(`${url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: 'Bearer sim-key', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada' }),
    });
    const customers = await fetch(`${url}/__simulator/customers`);
    expect(await customers.json()).toMatchObject({ data: [{ attributes: { name: 'Ada' } }] });
  });

  it('answers 403 to a delete when started with roles that lack the delete role', async () => {
    const simulator = spawnCli([
      'simulator',
      '--port',
      '0',
      '--roles',
      'org.permission.customer.create,org.permission.customer.read',
    ]);
    const [, url] = await waitForOutput(simulator, /listening on (http:\/\/\S+)\n[\s\S]*^ready$/m);
    const headers = { authorization: 'Bearer k', 'content-type': 'application/json' };
    const created = await fetch(`${url}/v1/customers`, { method: 'POST', headers, body: '{}' });
    const { data } = (await created.json()) as { data: { id: string } };
    const refused = await fetch(`${url}/v1/customers/${data.id}`, { method: 'DELETE', headers });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ errors: [{ status: '403', code: 'forbidden' }] });
  });

  it('refuses a port that is taken with exit code 2', async () => {
    const first = spawnCli(['simulator', '--port', '0']);
    const [, port] = await waitForOutput(first, /listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const second = await runCli(['simulator', '--port', String(port)]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('already in use');
  });
});
