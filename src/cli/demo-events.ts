/**
 * The demo's sample events: the calls from RudderStack's Kustomer guide (https://github.com/rudderlabs/rudderstack-docs), a
 * deterministic generator for realistic traffic, and events Kustomer must never see.
 */
import type { RudderMessage } from '../adapter/types.js';

export interface DemoEvent {
  /** What the demo shows for this event when it is rejected. */
  label: string;
  event: RudderMessage;
  /** Whether the destination should deliver or reject it. */
  expect: 'delivered' | 'rejected';
}

const BASE_TIME = Date.parse('2026-01-05T09:00:00.000Z');
const LIBRARY = { name: 'kustomer-destination demo', version: '1.0.0' };

/**
 * The guide's identify, page, screen and track examples as RudderStack messages. The guide's
 * placeholders ("date-time", "birthday", "phone") are replaced by values of the documented type.
 */
export function seedEvents(): DemoEvent[] {
  const userId = 'seed-user';
  const context = { library: LIBRARY };
  return [
    {
      label: 'guide: identify',
      expect: 'delivered',
      event: {
        type: 'identify',
        userId,
        anonymousId: 'seed-anon',
        context,
        traits: {
          email: 'user@website.com',
          phone: '+14155550100',
          birthday: '1990-05-17T00:00:00.000Z',
          name: 'full name',
          address: { street: 'street', city: 'city', state: 'state', postalCode: 'zip' },
          userName: 'userName',
          company: 'company',
          signedUpAt: '2021-01-03T17:02:53.000Z',
          lastActivityAt: '2021-01-04T10:00:00.000Z',
          lastCustomerActivityAt: '2021-01-04T10:00:00.000Z',
          lastSeenAt: '2021-01-04T10:05:00.000Z',
          avatar: 'https://www.website.com/avatar.png',
          gender: 'gender',
          tags: ['tag1', 'tag2'],
          locale: 'en_US',
          website: 'www.website.com',
          socials: [
            {
              verified: true,
              userid: '100',
              type: 'twitter',
              username: '@twiiterHandle',
              url: 'http://twitter.com/twitterhandle',
            },
            {
              verified: false,
              userid: '200',
              type: 'facebook',
              username: 'facebookhandle',
              url: 'http://facebook.com/facebookhandle',
            },
          ],
        },
      },
    },
    {
      label: 'guide: page',
      expect: 'delivered',
      event: {
        type: 'page',
        userId,
        context,
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
      },
    },
    {
      label: 'guide: screen',
      expect: 'delivered',
      event: {
        type: 'screen',
        userId,
        context,
        name: 'Sample Screen Name',
        properties: { prop_key: 'prop_value' },
      },
    },
    {
      label: 'guide: track',
      expect: 'delivered',
      event: {
        type: 'track',
        userId,
        context,
        event: 'Checked Out',
        properties: { Clicked_Rush_delivery_Button: true, total_value: 2000, revenue: 2000 },
      },
    },
  ];
}

/** Events the destination must refuse before any request (docs/deviations.md D5). */
export function invalidEvents(): DemoEvent[] {
  return [
    {
      label: 'track without an event name',
      expect: 'rejected',
      event: { type: 'track', userId: 'user-001', properties: { plan: 'pro' } },
    },
    {
      label: 'page with neither userId nor anonymousId',
      expect: 'rejected',
      event: { type: 'page', name: 'Pricing', properties: { path: '/pricing' } },
    },
    {
      label: 'alias (not a Kustomer event type)',
      expect: 'rejected',
      event: { type: 'alias', userId: 'user-002', previousId: 'user-two' },
    },
  ];
}

/** The demo's whole set: the guide's calls, generated traffic, then the invalid events. */
export function demoEvents(count = 300): DemoEvent[] {
  const generated = [...generateEvents({ count })].map(
    (event): DemoEvent => ({
      label: `generated ${String(event.type)}`,
      event,
      expect: 'delivered',
    }),
  );
  return [...seedEvents(), ...generated, ...invalidEvents()];
}

export interface GeneratorOptions {
  /** How many events to yield. */
  count: number;
  /** How many distinct people. Default 12. */
  users?: number;
  /** PRNG seed; the same seed gives the same events. Default 1. */
  seed?: number;
  /** First value of `properties.seq` (and of the timestamps' offset). Default 1. */
  firstSeq?: number;
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Radia', 'Ken'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Perlman'];
const COMPANIES = ['Analytical Engines', 'Cobol Works', 'Bletchley Labs', 'Semaphore & Co'];
const TRACKS = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'];
const PAGES = ['Home', 'Pricing', 'Docs', 'Cart'];
const SCREENS = ['Feed', 'Profile', 'Settings'];
const PLANS = ['free', 'team', 'enterprise'];

/**
 * Deterministic RudderStack traffic for several people: each person's first event is an identify,
 * then tracks, pages and screens, with an occasional repeat identify that updates the customer.
 * Every event carries `properties.seq` (tracking events) or `traits.seq` (identifies), counting
 * from `firstSeq`, so a test can match what Kustomer received to input lines.
 */
export function* generateEvents(options: GeneratorOptions): Generator<RudderMessage> {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const people = Array.from({ length: Math.max(1, options.users ?? 12) }, (_, i) => person(i));
  const identified = new Set<number>();
  const firstSeq = options.firstSeq ?? 1;

  for (let i = 0; i < options.count; i += 1) {
    const seq = firstSeq + i;
    const index = Math.floor(random() * people.length);
    const who = people[index] as Person;
    const base = {
      userId: who.userId,
      anonymousId: who.anonymousId,
      messageId: `demo-${seq}`,
      timestamp: new Date(BASE_TIME + seq * 1000).toISOString(),
      context: { library: LIBRARY, locale: 'en-US' },
    };
    const roll = random();
    if (!identified.has(index) || roll < 0.08) {
      const first = !identified.has(index);
      identified.add(index);
      yield {
        ...base,
        type: 'identify',
        traits: first
          ? {
              seq,
              name: who.name,
              email: who.email,
              company: { id: who.companyId, name: who.company },
              createdAt: new Date(BASE_TIME - 86_400_000 * (index + 1)).toISOString(),
              tags: ['demo'],
              address: {
                street: `${index + 1} Main Street`,
                city: 'Springfield',
                postalCode: '12345',
              },
            }
          : {
              seq,
              email: who.email,
              lastSeenAt: base.timestamp,
              tags: ['demo', pick(PLANS)],
            },
      };
    } else if (roll < 0.12) {
      // The user joins a company: the group names it, its traits describe it (docs/mapping.md).
      const name = pick(COMPANIES);
      const website = `https://${slug(name)}.example.com`;
      yield { ...base, type: 'group', groupId: slug(name), traits: { seq, name, website } };
    } else if (roll < 0.6) {
      yield {
        ...base,
        type: 'track',
        event: pick(TRACKS),
        properties: { seq, plan: pick(PLANS), value: Math.round(random() * 20_000) / 100 },
      };
    } else if (roll < 0.85) {
      const page = pick(PAGES);
      yield {
        ...base,
        type: 'page',
        name: page,
        properties: { seq, path: `/${page.toLowerCase()}`, title: `${page} | Demo` },
      };
    } else {
      yield { ...base, type: 'screen', name: pick(SCREENS), properties: { seq } };
    }
  }

  function person(i: number): Person {
    const first = FIRST_NAMES[i % FIRST_NAMES.length] as string;
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length + i) % LAST_NAMES.length] as string;
    const n = String(i + 1).padStart(3, '0');
    return {
      userId: `user-${n}`,
      anonymousId: `anon-${n}`,
      name: `${first} ${last}`,
      email: `${first}.${last}.${n}@example.com`.toLowerCase(),
      company: COMPANIES[i % COMPANIES.length] as string,
      companyId: slug(COMPANIES[i % COMPANIES.length] as string),
    };
  }
}

/** A company's external id in the demo: its name in lowercase words joined by `-`. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

interface Person {
  userId: string;
  anonymousId: string;
  name: string;
  email: string;
  company: string;
  companyId: string;
}

/** A small seedable PRNG (public domain, Tommy Ettinger's mulberry32): the same stream on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
