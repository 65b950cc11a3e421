/**
 * A stream of users in companies (issue 21's "done when"): every user joins a company by a group,
 * then, in a seeded random interleaving that keeps each user's order, sends tracks, identifies with
 * and without `traits.company` (`{ id, name }`, `{ name }`, a bare name) and groups: users change
 * companies and re-join earlier ones. `latest` is the company each user must end up linked to.
 */
import type { RudderEvent } from '../../src/adapter/events.js';
import { seededRandom } from '../../src/cli/demo-events.js';

export interface CompanyStream {
  /** Every user's first group, one per user: run first, so that every company exists. */
  joins: RudderEvent[];
  /** The rest, interleaved across users, each user's events in order. */
  rest: RudderEvent[];
  /** userId → the external id of the company the user's customer must be linked to. */
  latest: Map<string, string>;
  /** Tracking events in the stream. */
  tracks: number;
  companies: string[];
}

const companyName = (externalId: string) => `Company ${externalId.toUpperCase()}`;

export function companyStream(users = 200, companies = 20, seed = 21): CompanyStream {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const ids = Array.from({ length: companies }, (_, i) => `co-${String(i).padStart(2, '0')}`);
  const latest = new Map<string, string>();
  const joins: RudderEvent[] = [];
  const queues: RudderEvent[][] = [];
  let tracks = 0;
  for (let u = 0; u < users; u++) {
    const userId = `user-${String(u).padStart(3, '0')}`;
    const first = ids[u % companies] as string;
    joins.push(group(userId, first));
    latest.set(userId, first);
    const queue: RudderEvent[] = [];
    for (let n = 0; n < 6; n++) {
      const roll = random();
      const company = pick(ids);
      if (roll < 0.3) {
        queue.push({ type: 'track', userId, event: 'Order Completed', properties: { n } });
        tracks++;
        continue;
      }
      if (roll < 0.5) {
        // An identify naming no company: the customer keeps the one it has (D20).
        queue.push(identify(userId, { name: `User ${u} v${n}` }));
        continue;
      }
      latest.set(userId, company);
      if (roll < 0.7) queue.push(group(userId, company));
      else if (roll < 0.8)
        queue.push(identify(userId, { company: { id: company, name: companyName(company) } }));
      else if (roll < 0.9)
        queue.push(identify(userId, { company: { name: companyName(company) } }));
      else queue.push(identify(userId, { company: companyName(company) }));
    }
    queues.push(queue);
  }
  const rest: RudderEvent[] = [];
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    rest.push(pick(open).shift() as RudderEvent);
  }
  return { joins, rest, latest, tracks, companies: ids };
}

function group(userId: string, company: string): RudderEvent {
  return { type: 'group', userId, groupId: company, traits: { name: companyName(company) } };
}

function identify(userId: string, traits: Record<string, unknown>): RudderEvent {
  return { type: 'identify', userId, traits: { email: `${userId}@example.com`, ...traits } };
}
