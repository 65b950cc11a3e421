import { describe, expect, it } from 'vitest';
import { mapTrack } from '../../../src/adapter/tracking.js';
import type { MapperOptions, RudderMessage } from '../../../src/adapter/types.js';
import { InvalidEventError } from '../../../src/errors.js';
import { loadKustomerSpec } from '../../../src/simulator/openapi.js';

const spec = loadKustomerSpec();

function track(event: Partial<RudderMessage>, options?: MapperOptions) {
  const plan = mapTrack({ type: 'track', userId: 'u1', event: 'Clicked', ...event }, options);
  expect(spec.validate('IdentityEventBody', plan.body)).toEqual([]);
  return plan;
}

describe('mapTrack: the seed document example', () => {
  const checkedOut = {
    event: 'Checked Out',
    properties: { Clicked_Rush_delivery_Button: true, total_value: 2000, revenue: 2000 },
  };

  it('names the event after the track, made valid (D4), and drops the boolean without advancedTransform (D3)', () => {
    expect(track(checkedOut, {})).toEqual({
      type: 'track',
      userKey: 'u1',
      body: {
        identity: { externalId: 'u1' },
        event: { name: 'Checked-Out', meta: { total_value: 2000, revenue: 2000 } },
      },
      warnings: ['properties.Clicked_Rush_delivery_Button true is not a number or string: dropped'],
      notSent: [],
    });
  });

  it('converts the same call with advancedTransform as RudderStack does', () => {
    expect(track(checkedOut, { advancedTransform: true }).body).toEqual({
      identity: { externalId: 'u1' },
      event: {
        name: 'Checked-Out',
        meta: { Clicked_Rush_delivery_Button: 'true', total_valueNum: 2000, revenueNum: 2000 },
      },
    });
  });
});

describe('mapTrack', () => {
  it('uses the event name as is when Kustomer accepts it', () => {
    expect(track({ event: 'Tracking-Weekender2' }).body.event.name).toBe('Tracking-Weekender2');
  });

  it('makes names valid: whitespace to -, invalid characters removed, leading non-letters dropped, cut to 255 (D4)', () => {
    expect(track({ event: '  Order  Completed! ' }).body.event.name).toBe('Order-Completed');
    expect(track({ event: '1st Purchase' }).body.event.name).toBe('st-Purchase');
    expect(track({ event: 'A & B <c>' }).body.event.name).toBe('A-B-c');
    expect(track({ event: `E${'x'.repeat(300)}` }).body.event.name).toHaveLength(255);
  });

  it("sends RudderStack's e-commerce event names made valid, without a warning (D4)", () => {
    // https://www.rudderstack.com/docs/event-spec/ecommerce-events-spec/
    const names = [
      'Products Searched',
      'Product List Viewed',
      'Product Added to Wishlist',
      'Checkout Step Completed',
      'Order Completed',
      'Coupon Applied',
    ];
    for (const event of names) {
      const plan = track({ event, properties: { order_id: 'o1', total: 20, currency: 'USD' } });
      expect(plan.body.event.name).toBe(event.replaceAll(' ', '-'));
      expect(plan.warnings).toEqual([]);
    }
  });

  it('never HTML-escapes names (D4)', () => {
    expect(track({ event: "Bob's = done" }).body.event.name).toBe('Bobs-done');
  });

  it('takes identity.externalId from userId, else anonymousId, never null (D5)', () => {
    expect(track({ userId: undefined, anonymousId: 'anon' }).body.identity).toEqual({
      externalId: 'anon',
    });
  });

  it('moves the kustomer session and tracking ids out of meta', () => {
    const plan = track({
      properties: {
        kustomer_session_id: 's1',
        kustomerSessionId: 's0',
        kustomer_tracking_id: 't1',
        a: 1,
      },
    });
    expect(plan.body.event).toEqual({
      name: 'Clicked',
      sessionId: 's0',
      trackingId: 't1',
      meta: { a: 1 },
    });
  });

  it('falls back to context.sessionId, numbers included', () => {
    expect(track({ context: { sessionId: 1700000000 } }).body.event.sessionId).toBe('1700000000');
  });

  it('sends no meta when no property survives', () => {
    expect(track({ properties: { kustomerTrackingId: 't' } }).body.event).toEqual({
      name: 'Clicked',
      trackingId: 't',
    });
    expect(track({}).body.event).toEqual({ name: 'Clicked' });
  });

  it('warns about properties that are not an object', () => {
    expect(track({ properties: ['a'] }).warnings).toEqual([
      'properties (an array) is not an object: dropped',
    ]);
  });

  it('sets identity.email with setIdentityEmail when the email is valid (D6)', () => {
    const event = { traits: { email: 'a@x.io' }, properties: { email: 'p@x.io', n: 1 } };
    expect(track(event, { setIdentityEmail: true }).body.identity).toEqual({
      externalId: 'u1',
      email: 'a@x.io',
    });
    expect(
      track({ properties: { email: 'p@x.io' } }, { setIdentityEmail: true }).body.identity.email,
    ).toBe('p@x.io');
    const bad = track({ context: { traits: { email: 'nope' } } }, { setIdentityEmail: true });
    expect(bad.body.identity).toEqual({ externalId: 'u1' });
    expect(bad.warnings).toEqual([
      'context.traits.email "nope" is not an email address of at most 256 characters: dropped',
    ]);
  });

  it('never takes the email from context.externalId (D6)', () => {
    const plan = track(
      { context: { externalId: [{ type: 'kustomerId', id: 'k@x.io' }] } },
      { setIdentityEmail: true },
    );
    expect(plan.body.identity).toEqual({ externalId: 'u1' });
  });

  it('removes email from meta with setIdentityEmail and disableEmailAsTrackingProperty', () => {
    const properties = { email: 'a@x.io', n: 1 };
    expect(track({ properties }, { setIdentityEmail: true }).body.event.meta).toEqual(properties);
    const both = { setIdentityEmail: true, disableEmailAsTrackingProperty: true };
    expect(track({ properties }, both).body.event.meta).toEqual({ n: 1 });
    expect(track({ properties }, { disableEmailAsTrackingProperty: true }).body.event.meta).toEqual(
      properties,
    );
  });

  it('does not crash when both email options are on and there are no properties (RudderStack quirk 8)', () => {
    expect(
      track({}, { setIdentityEmail: true, disableEmailAsTrackingProperty: true }).body.event,
    ).toEqual({
      name: 'Clicked',
    });
  });

  it('never mutates the input', () => {
    const event = Object.freeze({
      type: 'track',
      userId: 'u1',
      event: 'Clicked',
      properties: Object.freeze({ kustomerSessionId: 's', a: 1 }),
    });
    const plan = mapTrack(event, { advancedTransform: true });
    expect(event.properties).toEqual({ kustomerSessionId: 's', a: 1 });
    expect(plan.body.event.meta).not.toBe(event.properties);
  });

  it('rejects events of another type and tracks without a name', () => {
    expect(() => mapTrack({ type: 'page', userId: 'u1' })).toThrow(InvalidEventError);
    expect(() => mapTrack({ type: 'track', userId: 'u1' })).toThrow(/no event name/);
  });
});
