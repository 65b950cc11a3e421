/**
 * What to do about a failure, in the words of the command line: a refused key names the roles it
 * needs, a network error names the host and the system's reason.
 */
import type { DeliveryError } from '../delivery/types.js';
import { failureKind, isInvalid, type Outcome, systemCode } from './tally.js';

export interface HintContext {
  /** The Kustomer host requests go to. */
  host: string;
  /** The roles the key needs for this command (https://developer.kustomer.com/docs/roles). */
  roles: readonly string[];
}

/** The roles `send` needs: customers for identify, tracking for the rest. */
export const SEND_ROLES = ['org.permission.customer.*', 'org.tracking'] as const;
/** The roles `delete` needs: find customers, then delete them (legacy: org.user.customer.delete). */
export const DELETE_ROLES = [
  'org.permission.customer.read',
  'org.permission.customer.delete',
] as const;

/** A hint for a failure, or undefined when its message says all there is. */
export function failureHint(error: DeliveryError, context: HintContext): string | undefined {
  const roles = context.roles.join(' and ');
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

/** How many settled events `AuthStop` looks at. */
export const AUTH_STOP_AFTER = 20;

/**
 * Watches the first events sent: when every one of the first `after` fails with the same
 * authentication error (401 or 403, not retryable), the rest would too, so the run should stop.
 */
export class AuthStop {
  readonly #after: number;
  readonly #hint: (error: DeliveryError) => string | undefined;
  #seen = 0;
  #kind: string | undefined;
  #broken = false;

  constructor(hint: (error: DeliveryError) => string | undefined, after = AUTH_STOP_AFTER) {
    this.#hint = hint;
    this.#after = after;
  }

  /** Counts an outcome; returns why to stop, once, when the rule fires. */
  observe(outcome: Outcome): string | undefined {
    if (this.#broken || this.#seen >= this.#after) return undefined;
    if (!outcome.ok && isInvalid(outcome.error)) return undefined;
    this.#seen += 1;
    if (outcome.ok || !isAuthFailure(outcome.error)) {
      this.#broken = true;
      return undefined;
    }
    const kind = failureKind(outcome.error);
    if (this.#kind !== undefined && kind !== this.#kind) {
      this.#broken = true;
      return undefined;
    }
    this.#kind = kind;
    if (this.#seen < this.#after) return undefined;
    const hint = this.#hint(outcome.error);
    return `the first ${this.#after} all failed with ${kind}${hint === undefined ? '' : `: ${hint}`}`;
  }
}

function isAuthFailure(error: DeliveryError): boolean {
  return (error.status === 401 || error.status === 403) && !error.retryable;
}
