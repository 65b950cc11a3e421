import { describe, expect, it } from 'vitest';
import { createSimulatorCore } from '../../../src/simulator/core.js';
import { errorsOf, sender } from './helpers.js';

/** Phone numbers as people write them, which Kustomer takes. */
const PHONES: [string, string, unknown][] = [
  [
    'a phone number written with brackets',
    '/v1/customers',
    { phones: [{ phone: '(555) 123-4567' }] },
  ],
  [
    'a WhatsApp number with a slash',
    '/v1/customers',
    { whatsapps: [{ phone: '+44 7700/900123' }] },
  ],
];

/** Requests Kustomer's own document accepts that this package's strict spec refuses. */
const KUSTOMER_ACCEPTS: [string, string, unknown][] = [
  [
    'an avatar URL of 3,000 characters',
    '/v1/customers',
    { avatarUrl: `https://example.com/${'a'.repeat(3000)}` },
  ],
  [
    'a location name of 300 characters',
    '/v1/customers',
    { locations: [{ name: 'n'.repeat(300) }] },
  ],
  ['a revision that is not an integer', '/v1/customers', { rev: 1.5 }],
  ['a date-time with a ±hhmm offset', '/v1/customers', { signedUpAt: '2026-01-05T12:00:00+0100' }],
  [
    'identity tags with a leading space',
    '/v1/tracking/identity',
    { externalId: 'u', tags: [' vip'] },
  ],
  [
    'an empty identity externalId and event trackingId',
    '/v1/tracking/identityEvent',
    { identity: { externalId: '' }, event: { name: 'Clicked', trackingId: '' } },
  ],
];

describe('request checking', () => {
  describe('by default, as Kustomer checks', () => {
    const send = sender(createSimulatorCore());
    it.each([...PHONES, ...KUSTOMER_ACCEPTS])('accepts %s', async (_what, path, body) => {
      const answer = await send('POST', path, body);
      expect(answer).toMatchObject({ status: 201 });
    });

    it('still refuses what Kustomer refuses, naming the field', async () => {
      const answer = await send('POST', '/v1/customers', {
        name: 'n'.repeat(300),
        tags: [' vip'],
        phones: [{ phone: 'call me' }],
      });
      expect(answer).toMatchObject({ status: 400 });
      expect(errorsOf(answer).map((e) => e.source?.pointer)).toEqual(
        expect.arrayContaining(['/name', '/tags/0', '/phones/0/phone']),
      );
    });
  });

  describe('with strict: true, as the package spec checks', () => {
    const send = sender(createSimulatorCore({ strict: true }));
    it.each(KUSTOMER_ACCEPTS)('refuses %s', async (_what, path, body) => {
      const answer = await send('POST', path, body);
      expect(answer).toMatchObject({ status: 400 });
      for (const error of errorsOf(answer)) {
        expect(error).toMatchObject({
          code: 'bad_request',
          source: { pointer: expect.any(String) },
        });
      }
    });
  });
});
