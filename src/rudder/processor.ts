/**
 * `POST /v0/destinations/kustomer` (docs/rudder-contract.md §1): one output element per input, in input
 * order. Like rudder-transformer, identify lookups happen here and the final request goes back to
 * rudder-server; unlike it, identifies of one new user in a batch create one customer (docs/deviations.md D8).
 */

import { mapEvent } from '../adapter/index.js';
import { isRecord } from '../adapter/read.js';
import type { CustomerLookup, MappedIdentify, RudderMessage } from '../adapter/types.js';
import { describeCall } from '../client/calls.js';
import { createKustomerClient } from '../client/index.js';
import type { KustomerClient } from '../client/types.js';
import { tallyAttempts } from '../delivery/attempts.js';
import { executeCall } from '../delivery/execute.js';
import {
  decideIdentify,
  type IdentifyWrite,
  identifyDecision,
  updateCall,
} from '../delivery/identity.js';
import { Semaphore } from '../delivery/lanes.js';
import type { Logger } from '../delivery/types.js';
import { InvalidEventError } from '../errors.js';
import type { CustomerBody } from '../payloads.js';
import { ConfigResolver, clientOptionsFor, type TransformerConfig } from './config.js';
import { type CustomerMemory, memoryOf } from './customer-memory.js';
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

/** What became of one input; the processor and the router each turn it into their own shape. */
export type Outcome =
  /** `merged`: indices of later identifies folded into this one's create (docs/deviations.md D8). */
  | { kind: 'request'; request: RudderRequest; merged: number[] | undefined }
  | { kind: 'merged'; leader: number; error: ContractError }
  | { kind: 'error'; error: ContractError }
  | { kind: 'passThrough' };

/** RudderStack processes up to 50 events of a request at once (`BATCH_PROCESSING_BATCH_SIZE`). */
const DEFAULT_CONCURRENCY = 50;

const PASS_THROUGH: Outcome = { kind: 'passThrough' };

/**
 * Transforms processor inputs. Tracking events need no I/O; identifies are resolved through a
 * client with retries off, because rudder-server retries on the status it gets (docs/architecture.md §6).
 */
export async function processorTransform(
  inputs: readonly TransformerInput[],
  options: TransformOptions = {},
): Promise<ProcessorOutput[]> {
  const outcomes = await transformEvents(inputs, options);
  return outcomes.map((outcome, index) => processorOutput(metadataOf(inputs[index]), outcome));
}

function processorOutput(metadata: RudderMetadata | undefined, outcome: Outcome): ProcessorOutput {
  if (outcome.kind === 'request') {
    // The output carries no userId, so `handleProcessorTransformSucessEvents` sets '' (docs/rudder-contract.md §1).
    const output = { ...outcome.request, userId: '' };
    return metadata === undefined
      ? { output, statusCode: 200 }
      : { output, metadata, statusCode: 200 };
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
  return metadata === undefined ? failure : { metadata, ...failure };
}

interface PendingIdentify {
  index: number;
  plan: MappedIdentify;
}

/** Identifies of one user for one (apiKey, base): resolved once (docs/deviations.md D8). */
interface IdentifyGroup {
  config: TransformerConfig;
  userKey: string;
  members: PendingIdentify[];
  lookups: CustomerLookup[];
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
  let groups: Map<string, IdentifyGroup> | undefined;
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index];
    if (passThrough?.(input)) {
      outcomes[index] = PASS_THROUGH;
      continue;
    }
    try {
      const config = resolver.resolve(destinationOf(input));
      const plan = mapEvent(messageOf(input), config.mapper);
      if (plan.type === 'group') {
        throw new InvalidEventError('Event type "group" is not supported here yet', {
          field: 'type',
        });
      }
      if (plan.type !== 'identify') {
        const call = describeCall(config.baseUrl, 'createTrackingIdentityEvent', {}, plan.body);
        outcomes[index] = requestOutcome(config, call);
        continue;
      }
      // The decision's first step checks every path value before any request is made; an event
      // naming its customer is updated with no lookup (docs/rudder-contract.md §6 step 1).
      const first = identifyDecision(config.baseUrl, plan.lookups, plan.body).next();
      if (!first.done && first.value.kind === 'update') {
        outcomes[index] = requestOutcome(config, first.value.call);
        continue;
      }
      groups ??= new Map();
      const key = `${config.clientKey}\n${plan.userKey}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = { config, userKey: plan.userKey, members: [], lookups: [] };
        groups.set(key, group);
      }
      group.members.push({ index, plan });
      addLookups(group.lookups, plan.lookups);
    } catch (error) {
      outcomes[index] = { kind: 'error', error: toContractError(error, rawApiKey(input)) };
      if (error instanceof InvalidEventError) {
        options.logger?.debug?.('invalid event', { name: error.name, field: error.field });
      }
    }
  }
  if (groups !== undefined) {
    await resolveGroups([...groups.values()], inputs, outcomes, options);
  }
  return outcomes;
}

async function resolveGroups(
  groups: IdentifyGroup[],
  inputs: readonly TransformerInput[],
  outcomes: Outcome[],
  options: TransformOptions,
): Promise<void> {
  const clients = new Map<string, KustomerClient>();
  const clientFor = (config: TransformerConfig): KustomerClient => {
    let client = clients.get(config.clientKey);
    if (client === undefined) {
      client = createKustomerClient(clientOptionsFor(config, options));
      clients.set(config.clientKey, client);
    }
    return client;
  };
  const slots = new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
  const memory = memoryOf(options);
  await Promise.all(
    groups.map((group) =>
      slots.run(() => resolveGroup(group, clientFor, inputs, outcomes, options.logger, memory)),
    ),
  );
}

async function resolveGroup(
  group: IdentifyGroup,
  clientFor: (config: TransformerConfig) => KustomerClient,
  inputs: readonly TransformerInput[],
  outcomes: Outcome[],
  logger: Logger | undefined,
  memory: CustomerMemory | undefined,
): Promise<void> {
  const { config, members } = group;
  const [leader, ...later] = members;
  if (leader === undefined) return;
  // One create for the group: later identifies' values win field by field (docs/deviations.md D8).
  const body = later.length === 0 ? leader.plan.body : mergeBodies(members);
  // A customer found by an earlier call's lookups needs none (docs/rudder-contract.md §11).
  const remembered = memory?.get(config.clientKey, group.userKey);
  let write: IdentifyWrite;
  try {
    if (remembered !== undefined) {
      const call = updateCall(config.baseUrl, remembered, body);
      write = { action: 'update', customerId: remembered, call };
    } else {
      const client = clientFor(config);
      const attempts = tallyAttempts(logger).options;
      // The RudderStack layer's way of finding: its own lookups; the write goes back to rudder-server.
      write = await decideIdentify(identifyDecision(config.baseUrl, group.lookups, body), (step) =>
        step.kind === 'lookup'
          ? executeCall(client, step.call, attempts)
          : Promise.resolve(step.customerId),
      );
      if (write.action === 'update') memory?.set(config.clientKey, group.userKey, write.customerId);
    }
  } catch (error) {
    const failure = toContractError(error, config.apiKey);
    for (const member of members) outcomes[member.index] = { kind: 'error', error: failure };
    return;
  }
  if (write.action === 'update') {
    for (const { index, plan } of members) {
      const update = updateCall(config.baseUrl, write.customerId, plan.body);
      outcomes[index] = requestOutcome(config, update);
    }
    return;
  }
  outcomes[leader.index] = requestOutcome(
    config,
    write.call,
    later.length === 0 ? undefined : later.map((member) => member.index),
  );
  if (later.length === 0) return;
  const notice = mergedIntoError(metadataOf(inputs[leader.index]), leader.index);
  for (const member of later) {
    outcomes[member.index] = { kind: 'merged', leader: leader.index, error: notice };
  }
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

function mergeBodies(members: readonly PendingIdentify[]): CustomerBody {
  const body: CustomerBody = {};
  for (const { plan } of members) Object.assign(body, plan.body);
  return body;
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
