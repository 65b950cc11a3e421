/** Small RudderStack events for delivery tests. */
import type {
  GroupEvent,
  IdentifyEvent,
  PageEvent,
  RudderEvent,
  ScreenEvent,
  TrackEvent,
} from '../../src/adapter/events.js';

export const identify = (userId: string, traits: Record<string, unknown> = {}): IdentifyEvent => ({
  type: 'identify',
  userId,
  anonymousId: `anon-${userId}`,
  traits: { email: `${userId}@example.com`, ...traits },
});

export const track = (
  userId: string,
  event: string,
  properties: Record<string, unknown> = {},
): TrackEvent => ({ type: 'track', userId, event, properties });

export const group = (
  userId: string,
  groupId: string,
  traits: Record<string, unknown> = {},
): GroupEvent => ({ type: 'group', userId, groupId, traits });

const page = (userId: string, name: string): PageEvent => ({ type: 'page', userId, name });

const screen = (userId: string, name: string): ScreenEvent => ({
  type: 'screen',
  userId,
  name,
});

/**
 * A deterministic mix: every user is identified first, then sends tracks, pages and screens, and
 * some identify again with a new name. Returns the events in delivery order.
 */
export function mixedEvents(count: number, users: number): RudderEvent[] {
  const events: RudderEvent[] = [];
  for (let u = 0; u < users && events.length < count; u++) {
    events.push(identify(`user-${u}`, { name: `User ${u} v0` }));
  }
  let n = 0;
  while (events.length < count) {
    const u = (n * 7919) % users;
    const userId = `user-${u}`;
    switch (n % 5) {
      case 0:
        events.push(identify(userId, { name: `User ${u} v${n}` }));
        break;
      case 1:
        events.push(page(userId, `Page-${n}`));
        break;
      case 2:
        events.push(screen(userId, `Screen-${n}`));
        break;
      default:
        events.push(track(userId, `Event-${n}`, { step: n, label: `n${n}` }));
    }
    n++;
  }
  return events;
}

/** An input the types would refuse, for tests of the run-time checks that JavaScript and JSON input get. */
export const untyped = (event: unknown): RudderEvent => event as RudderEvent;
