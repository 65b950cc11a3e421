/**
 * Errors → the status, message and statTags rudder-server expects (docs/rudder-contract.md §3: the
 * integrations-lib error classes and `generateErrorObject`). The API key never reaches a message:
 * every message is scrubbed of it before it leaves this module.
 */
import { scrub } from '../client/redact.js';
import { ConfigurationError, InvalidEventError, KustomerApiError } from '../errors.js';
import type { ErrorCategory, ErrorType, RudderMetadata, StatTags } from './types.js';

/** An error as the contract reports it, before the default tags are merged in. */
export interface ContractError {
  status: number;
  message: string;
  errorCategory: ErrorCategory;
  errorType?: ErrorType;
}

/** RudderStack's "filtered" code: rudder-server counts the job as filtered, not failed (docs/rudder-contract.md §1). */
const FILTERED_STATUS = 298;

export function toContractError(error: unknown, apiKey?: string): ContractError {
  const described = describe(error);
  if (apiKey !== undefined && apiKey !== '') {
    described.message = scrub(described.message, apiKey);
  }
  return described;
}

/** `{...error tags, ...defaults}` as `handleProcessorTransformFailureEvents` merges them (docs/rudder-contract.md §1). */
export function statTagsFor(
  error: ContractError,
  feature: 'processor' | 'router',
  metadata: RudderMetadata | undefined,
): StatTags {
  const tags: StatTags = {
    errorCategory: error.errorCategory,
    destType: 'KUSTOMER',
    module: 'destination',
    implementation: 'native',
    feature,
  };
  if (error.errorType !== undefined) tags.errorType = error.errorType;
  const destinationId = metadata?.destinationId;
  if (typeof destinationId === 'string') tags.destinationId = destinationId;
  const workspaceId = metadata?.workspaceId;
  if (typeof workspaceId === 'string') tags.workspaceId = workspaceId;
  return tags;
}

/** The docs/deviations.md D8 answer for an identify merged into an earlier one of the same new user. */
export function mergedIntoError(
  leader: RudderMetadata | undefined,
  leaderIndex: number,
): ContractError {
  const jobId = leader?.jobId;
  const target = jobId === undefined ? `input ${leaderIndex}` : `job ${String(jobId)}`;
  return {
    status: FILTERED_STATUS,
    message: `Merged into the identify of ${target}: the same new user was identified earlier in this batch, so one customer is created with both sets of traits (docs/deviations.md D8)`,
    errorCategory: 'transformation',
    errorType: 'filtered',
  };
}

/** `getDynamicErrorType` (https://github.com/rudderlabs/rudder-transformer/blob/develop/src/adapters/utils/networkUtils.js). */
export function dynamicErrorType(status: number): 'retryable' | 'throttled' | 'aborted' {
  if (status >= 500) return 'retryable';
  if (status === 429) return 'throttled';
  return 'aborted';
}

function describe(error: unknown): ContractError {
  if (error instanceof InvalidEventError) {
    return {
      status: 400,
      message: error.message,
      errorCategory: 'dataValidation',
      errorType: 'instrumentation',
    };
  }
  if (error instanceof ConfigurationError) {
    return {
      status: 400,
      message: error.message,
      errorCategory: 'dataValidation',
      errorType: 'configuration',
    };
  }
  if (error instanceof KustomerApiError) return lookupFailure(error);
  // A non-BaseError becomes TransformationError(message, 500) in `generateErrorObject` (docs/rudder-contract.md §3).
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, message, errorCategory: 'transformation' };
}

/**
 * A failed lookup, shaped like RudderStack's `NetworkError` after `generateErrorObject`: the status
 * is the lookup's (no answer counts as 500, as `processAxiosResponse` maps connection errors), and
 * the message is `JSON.stringify({message, destinationResponse})`.
 */
function lookupFailure(error: KustomerApiError): ContractError {
  // No answer is a 500 when sending again may help; a refused redirect (docs/reliability.md §5) is
  // not retryable in the library, and is not retried by rudder-server either: one rule everywhere.
  const status = error.status !== 0 ? error.status : error.retryable ? 500 : 400;
  const what = error.status === 0 ? 'no response' : `HTTP ${error.status}`;
  const detail = error.messages.length > 0 ? `: ${error.messages.join('; ')}` : '';
  // No answer: `processAxiosResponse` reports `[<code>] :: <message>`, e.g. `[ECONNREFUSED] :: …`.
  const response = error.status === 0 ? noAnswer(error) : (error.body ?? '');
  return {
    status,
    message: JSON.stringify({
      message: `Error while lookingUp Kustomer: ${what}${detail}`,
      destinationResponse: { response, status },
    }),
    errorCategory: 'network',
    errorType: dynamicErrorType(status),
  };
}

function noAnswer(error: KustomerApiError): string {
  let code = error.code ?? 'network_error';
  let message = error.messages[0] ?? 'no response from Kustomer';
  for (let cause = error.cause, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const own = Reflect.get(cause, 'code');
    if (typeof own === 'string' && own !== '') {
      code = own;
      if (cause.message !== '') message = cause.message;
      break;
    }
    cause = cause.cause;
  }
  return `[${code}] :: ${message}`;
}
