import { describe, expect, it } from 'vitest';
import { ConfigurationError, InvalidEventError, KustomerApiError } from '../../../src/errors.js';
import {
  dynamicErrorType,
  mergedIntoError,
  statTagsFor,
  toContractError,
} from '../../../src/rudder/errors.js';

const request = {
  method: 'GET',
  url: 'https://api.kustomerapp.com/v1/customers/email=x',
  headers: {},
};

function apiError(status: number, body?: unknown, cause?: unknown): KustomerApiError {
  return new KustomerApiError({
    status,
    request,
    ...(body === undefined ? {} : { body }),
    ...(cause === undefined ? {} : { cause, code: 'network_error' }),
  });
}

describe('toContractError', () => {
  it('maps InvalidEventError to 400 dataValidation/instrumentation', () => {
    expect(
      toContractError(new InvalidEventError('Event type is required', { field: 'type' })),
    ).toEqual({
      status: 400,
      message: 'Event type is required',
      errorCategory: 'dataValidation',
      errorType: 'instrumentation',
    });
  });

  it('maps ConfigurationError to 400 dataValidation/configuration', () => {
    expect(toContractError(new ConfigurationError('no key', { option: 'apiKey' }))).toEqual({
      status: 400,
      message: 'no key',
      errorCategory: 'dataValidation',
      errorType: 'configuration',
    });
  });

  it.each([
    [401, 401, 'aborted'],
    [403, 403, 'aborted'],
    [429, 429, 'throttled'],
    [500, 500, 'retryable'],
    [503, 503, 'retryable'],
    [0, 500, 'retryable'],
  ] as const)('maps a lookup answered %i to status %i, network/%s', (answered, status, type) => {
    const error = toContractError(apiError(answered));
    expect(error).toMatchObject({ status, errorCategory: 'network', errorType: type });
  });

  it("words a lookup failure like RudderStack's NetworkError: {message, destinationResponse}", () => {
    const body = { errors: [{ status: 401, title: 'Unauthorized' }] };
    const error = toContractError(apiError(401, body));
    expect(JSON.parse(error.message)).toEqual({
      message: 'Error while lookingUp Kustomer: HTTP 401',
      destinationResponse: { response: body, status: 401 },
    });
  });

  it('reports a connection failure with its code, as processAxiosResponse does', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
    const error = toContractError(
      apiError(0, undefined, new TypeError('fetch failed', { cause: refused })),
    );
    expect(JSON.parse(error.message).destinationResponse).toEqual({
      response: '[ECONNREFUSED] :: connect ECONNREFUSED 127.0.0.1:9',
      status: 500,
    });
  });

  it('maps any other error to 500 transformation', () => {
    expect(toContractError(new TypeError('boom'))).toEqual({
      status: 500,
      message: 'boom',
      errorCategory: 'transformation',
    });
  });

  it('removes the API key from every message, raw or JSON-escaped', () => {
    const key = 'k"ey-123456';
    const echoed = toContractError(apiError(401, { message: `bad key ${key}` }), key);
    expect(echoed.message).not.toContain(key);
    expect(echoed.message).not.toContain(JSON.stringify(key).slice(1, -1));
    expect(toContractError(new Error(`oops ${key}`), key).message).toBe('oops [REDACTED]');
  });
});

describe('statTagsFor', () => {
  it("merges the error's tags with the contract's defaults and the job's ids", () => {
    const error = toContractError(new InvalidEventError('x', { field: 'type' }));
    expect(
      statTagsFor(error, 'processor', { jobId: 1, destinationId: 'd1', workspaceId: 'w1' }),
    ).toEqual({
      errorCategory: 'dataValidation',
      errorType: 'instrumentation',
      destType: 'KUSTOMER',
      module: 'destination',
      implementation: 'native',
      feature: 'processor',
      destinationId: 'd1',
      workspaceId: 'w1',
    });
  });

  it('leaves out ids the job does not have', () => {
    const tags = statTagsFor(toContractError(new Error('x')), 'router', undefined);
    expect(tags).toEqual({
      errorCategory: 'transformation',
      destType: 'KUSTOMER',
      module: 'destination',
      implementation: 'native',
      feature: 'router',
    });
  });
});

describe('mergedIntoError', () => {
  it('answers 298, filtered, naming the job merged into (D8)', () => {
    const error = mergedIntoError({ jobId: 7 }, 0);
    expect(error).toMatchObject({
      status: 298,
      errorCategory: 'transformation',
      errorType: 'filtered',
    });
    expect(error.message).toContain('job 7');
  });

  it('names the input position when the leader has no jobId', () => {
    expect(mergedIntoError(undefined, 3).message).toContain('input 3');
  });
});

describe('dynamicErrorType', () => {
  it.each([
    [500, 'retryable'],
    [599, 'retryable'],
    [429, 'throttled'],
    [404, 'aborted'],
    [400, 'aborted'],
  ] as const)('classifies %i as %s', (status, type) => {
    expect(dynamicErrorType(status)).toBe(type);
  });
});
