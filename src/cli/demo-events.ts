/**
 * The demo's sample events: the calls from RudderStack's Kustomer guide
 * (https://github.com/rudderlabs/rudderstack-docs), a deterministic generator of realistic traffic,
 * and events Kustomer must never see.
 */
import { readFileSync } from 'node:fs';
import type { RudderMessage } from '../adapter/types.js';

export interface DemoEvent {
  /** What the demo shows for this event when it is rejected. */
  label: string;
  event: RudderMessage;
  expect: 'delivered' | 'rejected';
}

const BASE_TIME = Date.parse('2026-01-05T09:00:00.000Z');
const LIBRARY = { name: 'kustomer-destination demo', version: '1.0.0' };
const CONTEXT = { library: LIBRARY, locale: 'en-US' };

/**
 * The fixed samples (demo-events.json, beside this module in src/ and dist/): the guide's identify,
 * page, screen and track examples, its placeholders ("date-time", "birthday", "phone") replaced by
 * values of the documented type (`@twiiterHandle` is the guide's own spelling), then the events the
 * destination must refuse before any request (docs/deviations.md D5).
 */
function sampleEvents(): DemoEvent[] {
  return JSON.parse(readFileSync(new URL('./demo-events.json', import.meta.url), 'utf8'));
}

/** The demo's whole set: the guide's calls, generated traffic, then the invalid events. */
export function demoEvents(count = 300): DemoEvent[] {
  const generated = [...generateEvents({ count })].map(
    (event): DemoEvent => ({ label: `generated ${event.type}`, expect: 'delivered', event }),
  );
  const samples = sampleEvents();
  const guide = samples.filter((e) => e.expect === 'delivered');
  return [...guide, ...generated, ...samples.filter((e) => e.expect === 'rejected')];
}

export interface GeneratorOptions {
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
 * Deterministic traffic for several people: each person's first event is an identify, then tracks,
 * pages, screens and groups, with an occasional repeat identify that updates the customer. Every
 * event carries `seq` (in `traits` for identifies and groups, else in `properties`), counting from
 * `firstSeq`, so a test can match what Kustomer received to input lines.
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
    const { userId, anonymousId, ...who } = people[index] as ReturnType<typeof person>;
    const timestamp = new Date(BASE_TIME + seq * 1000).toISOString();
    const base = { userId, anonymousId, messageId: `demo-${seq}`, timestamp, context: CONTEXT };
    const roll = random();
    if (!identified.has(index)) {
      identified.add(index);
      const { name, email, company, createdAt, address } = who;
      const traits = { seq, name, email, company, createdAt, tags: ['demo'], address };
      yield { ...base, type: 'identify', traits };
    } else if (roll < 0.08) {
      const traits = { seq, email: who.email, lastSeenAt: timestamp, tags: ['demo', pick(PLANS)] };
      yield { ...base, type: 'identify', traits };
    } else if (roll < 0.12) {
      // The user joins a company: the group names it, its traits describe it (docs/mapping.md).
      const name = pick(COMPANIES);
      const website = `https://${slug(name)}.example.com`;
      yield { ...base, type: 'group', groupId: slug(name), traits: { seq, name, website } };
    } else if (roll < 0.6) {
      const event = pick(TRACKS);
      const properties = { seq, plan: pick(PLANS), value: Math.round(random() * 20_000) / 100 };
      yield { ...base, type: 'track', event, properties };
    } else if (roll < 0.85) {
      const page = pick(PAGES);
      const properties = { seq, path: `/${page.toLowerCase()}`, title: `${page} | Demo` };
      yield { ...base, type: 'page', name: page, properties };
    } else {
      yield { ...base, type: 'screen', name: pick(SCREENS), properties: { seq } };
    }
  }
}

function person(i: number) {
  const first = FIRST_NAMES[i % FIRST_NAMES.length] as string;
  const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length + i) % LAST_NAMES.length] as string;
  const n = String(i + 1).padStart(3, '0');
  const company = COMPANIES[i % COMPANIES.length] as string;
  return {
    userId: `user-${n}`,
    anonymousId: `anon-${n}`,
    name: `${first} ${last}`,
    email: `${first}.${last}.${n}@example.com`.toLowerCase(),
    company: { id: slug(company), name: company },
    createdAt: new Date(BASE_TIME - 86_400_000 * (i + 1)).toISOString(),
    address: { street: `${i + 1} Main Street`, city: 'Springfield', postalCode: '12345' },
  };
}

/** A company's external id in the demo: its name in lowercase words joined by `-`. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
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
