import { describe, expect, it } from 'vitest';
import { mapPage } from '../../../src/adapter/tracking.js';
import type { MapperOptions, RudderMessage } from '../../../src/adapter/types.js';
import { InvalidEventError } from '../../../src/errors.js';
import { loadKustomerSpec } from '../../../src/simulator/openapi.js';

const spec = loadKustomerSpec();

function page(event: Partial<RudderMessage>, options?: MapperOptions) {
  const plan = mapPage({ type: 'page', userId: 'u1', ...event }, options);
  expect(spec.validate('IdentityEventBody', plan.body)).toEqual([]);
  return plan;
}

describe('mapPage: the seed document example', () => {
  it('maps rudderanalytics.page("Cart", "Cart Viewed", {...}) with the session and tracking ids', () => {
    const plan = page({
      category: 'Cart',
      name: 'Cart Viewed',
      properties: {
        path: '/cart',
        referrer: 'test.com',
        search: 'term',
        title: 'test_item',
        url: 'http://test.in',
        kustomer_session_id: 'kSession',
        kustomer_tracking_id: 'ktracking',
      },
    });
    expect(plan).toEqual({
      type: 'page',
      userKey: 'u1',
      body: {
        identity: { externalId: 'u1' },
        event: {
          name: 'Web-Page-Viewed-Cart-Viewed',
          sessionId: 'kSession',
          trackingId: 'ktracking',
          meta: {
            path: '/cart',
            referrer: 'test.com',
            search: 'term',
            title: 'test_item',
            url: 'http://test.in',
          },
        },
      },
      warnings: [],
      notSent: [],
    });
  });
});

describe('mapPage', () => {
  it('takes the name from event, properties.event, name, then properties.name', () => {
    const all = { event: 'E1', name: 'N1', properties: { event: 'PE', name: 'PN' } };
    expect(page(all).body.event.name).toBe('Web-Page-Viewed-E1');
    expect(page({ name: 'N1', properties: { event: 'PE', name: 'PN' } }).body.event.name).toBe(
      'Web-Page-Viewed-PE',
    );
    expect(page({ name: 'N1', properties: { name: 'PN' } }).body.event.name).toBe(
      'Web-Page-Viewed-N1',
    );
    expect(page({ properties: { name: 'PN' } }).body.event.name).toBe('Web-Page-Viewed-PN');
  });

  it('is Web-Page-Viewed without a name, or with genericPage', () => {
    expect(page({}).body.event.name).toBe('Web-Page-Viewed');
    expect(page({ name: 'Cart' }, { genericPage: true }).body.event.name).toBe('Web-Page-Viewed');
  });

  it('cleans the name without HTML-escaping it (D4)', () => {
    expect(page({ name: 'A & B' }).body.event.name).toBe('Web-Page-Viewed-A-B');
    expect(page({ name: '!!!' }).body.event.name).toBe('Web-Page-Viewed');
    expect(page({ name: 'x'.repeat(400) }).body.event.name).toHaveLength(255);
  });

  it('uses a numeric name and ignores a name that is not text', () => {
    expect(page({ name: 404 }).body.event.name).toBe('Web-Page-Viewed-404');
    const plan = page({ name: { a: 1 } });
    expect(plan.body.event.name).toBe('Web-Page-Viewed');
    expect(plan.warnings).toEqual([
      'name (an object) is not a string (the event is named Web-Page-Viewed): dropped',
    ]);
  });

  it('rejects an event of another type', () => {
    expect(() => mapPage({ type: 'screen', userId: 'u1' })).toThrow(InvalidEventError);
  });
});
