import { describe, expect, it } from 'vitest';
import { createSimulatorCore } from '../../../src/simulator/core.js';
import { answered, clockAt, errorsOf, KEY, START, sender } from './helpers.js';

describe('simulated request checks', () => {
  describe('bearer key', () => {
    it('answers 401 with an errors body when the key is missing or wrong', async () => {
      const send = sender(createSimulatorCore({ apiKey: KEY }));
      for (const key of [null, 'other-key', '']) {
        const answer = await send('GET', '/v1/customers/externalId=u', undefined, { key });
        expect(answer).toMatchObject({ status: 401 });
        expect(errorsOf(answer)[0]?.code).toBe('unauthorized');
        expect(JSON.stringify(answered(answer).json)).not.toContain(KEY);
      }
      expect(await send('GET', '/v1/customers/externalId=u')).toMatchObject({ status: 404 });
    });

    it('accepts any non-empty key when no apiKey is configured', async () => {
      const send = sender(createSimulatorCore());
      for (const key of ['anything', 'eyJhbGciOiJIUzI1NiJ9.payload.sig']) {
        const answer = await send('POST', '/v1/customers', { name: 'A' }, { key });
        expect(answer).toMatchObject({ status: 201 });
      }
      expect(await send('POST', '/v1/customers', {}, { key: null })).toMatchObject({ status: 401 });
    });
  });

  describe('rate limit', () => {
    it('counts down x-ratelimit-remaining on every response', async () => {
      const send = sender(
        createSimulatorCore({ rateLimitPerMinute: 3, clock: clockAt(() => START) }),
      );
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { headers } = answered(await send('POST', '/v1/customers', { name: `C${i}` }));
        expect(headers['x-ratelimit-limit']).toBe('3');
        expect(headers).not.toHaveProperty('x-ratelimit-reset');
        remaining.push(headers['x-ratelimit-remaining'] ?? '');
      }
      expect(remaining).toEqual(['2', '1', '0']);
    });

    it('answers 429 with x-ratelimit-reset once the window is spent, until the clock moves on', async () => {
      let now = START + 15_000;
      const send = sender(
        createSimulatorCore({ rateLimitPerMinute: 1, clock: clockAt(() => now) }),
      );
      expect(await send('GET', '/v1/customers/externalId=u')).toMatchObject({ status: 404 });

      const limited = answered(await send('GET', '/v1/customers/externalId=u'));
      expect(limited.status).toBe(429);
      expect(errorsOf(limited)[0]?.code).toBe('too_many_requests');
      expect(limited.headers).toMatchObject({
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String((START + 60_000) / 1000),
      });

      now = START + 60_000;
      const fresh = answered(await send('GET', '/v1/customers/externalId=u'));
      expect(fresh.status).toBe(404);
      expect(fresh.headers['x-ratelimit-remaining']).toBe('0');
    });

    it('sends no rate-limit headers without a configured limit', async () => {
      const send = sender(createSimulatorCore());
      const { headers } = answered(await send('GET', '/v1/customers/externalId=u'));
      expect(Object.keys(headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
    });
  });

  describe('bodies and routes', () => {
    it('answers 400 naming each field a create body gets wrong', async () => {
      const send = sender(createSimulatorCore());
      const answer = await send('POST', '/v1/customers', {
        name: 'x'.repeat(300),
        gender: 'x',
        favouriteColour: 'blue',
      });
      expect(answer).toMatchObject({ status: 400 });
      const messages = errorsOf(answer).map((e) => e.message);
      expect(messages).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^name: /),
          expect.stringMatching(/^gender: /),
          expect.stringMatching(/^body: .*favouriteColour/),
        ]),
      );
      for (const error of errorsOf(answer)) expect(error.code).toBe('bad_request');
    });

    it('answers 400 for a body that is not JSON', async () => {
      const send = sender(createSimulatorCore());
      const answer = await send('POST', '/v1/customers', undefined, { bodyText: '{"name":' });
      expect(answer).toMatchObject({ status: 400 });
      expect(errorsOf(answer)[0]).toMatchObject({ code: 'bad_request', source: { pointer: '' } });
    });

    it('answers 413 for a body over 100 KB', async () => {
      const send = sender(createSimulatorCore());
      const answer = await send('POST', '/v1/customers', { name: 'x'.repeat(101 * 1024) });
      expect(answer).toMatchObject({ status: 413 });
      expect(errorsOf(answer)[0]?.code).toBe('payload_too_large');
    });

    it('answers 404 with an errors body for a route the spec does not have', async () => {
      const send = sender(createSimulatorCore());
      for (const [method, path] of [
        ['GET', '/v1/conversations'],
        ['PUT', '/v1/customers'],
      ] as const) {
        const answer = await send(method, path);
        expect(answer).toMatchObject({ status: 404 });
        expect(errorsOf(answer)[0]?.code).toBe('not_found');
      }
    });
  });
});
