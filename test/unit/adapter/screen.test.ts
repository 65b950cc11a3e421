import { describe, expect, it } from 'vitest';
import { mapScreen } from '../../../src/adapter/tracking.js';
import type { MapperOptions, RudderMessage } from '../../../src/adapter/types.js';
import { InvalidEventError } from '../../../src/errors.js';
import { loadKustomerSpec } from '../../../src/simulator/openapi.js';

const spec = loadKustomerSpec();

function screen(event: Partial<RudderMessage>, options?: MapperOptions) {
  const plan = mapScreen({ type: 'screen', userId: 'u1', ...event }, options);
  expect(spec.validate('IdentityEventBody', plan.body)).toEqual([]);
  return plan;
}

describe('mapScreen: the seed document example', () => {
  it('maps screen:@"Sample Screen Name" properties:@{@"prop_key": @"prop_value"}', () => {
    expect(screen({ name: 'Sample Screen Name', properties: { prop_key: 'prop_value' } })).toEqual({
      type: 'screen',
      userKey: 'u1',
      body: {
        identity: { externalId: 'u1' },
        event: { name: 'Screen-Viewed-Sample-Screen-Name', meta: { prop_key: 'prop_value' } },
      },
      warnings: [],
      notSent: [],
    });
  });
});

describe('mapScreen', () => {
  it('prefers the message event over its name, as RudderStack does', () => {
    expect(screen({ event: 'Test-Event-Screen', name: 'Other' }).body.event.name).toBe(
      'Screen-Viewed-Test-Event-Screen',
    );
  });

  it('is Screen-Viewed without a name, or with genericScreen', () => {
    expect(screen({}).body.event.name).toBe('Screen-Viewed');
    expect(screen({ name: 'Home' }, { genericScreen: true }).body.event.name).toBe('Screen-Viewed');
  });

  it('takes the session id from context.sessionId and keeps the date-time meta as a string', () => {
    const plan = screen({
      context: { sessionId: 'hsad522' },
      properties: {
        hasAccount: 'true',
        YearSelectedNum: 1801,
        originalServing: '2021-01-25T15:32:56.409Z',
      },
    });
    expect(plan.body.event).toEqual({
      name: 'Screen-Viewed',
      sessionId: 'hsad522',
      meta: {
        hasAccount: 'true',
        YearSelectedNum: 1801,
        originalServing: '2021-01-25T15:32:56.409Z',
      },
    });
  });

  it('adds At to date-time keys with advancedTransform', () => {
    expect(
      screen(
        { properties: { originalServing: '2021-01-25T15:32:56.409Z' } },
        { advancedTransform: true },
      ).body.event.meta,
    ).toEqual({
      originalServingAt: '2021-01-25T15:32:56.409Z',
    });
  });

  it('rejects an event of another type', () => {
    expect(() => mapScreen({ type: 'identify', userId: 'u1' })).toThrow(InvalidEventError);
  });
});
