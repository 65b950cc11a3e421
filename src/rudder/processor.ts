/**
 * `POST /v0/destinations/kustomer` (docs/rudder-contract.md §1): output elements in input order, one
 * per input except a group that updates its company first (two, same metadata). Like
 * rudder-transformer, identify lookups happen here and the final request goes back to rudder-server;
 * unlike it, identifies of one new user in a batch create one customer (docs/deviations.md D8), and
 * group events become companies (docs/rudder-contract.md, "Group events and companies").
 */

import { mapEvent } from '../adapter/index.js';
import { isRecord } from '../adapter/read.js';
import type { CustomerLookup, RudderMessage } from '../adapter/types.js';
import { describeCall } from '../client/calls.js';
import { createKustomerClient } from '../client/index.js';
import type { KustomerClient } from '../client/types.js';
import { tallyAttempts } from '../delivery/attempts.js';
import { CompanyDirectory } from '../delivery/companies.js';
import { identifyDecision } from '../delivery/identity.js';
import { Semaphore } from '../delivery/lanes.js';
import { InvalidEventError } from '../errors.js';
import { ConfigResolver, clientOptionsFor, type TransformerConfig } from './config.js';
import { memoryOf } from './customer-memory.js';
import { type ContractError, mergedIntoError, statTagsFor, toContractError } from './errors.js';
import { type RudderCall, toRudderRequest } from './request.js';
import type {
  ProcessorOutput,
  RudderDestination,
  RudderMetadata,
  RudderRequest,
  TransformerInput,
  TransformOptions,
} from './types.js';
import { memberOf, type Resolving, resolveUser, type UserEvents } from './users.js';

/** What became of one input; the processor and the router each turn it into their own shape. */
export type Outcome =
  /**
   * `merged`: indices of later identifies folded into this one's create (docs/deviations.md D8);
   * `before`: requests rudder-server sends first, such as the update of a group's company.
   */
  | {
      kind: 'request';
      request: RudderRequest;
      merged: number[] | undefined;
      before?: RudderRequest[];
    }
  | { kind: 'merged'; leader: number; error: ContractError }
  | { kind: 'error'; error: ContractError }
  | { kind: 'passThrough' };

/** RudderStack processes up to 50 events of a request at once (`BATCH_PROCESSING_BATCH_SIZE`). */
const DEFAULT_CONCURRENCY = 50;

const PASS_THROUGH: Outcome = { kind: 'passThrough' };
/** Companies one call remembers: a call holds at most a few thousand events. */
const COMPANIES_PER_CALL = 10_000;

/**
 * Transforms processor inputs. Tracking events need no I/O; identifies are resolved through a
 * client with retries off, because rudder-server retries on the status it gets (docs/architecture.md §6).
 */
export async function processorTransform(
  inputs: readonly TransformerInput[],
  options: TransformOptions = {},
): Promise<ProcessorOutput[]> {
  const out: ProcessorOutput[] = [];
  // A loop rather than `flat()`: with the outputs built without spreads, 1–19% of a tracking
  // event's time (bench/README.md).
  for (const outputs of await processorOutputs(inputs, options)) out.push(...outputs);
  return out;
}

/** The output elements of each input, in input order (several for one input: same metadata). */
export async function processorOutputs(
  inputs: readonly TransformerInput[],
  options: TransformOptions = {},
): Promise<ProcessorOutput[][]> {
  const outcomes = await transformEvents(inputs, options);
  return outcomes.map((outcome, index) => processorOutput(metadataOf(inputs[index]), outcome));
}

function processorOutput(
  metadata: RudderMetadata | undefined,
  outcome: Outcome,
): ProcessorOutput[] {
  if (outcome.kind === 'request') {
    // The output carries no userId, so `handleProcessorTransformSucessEvents` sets '' (docs/rudder-contract.md §1).
    const last = success(outcome.request, metadata);
    return outcome.before === undefined
      ? [last]
      : [...outcome.before.map((request) => success(request, metadata)), last];
  }
  // Pass-through exists only on the router path.
  const error =
    outcome.kind === 'passThrough'
      ? toContractError(new Error('Unexpected pass-through on the processor path'))
      : outcome.error;
  const failure = {
    statusCode: error.status,
    error: error.message,
    statTags: statTagsFor(error, 'processor', metadata),
  };
  return [metadata === undefined ? failure : { metadata, ...failure }];
}

function success(request: RudderRequest, metadata: RudderMetadata | undefined): ProcessorOutput {
  const output = { ...request, userId: '' };
  return metadata === undefined
    ? { output, statusCode: 200 as const }
    : { output, metadata, statusCode: 200 as const };
}

/**
 * The shared core of both endpoints. `passThrough` marks inputs to leave untransformed (the
 * router's already-transformed messages, docs/rudder-contract.md §2).
 */
export async function transformEvents(
  inputs: readonly TransformerInput[],
  options: TransformOptions,
  passThrough?: (input: TransformerInput | undefined) => boolean,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(inputs.length);
  const resolver = new ConfigResolver(options);
  let users: Map<string, UserEvents> | undefined;
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index];
    if (passThrough?.(input)) {
      outcomes[index] = PASS_THROUGH;
      continue;
    }
    try {
      const config = resolver.resolve(destinationOf(input));
      const plan = mapEvent(messageOf(input), config.mapper);
      if (plan.type !== 'identify' && plan.type !== 'group') {
        const call = describeCall(config.baseUrl, 'createTrackingIdentityEvent', {}, plan.body);
        outcomes[index] = requestOutcome(config, call);
        continue;
      }
      const member = memberOf(index, plan);
      // The decision's first step checks every path value before any request is made; an event
      // naming its customer is updated with no lookup (docs/rudder-contract.md §6 step 1).
      const first = identifyDecision(config.baseUrl, plan.lookups, member.body).next();
      const named =
        !first.done && first.value.kind === 'update' ? first.value.customerId : undefined;
      users ??= new Map();
      const who = named === undefined ? `user:${plan.userKey}` : `kustomerId:${named}`;
      const key = `${config.clientKey}\n${who}`;
      let user = users.get(key);
      if (user === undefined) {
        user = { config, userKey: plan.userKey, named, members: [], lookups: [] };
        users.set(key, user);
      }
      user.members.push(member);
      addLookups(user.lookups, plan.lookups);
    } catch (error) {
      outcomes[index] = { kind: 'error', error: toContractError(error, rawApiKey(input)) };
      if (error instanceof InvalidEventError) {
        options.logger?.debug?.('invalid event', { name: error.name, field: error.field });
      }
    }
  }
  if (users !== undefined) await resolveUsers([...users.values()], inputs, outcomes, options);
  return outcomes;
}

async function resolveUsers(
  users: UserEvents[],
  inputs: readonly TransformerInput[],
  outcomes: Outcome[],
  options: TransformOptions,
): Promise<void> {
  // Per call, per (apiKey, base): the companies found or created, each created once.
  const perClient = new Map<string, { client: KustomerClient; companies: CompanyDirectory }>();
  const forConfig = (config: TransformerConfig) => {
    let entry = perClient.get(config.clientKey);
    if (entry === undefined) {
      const client = createKustomerClient(clientOptionsFor(config, options));
      entry = { client, companies: new CompanyDirectory(COMPANIES_PER_CALL) };
      perClient.set(config.clientKey, entry);
    }
    return entry;
  };
  const slots = new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
  const memory = memoryOf(options);
  await Promise.all(
    users.map((user) =>
      slots.run(async () => {
        const attempts = tallyAttempts(options.logger).options;
        const resolving: Resolving = { ...forConfig(user.config), memory, options: attempts };
        try {
          for (const writes of await resolveUser(user, resolving)) {
            outcomes[writes.index] =
              'mergedInto' in writes
                ? {
                    kind: 'merged',
                    leader: writes.mergedInto,
                    error: mergedIntoError(
                      metadataOf(inputs[writes.mergedInto]),
                      writes.mergedInto,
                    ),
                  }
                : writesOutcome(writes.requests, writes.merged);
          }
        } catch (error) {
          const failure = toContractError(error, user.config.apiKey);
          for (const member of user.members) {
            outcomes[member.index] = { kind: 'error', error: failure };
          }
        }
      }),
    ),
  );
}

/** The member's last request is its own; those before it go first (a company update). */
function writesOutcome(requests: RudderRequest[], merged: number[] | undefined): Outcome {
  const last = requests.at(-1);
  if (last === undefined) throw new TypeError('An event resolved to no request');
  const before = requests.slice(0, -1);
  return { kind: 'request', request: last, merged, ...(before.length > 0 ? { before } : {}) };
}

function requestOutcome(config: TransformerConfig, call: RudderCall, merged?: number[]): Outcome {
  return { kind: 'request', request: toRudderRequest(call, config.apiKey), merged };
}

/**
 * Adds a member's lookups to its group's, without repeats, keeping emails ahead of externalIds:
 * the order RudderStack tries them in (docs/rudder-contract.md §6, step 1). A single identify keeps its own order exactly.
 */
function addLookups(into: CustomerLookup[], more: readonly CustomerLookup[]): void {
  let added = false;
  for (const lookup of more) {
    if (lookup.by === 'kustomerId') continue;
    if (into.some((known) => known.by === lookup.by && known.value === lookup.value)) continue;
    into.push(lookup);
    added = true;
  }
  if (added) into.sort((a, b) => lookupRank(a) - lookupRank(b));
}

function lookupRank(lookup: CustomerLookup): number {
  return lookup.by === 'email' ? 0 : 1;
}

export function metadataOf(input: TransformerInput | undefined): RudderMetadata | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  return input.metadata;
}

export function destinationOf(input: TransformerInput | undefined): RudderDestination | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  return input.destination;
}

function messageOf(input: TransformerInput | undefined): RudderMessage {
  const message = typeof input === 'object' && input !== null ? input.message : undefined;
  if (!isRecord(message)) {
    throw new InvalidEventError('The input has no message object', { field: 'message' });
  }
  return message;
}

/** The key as configured, for scrubbing error messages even when the config was rejected. */
function rawApiKey(input: TransformerInput | undefined): string | undefined {
  const apiKey = destinationOf(input)?.Config?.apiKey;
  return typeof apiKey === 'string' ? apiKey : undefined;
}
