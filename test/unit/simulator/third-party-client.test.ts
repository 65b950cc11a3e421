/**
 * A client that knows Kustomer only from Kustomer's own document, talking to the simulator over
 * HTTP with plain fetch: every success parses as the document shows (./kustomer-document.ts), and
 * every error reaches the caller by status and code, read the way such clients read them
 * (`errors[].status`, `.code`, `.title`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerSimulator, type KustomerSimulator } from '../../../src/simulator/index.js';
import { clockAt, KEY, START } from './helpers.js';
import { kustomerDocumentPresent, kustomerResponseIssues } from './kustomer-document.js';

class KustomerClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    title: string,
  ) {
    super(`${status} ${code}: ${title}`);
  }
}

function thirdPartyClient(base: string, key = KEY) {
  return async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${base}/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) {
      const [first] = (json as { errors: { status: string; code: string; title: string }[] })
        .errors;
      throw new KustomerClientError(Number(first?.status), first?.code ?? '', first?.title ?? '');
    }
    const { pathname } = new URL(response.url);
    if (kustomerDocumentPresent) {
      expect(kustomerResponseIssues(method, pathname, response.status, json)).toEqual([]);
    }
    return json;
  };
}

const failure = (status: number, code: string) =>
  expect.objectContaining({ name: 'Error', status, code });

describe('a third-party Kustomer client against the simulator', () => {
  let simulator: KustomerSimulator;
  let call: ReturnType<typeof thirdPartyClient>;
  let base: string;

  beforeAll(async () => {
    if (!kustomerDocumentPresent) {
      console.warn("Kustomer's reference document is absent: answers are not checked against it");
    }
    simulator = createKustomerSimulator({ apiKey: KEY });
    ({ url: base } = await simulator.listen());
    call = thirdPartyClient(base);
  });
  afterAll(async () => {
    await simulator.close();
  });

  it('creates, reads, updates and tracks a customer, every answer as Kustomer documents it', async () => {
    const created = (await call('POST', '/customers', {
      name: 'Ada Lovelace',
      externalId: 'user-1',
      emails: [{ email: 'ada@example.com', type: 'work' }],
      phones: [{ phone: '(555) 123-4567' }],
    })) as { data: { id: string } };
    const { id } = created.data;
    for (const path of [
      `/customers/${id}`,
      '/customers/email=ada%40example.com',
      '/customers/externalId=user-1',
    ]) {
      expect(await call('GET', path)).toMatchObject({ data: { id, type: 'customer' } });
    }
    expect(await call('PUT', `/customers/${id}?replace=false`, { locale: 'en_GB' })).toMatchObject({
      data: { attributes: { locale: 'en_GB', name: 'Ada Lovelace', rev: 2 } },
    });
    expect(await call('PATCH', `/customers/${id}`, { tags: ['vip'] })).toMatchObject({
      data: { attributes: { tags: ['vip'], rev: 3 } },
    });

    const identityEvent = await call('POST', '/tracking/identityEvent', {
      identity: { externalId: 'user-1', trackingId: 't-1' },
      event: { name: 'Order-Completed', meta: { totalNum: 3 } },
    });
    expect(identityEvent).toMatchObject({
      data: { relationships: { customer: { data: { id } } }, links: { self: expect.any(String) } },
    });
    expect(await call('POST', '/tracking/event', { name: 'Clicked', trackingId: 't-1' })).toBe(
      undefined,
    );
    expect(
      await call('POST', '/tracking/identity', { email: 'ada@example.com', trackingId: 't-2' }),
    ).toMatchObject({ data: { type: 'identity', relationships: { customer: { data: { id } } } } });
    expect(simulator.events.map((e) => [e.name, e.customerId])).toEqual([
      ['Order-Completed', id],
      ['Clicked', id],
    ]);
  });

  it('surfaces 401, 400, 404 and 409 by status and code', async () => {
    await expect(
      thirdPartyClient(base, 'wrong-key')('GET', '/customers/externalId=x'),
    ).rejects.toEqual(failure(401, 'unauthorized'));
    await expect(call('POST', '/customers', { gender: 'x' })).rejects.toEqual(
      failure(400, 'bad_request'),
    );
    await expect(call('GET', '/customers/externalId=nobody')).rejects.toEqual(
      failure(404, 'not_found'),
    );
    await call('POST', '/customers', { externalId: 'taken' });
    await expect(call('POST', '/customers', { externalId: 'taken' })).rejects.toEqual(
      failure(409, 'conflict'),
    );
  });

  it('surfaces 429 by status and code once the rate budget is spent', async () => {
    const limited = createKustomerSimulator({ rateLimitPerMinute: 1, clock: clockAt(() => START) });
    const { url } = await limited.listen();
    try {
      const limitedCall = thirdPartyClient(url);
      await limitedCall('POST', '/customers', { name: 'Ada' });
      await expect(limitedCall('GET', '/customers/externalId=x')).rejects.toEqual(
        failure(429, 'too_many_requests'),
      );
    } finally {
      await limited.close();
    }
  });
});
