/**
 * A realistic, reproducible event stream: a fixed number of users seen again and again (uniformly),
 * 20% identify and the rest track, page and screen. A slice of the users already exist at Kustomer
 * with nothing but their email (say from a support conversation): 10% of the users, so about 10%
 * of the identifies are theirs (a little more, since such a user's first event is always an
 * identify: they sign in).
 * Seeded, so every run and both sides of a comparison see the same stream.
 */

import { seededRandom } from '../src/cli/demo-events.js';
import type { RudderEvent } from '../src/index.js';

export interface StreamShape {
  events: number;
  users: number;
  /** Share of events that are identifies. Default 0.2. */
  identifyShare?: number;
  /** Share of identifies that belong to users Kustomer knows by email only. Default 0.1. */
  emailOnlyShare?: number;
  seed?: number;
}

export const emailOf = (user: number): string => `user${user}@example.com`;
export const userIdOf = (user: number): string => `u-${user}`;

/** The users Kustomer already knows by email only: the first ones, `emailOnlyShare` of them. */
export function emailOnlyUsers(shape: StreamShape): number[] {
  const count = Math.round(shape.users * (shape.emailOnlyShare ?? 0.1));
  return Array.from({ length: count }, (_, user) => user);
}

const TRACK_NAMES = ['Order Completed', 'Product Viewed', 'Cart Updated', 'Coupon Applied'];
const PAGE_NAMES = ['Home', 'Pricing', 'Cart', 'Docs'];
const SCREEN_NAMES = ['Checkout', 'Settings', 'Feed'];
const nth = (names: readonly string[], i: number): string => names[i % names.length] ?? 'Viewed';

const context = {
  app: { name: 'RudderLabs JavaScript SDK', build: '1.0.0', version: '1.1.11' },
  library: { name: 'RudderLabs JavaScript SDK', version: '1.1.11' },
  locale: 'en-US',
  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.16; rv:84.0) Gecko/20100101 Firefox/84.0',
};

/** The events, one at a time: a million of them never sit in memory together. */
export function* streamEvents(shape: StreamShape): Generator<RudderEvent> {
  const random = seededRandom(shape.seed ?? 12);
  const identifyShare = shape.identifyShare ?? 0.2;
  const emailOnly = emailOnlyUsers(shape).length;
  const seen = new Uint8Array(shape.users);
  for (let i = 0; i < shape.events; i++) {
    const user = Math.floor(random() * shape.users);
    const first = seen[user] === 0;
    seen[user] = 1;
    const pick = random();
    const common = {
      userId: userIdOf(user),
      anonymousId: `anon-${user}`,
      messageId: `m-${i}`,
      originalTimestamp: new Date(1_700_000_000_000 + i * 1_000).toISOString(),
      context,
    };
    if ((first && user < emailOnly) || pick < identifyShare) {
      yield {
        ...common,
        type: 'identify',
        traits: {
          email: emailOf(user),
          name: `User ${user}`,
          phone: `+1555${String(user).padStart(7, '0')}`,
          createdAt: '2024-04-17T12:37:42.146Z',
          plan: i % 3 === 0 ? 'pro' : 'free',
        },
      };
    } else if (pick < identifyShare + 0.5) {
      yield {
        ...common,
        type: 'track',
        event: nth(TRACK_NAMES, i),
        properties: { revenue: (i % 97) + 0.5, currency: 'USD', sku: `sku-${i % 40}` },
      };
    } else if (pick < identifyShare + 0.7) {
      yield {
        ...common,
        type: 'page',
        name: nth(PAGE_NAMES, i),
        properties: { path: `/p/${i % 50}`, referrer: '', title: 'Page' },
      };
    } else {
      yield { ...common, type: 'screen', name: nth(SCREEN_NAMES, i) };
    }
  }
}
