/**
 * One user's identifies and groups of one processor call, resolved together (docs/deviations.md
 * D8): the companies they name first (docs/rudder-contract.md, "Group events and companies"), then
 * the customer, found once; then each event's writes, in input order, every customer write carrying
 * the company the customer is linked to at that point of the stream (docs/deviations.md D20).
 */
import type {
  CompanyReference,
  CustomerLookup,
  MappedGroup,
  MappedIdentify,
} from '../adapter/types.js';
import { describeCall } from '../client/calls.js';
import type { CallOptions, KustomerClient } from '../client/types.js';
import type { CompanyDirectory } from '../delivery/companies.js';
import { lookupCustomer } from '../delivery/execute.js';
import { decideIdentify, identifyDecision, updateCall } from '../delivery/identity.js';
import { type Link, withCompany } from '../delivery/upsert.js';
import type { CustomerBody } from '../payloads.js';
import type { TransformerConfig } from './config.js';
import type { CustomerMemory } from './customer-memory.js';
import { type RudderCall, toRudderRequest } from './request.js';
import type { RudderRequest } from './types.js';

/** An identify or a group of the user, by its input index. */
export interface Member {
  index: number;
  /** The customer body: an identify's, or a group's `{ externalId }`. */
  body: CustomerBody;
  group?: MappedGroup;
  reference?: CompanyReference;
}

/** A user's members for one (apiKey, base), or the members naming one customer by kustomerId. */
export interface UserEvents {
  config: TransformerConfig;
  userKey: string;
  /** The customer `context.externalId[type=kustomerId]` names: updated with no lookup. */
  named: string | undefined;
  members: Member[];
  lookups: CustomerLookup[];
}

/** What each member comes to: its writes (company updates first), or a place in the leader's create. */
export type MemberWrites =
  | { index: number; requests: RudderRequest[]; merged?: number[] }
  | { index: number; mergedInto: number };

export function memberOf(index: number, plan: MappedIdentify | MappedGroup): Member {
  if (plan.type === 'group') return { index, body: { externalId: plan.userKey }, group: plan };
  const member: Member = { index, body: plan.body };
  if (plan.company !== undefined) member.reference = plan.company;
  return member;
}

export interface Resolving {
  client: KustomerClient;
  companies: CompanyDirectory;
  memory: CustomerMemory | undefined;
  options: CallOptions;
}

/** The user's writes, one entry per member, in input order; throws when a lookup fails. */
export async function resolveUser(user: UserEvents, r: Resolving): Promise<MemberWrites[]> {
  const { config, members } = user;
  const { client } = r;
  const baseUrl = config.baseUrl;
  const request = (call: RudderCall) => toRudderRequest(call, config.apiKey);
  // 1. The companies, in input order: a group's is found, or created here (its id is needed).
  const links: (string | undefined)[] = [];
  const before: RudderRequest[][] = [];
  for (const member of members) {
    const { group, reference } = member;
    if (group !== undefined) {
      const found = await r.companies.findOrCreate(client, group.groupId, group.create, r.options);
      links.push(found.id);
      const update = describeCall(baseUrl, 'updateCompany', { path: { id: found.id } }, group.body);
      before.push(found.action === 'created' ? [] : [request(update)]);
    } else {
      const found = reference && (await r.companies.resolve(client, reference, r.options));
      links.push(found?.id);
      before.push([]);
    }
  }
  // 2. The customer, and the company it is linked to before these events.
  const needsLink = links[0] === undefined;
  const readLink = async (id: string): Promise<Link> => {
    if (!needsLink) return undefined;
    const call = describeCall(baseUrl, 'getCustomerById', { path: { id } }, undefined);
    return (await client.execute(call, r.options))?.attributes.company ?? null;
  };
  const body = mergeBodies(members);
  let customerId: string | undefined;
  let link: Link;
  const remembered =
    user.named === undefined ? r.memory?.entry(config.clientKey, user.userKey) : undefined;
  if (user.named !== undefined) {
    customerId = user.named;
    link = await readLink(customerId);
  } else if (remembered !== undefined) {
    // A customer found by an earlier call's lookups needs none (docs/rudder-contract.md §11).
    customerId = remembered.customerId;
    link = remembered.company !== undefined ? remembered.company : await readLink(customerId);
  } else {
    const shown = new Map<string, Link>();
    const write = await decideIdentify(
      identifyDecision(baseUrl, user.lookups, body),
      async (step) => {
        if (step.kind === 'update') return step.customerId;
        const found = await lookupCustomer(client, step.call, r.options);
        if (found !== null) shown.set(found.id, found.attributes.company ?? null);
        return found?.id ?? null;
      },
    );
    if (write.action === 'update') {
      customerId = write.customerId;
      link = shown.get(customerId);
    }
  }
  // 3. The writes: each member's customer write carries the link as of that member.
  let current: Link = link;
  if (customerId !== undefined) {
    const writes = members.map((member, i) => {
      current = links[i] ?? current;
      const update = updateCall(baseUrl, customerId, withCompany(member.body, current));
      return { index: member.index, requests: [...(before[i] ?? []), request(update)] };
    });
    if (user.named === undefined) {
      r.memory?.set(config.clientKey, user.userKey, customerId, current ?? null);
    }
    return writes;
  }
  // One create for the user: later values win field by field (docs/deviations.md D8), and the
  // customer is created linked to the latest company the events name.
  for (const id of links) current = id ?? current;
  const create = describeCall(baseUrl, 'createCustomer', {}, withCompany(body, current));
  const [leader, ...later] = members;
  if (leader === undefined) return [];
  const merged = later.length === 0 ? undefined : later.map((member) => member.index);
  const leaderWrites: MemberWrites = {
    index: leader.index,
    requests: [...before.flat(), request(create)],
    ...(merged === undefined ? {} : { merged }),
  };
  return [leaderWrites, ...later.map((m) => ({ index: m.index, mergedInto: leader.index }))];
}

function mergeBodies(members: readonly Member[]): CustomerBody {
  if (members.length === 1) return members[0]?.body ?? {};
  const body: CustomerBody = {};
  for (const member of members) Object.assign(body, member.body);
  return body;
}
