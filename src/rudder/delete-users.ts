/**
 * `POST /deleteUsers` (docs/rudder-contract.md §8): rudder-server's regulation requests. Each
 * request's users are deleted in Kustomer through the same deletion as `deleteUser` (lookups by
 * email and externalId, every match deleted), with retries left to rudder-server.
 */
import { createKustomerClient } from '../client/index.js';
import { tallyAttempts } from '../delivery/attempts.js';
import { deleteCustomers, describeDeletion } from '../delivery/deletion.js';
import { Semaphore } from '../delivery/lanes.js';
import { InvalidEventError } from '../errors.js';
import { ConfigResolver, clientOptionsFor } from './config.js';
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
    for (const attributes of userAttributes) {
      const user = userOf(attributes);
      // Attributes with nothing to find a customer by are skipped, as RudderStack's handlers do.
      if (user === undefined) continue;
      await deleteCustomers(client, describeDeletion(client.baseUrl, user), attempts);
    }
    return SUCCESS;
  } catch (error) {
    const failure = toContractError(error, apiKey ?? rawKey(config));
    return { statusCode: failure.status, error: failure.message };
  }
}

/** The userId (as the customer's externalId) and email of one user attribute. */
function userOf(attributes: unknown): { userId?: string; email?: string } | undefined {
  if (!isRecord(attributes)) return undefined;
  const user: { userId?: string; email?: string } = {};
  if (typeof attributes.userId === 'string' && attributes.userId !== '') {
    user.userId = attributes.userId;
  }
  if (typeof attributes.email === 'string' && attributes.email !== '') {
    user.email = attributes.email;
  }
  return user.userId === undefined && user.email === undefined ? undefined : user;
}

function rawKey(config: unknown): string | undefined {
  return isRecord(config) && typeof config.apiKey === 'string' ? config.apiKey : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
