/**
 * What to do about a failure, in the words of the command line: a refused key names the roles it
 * needs, a network error the host and the system's reason, an invalid event with another format's
 * keys (`user_id`) the RudderStack keys they stand for.
 */
import { type OperationId, operations } from '../../generated/operations.js';
import type { DeliveryError } from '../delivery/types.js';
import { failureKind, isInvalid, type Outcome, systemCode } from './tally.js';

/**
 * The roles a key needs to call every one of `operationIds`: each operation's permission-set role,
 * the first of its `x-kustomer-roles` in the spec (generated/operations.ts).
 */
export function rolesFor(operationIds: readonly OperationId[]): readonly string[] {
  return [...new Set(operationIds.map((id) => operations[id].roles[0]))];
}

/**
 * The roles `send` needs: find, read, create and update customers for identify, tracking for the
 * rest, and find, create and update companies for group and `traits.company`.
 */
export const SEND_ROLES = rolesFor([
  'getCustomerByEmail',
  'getCustomerByExternalId',
  'getCustomerById',
  'createCustomer',
  'updateCustomer',
  'createTrackingIdentityEvent',
  'getCompanies',
  'createCompany',
  'updateCompany',
]);
/** The roles `delete` needs: find customers, then delete them. */
export const DELETE_ROLES = rolesFor(['getCustomerByExternalId', 'deleteCustomer']);

/**
 * A hint for a failure, or undefined when its message says all there is: `host` is where requests
 * go, `roles` those the command's key needs (https://developer.kustomer.com/docs/roles).
 */
export function failureHint(
  error: DeliveryError,
  context: { host: string; roles: readonly string[] },
): string | undefined {
  const roles = listOf(context.roles);
  switch (error.status) {
    case 401:
      return `Kustomer refused the API key: check the key, and that it has the roles ${roles}`;
    case 403:
      return `the API key lacks a role: check that it has ${roles}`;
    case 429:
      return 'Kustomer rate-limited the requests: lower --requests-per-minute or --concurrency';
    case 0:
      return unreachable(error, context.host);
    default:
      return undefined;
  }
}

/** `a`, `a and b`, `a, b and c`. */
export function listOf(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function unreachable(error: DeliveryError, host: string): string {
  if (error.code === 'timeout') return `${host} did not answer in time: check the network`;
  const code = systemCode(error.message);
  switch (code) {
    case 'ECONNREFUSED':
      return `nothing answers at ${host} (ECONNREFUSED): check the host and that it is up`;
    case 'ENOTFOUND':
      return `${host} does not resolve (ENOTFOUND): check the host name and DNS`;
    case undefined:
      return `cannot reach ${host}: check the host and the network`;
    default:
      return `cannot reach ${host} (${code}): check the host and the network`;
  }
}

/** How many settled events `authStop` looks at. */
const AUTH_STOP_AFTER = 20;

/**
 * Watches the first events sent: when every one of the first `after` fails with the same
 * authentication error (401 or 403, not retryable), the rest would too, so the run should stop.
 * Each outcome goes to the function it returns, which says why to stop, once, when the rule fires.
 */
export function authStop(
  hint: (error: DeliveryError) => string | undefined,
  after = AUTH_STOP_AFTER,
): (outcome: Outcome) => string | undefined {
  let seen = 0;
  let first: string | undefined;
  let broken = false;
  return (outcome) => {
    if (broken || seen >= after) return undefined;
    if (!outcome.ok && isInvalid(outcome.error)) return undefined;
    seen += 1;
    const auth = !outcome.ok && isAuthFailure(outcome.error) ? outcome.error : undefined;
    const kind = auth && failureKind(auth);
    if (!auth || !kind || (first ?? kind) !== kind) {
      broken = true;
      return undefined;
    }
    first = kind;
    if (seen < after) return undefined;
    const why = hint(auth);
    return `the first ${after} all failed with ${kind}${why === undefined ? '' : `: ${why}`}`;
  };
}

function isAuthFailure(error: DeliveryError): boolean {
  return (error.status === 401 || error.status === 403) && !error.retryable;
}

/** Keys of other event formats, and the RudderStack key they stand for. */
const LOOK_ALIKES: Record<string, string> = {
  user_id: 'userId',
  userid: 'userId',
  anonymous_id: 'anonymousId',
  event_type: 'type',
  eventType: 'type',
  action: 'event',
  event_name: 'event',
};

/** An invalid event's error with "did you mean" for each look-alike key it has. */
export function withLookAlikeHint(error: DeliveryError, value: unknown): DeliveryError {
  if (error.name !== 'InvalidEventError') return error;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return error;
  const hints = Object.entries(LOOK_ALIKES)
    .filter(([alike, key]) => Object.hasOwn(value, alike) && !Object.hasOwn(value, key))
    .map(([alike, key]) => `did you mean "${key}" instead of "${alike}"?`);
  return hints.length === 0
    ? error
    : { ...error, message: `${error.message} (${hints.join(' ')})` };
}
