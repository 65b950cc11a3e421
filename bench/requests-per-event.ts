/**
 * Requests per event on the realistic stream (stream.ts), against the simulator in-process: this
 * package's destination, and RudderStack's approach replayed on the same stream from the same
 * starting state (a fresh simulator with the same email-only customers). RudderStack's approach,
 * as rudder-transformer's Kustomer destination does it (docs/rudder-contract.md §6): every identify
 * walks its lookups in order (email, userId, anonymousId) until a hit, then makes one write (update
 * on a hit, else create); no cache; every track, page or screen is one identityEvent.
 */
import {
  createKustomerClient,
  createKustomerDestination,
  type KustomerClient,
  type MappedIdentify,
  mapEvent,
  type RudderEvent,
} from '../src/index.js';
import { createKustomerSimulator } from '../src/simulator/index.js';
import { emailOf, emailOnlyUsers, type StreamShape, streamEvents, userIdOf } from './stream.js';
import { handlerFetch } from './virtual-time.js';

const BASE_URL = 'https://api.kustomerapp.com';
const API_KEY = 'bench-key';
/** Events handed to `sendBatch` at once; the destination's cache lives across chunks. */
const CHUNK = 5_000;

export interface RequestsPerEvent {
  events: number;
  users: number;
  identifies: number;
  /** Identifies of users Kustomer knew by email only when the stream began. */
  emailOnlyIdentifies: number;
  ours: SideResult;
  rudderstack: SideResult;
}

interface SideResult {
  requests: number;
  perEvent: number;
  /** Of `requests`: customer lookups (GET by email or externalId). */
  lookups: number;
  failed: number;
  customers: number;
}

/**
 * A simulator holding the email-only customers, with a fetch that counts requests and lookups
 * (`GET`s) from then on. Counted here, not from the simulator's request log, which may keep only
 * the latest requests.
 */
export async function startingState(shape: StreamShape) {
  const simulator = createKustomerSimulator();
  const inProcess = handlerFetch(simulator.handlers);
  const count = { requests: 0, lookups: 0 };
  const fetch = (request: Request) => {
    count.requests++;
    if (request.method === 'GET') count.lookups++;
    return inProcess.fetch(request);
  };
  const client = createKustomerClient({ apiKey: API_KEY, baseUrl: BASE_URL, fetch });
  for (const user of emailOnlyUsers(shape)) {
    await client.customers.create({ emails: [{ email: emailOf(user) }] });
  }
  count.requests = 0;
  count.lookups = 0;
  const tally = () => ({ ...count, customers: simulator.customers.length });
  return { client, fetch, tally };
}

async function runOurs(shape: StreamShape) {
  const state = await startingState(shape);
  const destination = createKustomerDestination({
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    fetch: state.fetch,
  });
  let failed = 0;
  let chunk: RudderEvent[] = [];
  const flush = async () => {
    const results = await destination.sendBatch(chunk);
    failed += results.filter((r) => !r.ok).length;
    chunk = [];
  };
  for (const event of streamEvents(shape)) {
    chunk.push(event);
    if (chunk.length === CHUNK) await flush();
  }
  await flush();
  return { failed, ...state.tally() };
}

/** The plan's lookups are RudderStack's, in its order: kustomerId, email, userId, anonymousId. */
async function rudderIdentify(client: KustomerClient, plan: MappedIdentify): Promise<void> {
  for (const lookup of plan.lookups) {
    const id =
      lookup.by === 'kustomerId'
        ? lookup.value
        : lookup.by === 'email'
          ? (await client.customers.getByEmail(lookup.value))?.id
          : (await client.customers.getByExternalId(lookup.value))?.id;
    if (id !== undefined) {
      await client.customers.update(id, plan.body, { replace: false });
      return;
    }
  }
  await client.customers.create(plan.body);
}

async function runRudderStack(shape: StreamShape) {
  const { client, tally } = await startingState(shape);
  let failed = 0;
  for (const event of streamEvents(shape)) {
    const plan = mapEvent(event);
    try {
      if (plan.type === 'identify') await rudderIdentify(client, plan);
      else if (plan.type !== 'group') await client.tracking.identityEvent(plan.body);
    } catch {
      failed++;
    }
  }
  return { failed, ...tally() };
}

export async function benchRequestsPerEvent(shape: StreamShape): Promise<RequestsPerEvent> {
  let identifies = 0;
  let emailOnlyIdentifies = 0;
  const emailOnly = new Set(emailOnlyUsers(shape).map(userIdOf));
  for (const event of streamEvents(shape)) {
    if (event.type !== 'identify') continue;
    identifies++;
    const known = emailOnly.has(String(event.userId));
    if (known) emailOnlyIdentifies++;
  }
  const ours = await runOurs(shape);
  const rudderstack = await runRudderStack(shape);
  return {
    events: shape.events,
    users: shape.users,
    identifies,
    emailOnlyIdentifies,
    ours: { ...ours, perEvent: ours.requests / shape.events },
    rudderstack: { ...rudderstack, perEvent: rudderstack.requests / shape.events },
  };
}
