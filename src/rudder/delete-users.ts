/**
 * `POST /deleteUsers` (docs/rudder-contract.md §8): rudder-server's regulation requests. Each
 * request's users are read and deleted in Kustomer by the same deletion as `deleteUser`
 * (docs/deletion.md), with retries left to rudder-server.
 */
import { isRecord } from '../adapter/read.js';
import { createKustomerClient } from '../client/index.js';
import { tallyAttempts } from '../delivery/attempts.js';
import { type Deletion, deleteCustomers, describeDeletion } from '../delivery/deletion.js';
import { Semaphore } from '../delivery/lanes.js';
import type { UserToDelete } from '../delivery/types.js';
import { InvalidEventError } from '../errors.js';
import { ConfigResolver, clientOptionsFor } from './config.js';
import { memoryOf } from './customer-memory.js';
import { toContractError } from './errors.js';
import type { TransformOptions } from './types.js';

export type DeletionResponse =
  | { statusCode: 200; status: 'successful' }
  | { statusCode: number; error: string };

const SUCCESS: DeletionResponse = { statusCode: 200, status: 'successful' };

/** Regulation requests handled at once; the rest wait. */
const DEFAULT_CONCURRENCY = 10;

/** One answer per request element, in order. Never rejects. */
export async function processDeleteUsers(
  requests: unknown,
  options: TransformOptions = {},
): Promise<DeletionResponse[]> {
  if (!Array.isArray(requests)) {
    return [{ statusCode: 400, error: 'The body must be an array of deletion requests' }];
  }
  const resolver = new ConfigResolver(options);
  const slots = new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
  return Promise.all(
    requests.map((request: unknown) => slots.run(() => deleteFor(request, resolver, options))),
  );
}

async function deleteFor(
  request: unknown,
  resolver: ConfigResolver,
  options: TransformOptions,
): Promise<DeletionResponse> {
  const { destType, userAttributes, config } = isRecord(request) ? request : {};
  let apiKey: string | undefined;
  try {
    if (typeof destType !== 'string' || destType.toUpperCase() !== 'KUSTOMER') {
      return { statusCode: 404, error: `${String(destType)}: Doesn't support deletion of users` };
    }
    if (!Array.isArray(userAttributes)) {
      throw new InvalidEventError('userAttributes must be an array', { field: 'userAttributes' });
    }
    const resolved = resolver.resolve({ Config: config });
    apiKey = resolved.apiKey;
    const client = createKustomerClient(clientOptionsFor(resolved, options));
    const attempts = tallyAttempts(options.logger).options;
    // A deleted user's customer must not be updated from memory (docs/rudder-contract.md §11).
    const memory = memoryOf(options);
    memory?.forgetClient(resolved.clientKey);
    // Entries are read as deleteUser and the CLI read them; one that cannot be acted on is named
    // in a 400 after the others are deleted, never answered `successful` (docs/deletion.md).
    const refused: string[] = [];
    for (const [index, attributes] of userAttributes.entries()) {
      let deletion: Deletion;
      try {
        deletion = describeDeletion(client.baseUrl, attributes as UserToDelete);
      } catch (error) {
        if (!(error instanceof InvalidEventError)) throw error;
        refused.push(`userAttributes[${index}]: ${error.message}`);
        continue;
      }
      await deleteCustomers(client, deletion, attempts);
    }
    if (refused.length > 0) {
      return { statusCode: 400, error: `Not deleted: ${refused.slice(0, 10).join('; ')}` };
    }
    memory?.forgetClient(resolved.clientKey);
    return SUCCESS;
  } catch (error) {
    const failure = toContractError(error, apiKey ?? rawKey(config));
    return { statusCode: failure.status, error: failure.message };
  }
}

function rawKey(config: unknown): string | undefined {
  return isRecord(config) && typeof config.apiKey === 'string' ? config.apiKey : undefined;
}
