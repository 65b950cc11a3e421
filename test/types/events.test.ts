import { describe, expectTypeOf, it } from 'vitest';
import type { IdentifyEvent, RudderEvent, TrackEvent, Traits } from '../../src/adapter/events.js';
import { mapIdentify, mapTrack } from '../../src/adapter/index.js';
import { createKustomerDestination } from '../../src/destination.js';

describe('typed RudderStack events', () => {
  it('accepts the four event types with a userId or an anonymousId', () => {
    const events: RudderEvent[] = [
      { type: 'identify', userId: 'u1', traits: { email: 'a@x.io', tags: 'vip', plan: 'gold' } },
      { type: 'track', anonymousId: 7, event: 'Order Completed', properties: { total: 20 } },
      { type: 'page', userId: 'u1', name: 'Cart' },
      { type: 'screen', userId: 'u1', anonymousId: 'a1' },
    ];
    expectTypeOf(events).toEqualTypeOf<RudderEvent[]>();
  });

  it('refuses a misspelt type, a track without event and an event without ids', () => {
    // @ts-expect-error: 'identfy' is not an event type
    const misspelt: RudderEvent = { type: 'identfy', userId: 'u1' };
    // @ts-expect-error: a track needs its event name
    const unnamed: TrackEvent = { type: 'track', userId: 'u1' };
    // @ts-expect-error: an event needs a userId or an anonymousId
    const anonymous: IdentifyEvent = { type: 'identify', traits: {} };
    expectTypeOf([misspelt, unnamed, anonymous]).not.toBeNever();
  });

  it('are what the mappers take', () => {
    const track: TrackEvent = { type: 'track', userId: 'u1', event: 'Viewed' };
    const identify: IdentifyEvent = { type: 'identify', userId: 'u1' };
    expectTypeOf(mapTrack).toBeCallableWith(track);
    expectTypeOf(mapIdentify).toBeCallableWith(identify);
  });
});

describe('the destination takes typed events', () => {
  it('refuses a misspelt type and a track without event in send, sendBatch and plan', () => {
    const destination = createKustomerDestination({ apiKey: 'k' });
    const check = () => {
      // @ts-expect-error: 'identfy' is not an event type
      void destination.send({ type: 'identfy', userId: 'u1' });
      // @ts-expect-error: a track needs its event name
      void destination.sendBatch([{ type: 'track', userId: 'u1' }]);
      // @ts-expect-error: a page needs a userId or an anonymousId
      void destination.plan({ type: 'page', name: 'Home' });
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf(destination.send).toBeCallableWith({ type: 'track', userId: 'u1', event: 'Paid' });
  });
});

describe('Traits, typed from the identify mapping', () => {
  it('offers every trait the mapping reads, with what its rule takes', () => {
    const traits: Traits = {
      name: 'Ada',
      first_name: 'Ada',
      lastname: 'Lovelace',
      emails: ['a@x.io', { type: 'work', email: 'b@x.io', verified: 'true' }],
      phones: '+1 555 0100',
      whatsapps: [{ phone: '+15550100', type: 'mobile' }],
      socials: [{ type: 'twitter', username: 'ada' }],
      facebookIds: [{ pageId: 'p', userId: 'u' }],
      instagramIds: [{ pageId: 'p', threadId: 't', username: 'ada' }],
      sentiment: { polarity: 1, confidence: '0.5' },
      signedUpAt: 1_700_000_000,
      tags: ['vip', 7],
      rev: '3',
      company: { name: 'Acme', id: 42 },
      customObject: { planStr: 'gold' },
      anything: { else: true },
    };
    expectTypeOf(traits).toMatchTypeOf<Traits>();
  });

  it('refuses a value no rule takes', () => {
    // @ts-expect-error: sentiment is an object with a polarity
    const sentiment: Traits = { sentiment: 'happy' };
    // @ts-expect-error: a WhatsApp number is text
    const whatsapps: Traits = { whatsapps: [{ phone: { number: 1 } }] };
    // @ts-expect-error: a date is a string or an epoch number
    const signedUpAt: Traits = { signedUpAt: true };
    // @ts-expect-error: a name part is text
    const firstname: Traits = { firstname: ['Ada'] };
    expectTypeOf([sentiment, whatsapps, signedUpAt, firstname]).not.toBeNever();
  });
});
