import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { identify, track } from '../support/events.js';

const simulator = createKustomerSimulator({ strict: true });
const server = setupServer(...simulator.handlers);
const hosts: string[] = [];
server.events.on('request:start', ({ request }) => {
  hosts.push(new URL(request.url).host);
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  simulator.reset();
  hosts.length = 0;
});
afterAll(() => server.close());

describe.each([
  ['the US region', { region: 'us' as const }, 'api.kustomerapp.com'],
  ['the EU region', { region: 'eu' as const }, 'api.prod2.kustomerapp.com'],
  ['the India region', { region: 'in' as const }, 'api.prod4.kustomerapp.com'],
  ['an organisation host', { orgName: 'acme' }, 'acme.api.kustomerapp.com'],
])('delivery to %s', (_, location, host) => {
  it('sends lookups, creates, updates and tracking to the same host', async () => {
    const dest = createKustomerDestination({ apiKey: 'k', ...location });
    await dest.send(identify('u1'));
    await createKustomerDestination({ apiKey: 'k', ...location }).send(identify('u1'));
    await dest.send(track('u1', 'Signed-Up'));
    expect(new Set(hosts)).toEqual(new Set([host]));
    expect(simulator.requests.map((r) => r.method)).toContain('PUT');
  });
});
