/**
 * The console's HTTP side, without a browser: the page and its headers, the JSON views, the
 * controls, the live stream, the masked key and the same-origin guard. The page itself is driven in
 * a real browser by test/e2e/console-browser.test.ts.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKustomerSimulator, type KustomerSimulator } from '../../../src/simulator/index.js';
import { clockAtMinuteStart } from '../../support/minute-clock.js';
import { KEY } from './helpers.js';

let simulator: KustomerSimulator;
let url: string;
const API = '/__simulator/console/api/';

const kustomer = (path: string, body?: unknown, key = KEY) =>
  fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const api = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${url}${API}${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

beforeEach(async () => {
  // Its tests count 429s of one rate window in real time.
  simulator = createKustomerSimulator({ apiKey: KEY, clock: clockAtMinuteStart() });
  ({ url } = await simulator.listen());
});
afterEach(async () => {
  await simulator.close();
});

describe('the console page', () => {
  it('is served at / with a strict content security policy, and its files under /__simulator/console/', async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    for (const [, file] of html.matchAll(
      /(?:href|src)="\/__simulator\/console\/assets\/([^"]+)"/g,
    )) {
      const asset = await fetch(`${url}/__simulator/console/assets/${file}`);
      expect(asset.status, file).toBe(200);
    }
    const missing = await fetch(`${url}/__simulator/console/assets/..%2Fhttp.ts`);
    expect(missing.status).toBe(404);
    expect(simulator.requests).toEqual([]);
  });

  it('uses no innerHTML, eval or outside resource in its scripts', async () => {
    const files = ['app.js', 'dom.js', 'customers.js', 'customer.js', 'requests.js', 'rate.js'];
    for (const file of [...files, 'controls.js']) {
      const response = await fetch(`${url}/__simulator/console/assets/${file}`);
      // The SVG namespace is a name, not a resource.
      const text = (await response.text()).replaceAll('http://www.w3.org/2000/svg', '');
      expect(text, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|eval\(|https?:\/\//);
    }
  });
});

describe('the console views', () => {
  it('pages and searches customers on the server, newest first, with their event counts', async () => {
    for (let n = 0; n < 60; n++) {
      await kustomer('/v1/customers', { name: `User ${n}`, externalId: `u-${n}` });
    }
    await kustomer('/v1/tracking/identityEvent', {
      identity: { externalId: 'u-7' },
      event: { name: 'Seen', meta: { page: 'home' } },
    });
    const first = await api('customers?limit=25');
    expect(first.body).toMatchObject({ total: 60, offset: 0, limit: 25, companies: false });
    expect((first.body.items as { name: string }[])[0]?.name).toBe('User 59');
    const found = await api('customers?q=U-7');
    expect(found.body.items).toEqual([expect.objectContaining({ externalId: 'u-7', events: 1 })]);
    const sorted = await api('customers?sort=events&limit=1');
    expect(sorted.body.items).toEqual([expect.objectContaining({ externalId: 'u-7' })]);
  });

  it("shows a company column, with the company's name, only when a customer has a company", async () => {
    const made = await kustomer('/v1/companies', { name: 'Analytical' });
    const { data: company } = (await made.json()) as { data: { id: string } };
    await kustomer('/v1/customers', { name: 'Ada', company: company.id });
    const page = await api('customers');
    expect(page.body).toMatchObject({ companies: true, items: [{ company: 'Analytical' }] });
    expect((await api('customers?q=analytical')).body.total).toBe(1);
  });

  it("gives a customer's stored resource, events in arrival order and the requests that touched it", async () => {
    const created = await kustomer('/v1/customers', { name: 'Lin', externalId: 'lin' });
    const { data } = (await created.json()) as { data: { id: string } };
    for (const name of ['First', 'Second']) {
      await kustomer('/v1/tracking/identityEvent', {
        identity: { externalId: 'lin' },
        event: { name, meta: { step: name } },
      });
    }
    await kustomer('/v1/customers/externalId=nobody');
    const detail = await api(`customers/${data.id}`);
    expect(detail.body).toMatchObject({
      customer: { type: 'customer', id: data.id, attributes: { name: 'Lin', rev: 1 } },
      events: [{ name: 'First' }, { name: 'Second' }],
      eventsTotal: 2,
    });
    const touched = (detail.body.requests as { template: string }[]).map((r) => r.template);
    expect(touched).toEqual([
      '/v1/tracking/identityEvent',
      '/v1/tracking/identityEvent',
      '/v1/customers',
    ]);
    expect((await api('customers/5c0c5e0d0000000000000999')).status).toBe(404);
  });

  it('keeps request bodies with the API key masked, and marks faults, 429s and retries', async () => {
    simulator.inject({ status: 503, times: 1 });
    await kustomer('/v1/customers', { name: `echo ${KEY}` });
    await kustomer('/v1/customers', { name: `echo ${KEY}` });
    const list = await api('requests');
    const [retry, fault] = list.body.items as Record<string, unknown>[];
    expect(fault).toMatchObject({ status: 503, fault: 'HTTP 503', retried: false, limited: false });
    expect(retry).toMatchObject({ status: 201, retried: true, template: '/v1/customers' });
    const full = await api(`requests/${String(retry?.seq)}`);
    expect(full.body).toMatchObject({ request: { headers: { authorization: 'Bearer ••••' } } });
    expect(JSON.stringify(full.body)).not.toContain(KEY);
    expect(JSON.stringify(full.body)).toContain('echo ••••');
  });

  it('counts requests per second with the 429s of the rate window apart from injected faults', async () => {
    await post('settings', { rateLimitPerMinute: 2 });
    simulator.inject({ status: 500, times: 1 });
    for (let i = 0; i < 5; i++) await kustomer('/v1/customers/externalId=x');
    const rate = await api('rate?seconds=10');
    expect(rate.body.limitPerMinute).toBe(2);
    const seconds = rate.body.seconds as { total: number; limited: number; faults: number }[];
    expect(seconds).toHaveLength(10);
    const sum = (key: 'total' | 'limited' | 'faults') => seconds.reduce((n, s) => n + s[key], 0);
    expect([sum('total'), sum('limited'), sum('faults')]).toEqual([5, 2, 1]);
  });
});

describe('the console controls', () => {
  it('change the rate limit and the fault rules, and refuse bad values', async () => {
    expect((await post('settings', { rateLimitPerMinute: 1 })).status).toBe(200);
    await kustomer('/v1/customers/externalId=a');
    expect((await kustomer('/v1/customers/externalId=a')).status).toBe(429);
    expect((await post('settings', { rateLimitPerMinute: null })).status).toBe(200);
    expect((await kustomer('/v1/customers/externalId=a')).status).toBe(404);
    expect((await post('settings', { rateLimitPerMinute: 0 })).status).toBe(400);

    const added = await post('faults', { status: 502, everyNth: 2 });
    expect(added.body.faults).toEqual([{ rule: { status: 502, everyNth: 2 }, fired: 0 }]);
    await kustomer('/v1/customers/externalId=a');
    expect((await kustomer('/v1/customers/externalId=a')).status).toBe(502);
    expect((await post('faults', { everyNth: 2 })).status).toBe(400);
    expect((await post('faults/clear', {})).body.faults).toEqual([]);
    expect((await kustomer('/v1/customers/externalId=a')).status).toBe(404);
  });

  it('take JSON only', async () => {
    const form = await fetch(`${url}${API}settings`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"rateLimitPerMinute":1}',
    });
    expect(form.status).toBe(415);
    expect((await api('summary')).body.rateLimitPerMinute).toBeNull();
  });
});

describe('the live stream', () => {
  it('sends a change event with the counts soon after a request', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${url}/__simulator/console/stream`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain('"customers":0');
    await kustomer('/v1/customers', { name: 'Ada' });
    while (!text.includes('"customers":1')) text += decoder.decode((await reader.read()).value);
    controller.abort();
  });
});

describe('same origin only', () => {
  const refused = [
    ['an Origin of another port', { origin: 'http://127.0.0.1:1' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site fetch from another port', { 'sec-fetch-site': 'same-site' }],
    ['a null Origin', { origin: 'null' }],
  ] as const;

  it.each(refused)('refuses %s on the console and inspection endpoints', async (_, headers) => {
    await kustomer('/v1/customers', { name: 'Ada' });
    for (const path of [`${API}summary`, '/__simulator/customers', '/__simulator/console/stream']) {
      const response = await fetch(`${url}${path}`, { headers });
      expect(response.status, path).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
    const reset = await fetch(`${url}/__simulator/reset`, { method: 'POST', headers });
    expect(reset.status).toBe(403);
    const limit = await post('settings', { rateLimitPerMinute: 1 }, headers);
    expect(limit.status).toBe(403);
    expect(simulator.customers).toHaveLength(1);
    expect((await api('summary')).body.rateLimitPerMinute).toBeNull();
  });

  it('accepts its own origin', async () => {
    const own = await fetch(`${url}${API}summary`, {
      headers: { origin: url, 'sec-fetch-site': 'same-origin' },
    });
    expect(own.status).toBe(200);
  });

  it('refuses a Host that is not its address (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(url);
      httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: `${API}summary`,
          headers: { host: `evil.example:${port}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });
});
