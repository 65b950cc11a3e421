/**
 * Shared test helpers: send a request to a simulator core and check that its answer is one the
 * spec documents for that operation.
 */
import { expect } from 'vitest';
import type { components } from '../../../generated/kustomer.js';
import { loadKustomerSpec } from '../../../src/schema/openapi.js';
import type { SimulatorCore } from '../../../src/simulator/core.js';

type Schemas = components['schemas'];

export const spec = loadKustomerSpec();
export const KEY = 'test-key';
export const START = Date.UTC(2026, 0, 5, 12, 0, 0);

export interface Answer {
  status: number;
  headers: Record<string, string>;
  json: unknown;
}

export interface SendOptions {
  /** The bearer key; `null` sends no Authorization header. Default `KEY`. */
  key?: string | null;
  /** Sent as is instead of `JSON.stringify(body)`. */
  bodyText?: string;
}

/** Fails the test when a response is not one the spec documents. */
export function expectSpecResponse(method: string, url: string, status: number, json: unknown) {
  const { pathname } = new URL(url, 'http://simulator.invalid');
  const operation = spec.matchOperation(method, pathname);
  const issues = operation
    ? spec.validateResponse(operation, status, json)
    : spec.validate('ErrorBody', json);
  expect(issues, `${method} ${pathname} → ${status}`).toEqual([]);
}

export function sender(core: SimulatorCore) {
  return async (method: string, path: string, body?: unknown, options: SendOptions = {}) => {
    const key = options.key === undefined ? KEY : options.key;
    const answer = await core.handle({
      method,
      url: path,
      headers: key === null ? {} : { authorization: `Bearer ${key}` },
      bodyText: options.bodyText ?? (body === undefined ? '' : JSON.stringify(body)),
    });
    if ('drop' in answer) return 'dropped' as const;
    const json: unknown = answer.bodyText === '' ? undefined : JSON.parse(answer.bodyText);
    expectSpecResponse(method, path, answer.status, json);
    return { status: answer.status, headers: answer.headers, json } satisfies Answer;
  };
}

/** Narrows an answer that was not dropped. */
export function answered(answer: Answer | 'dropped'): Answer {
  if (answer === 'dropped') throw new Error('the connection was dropped');
  return answer;
}

// The casts below are grounded: every answer has been validated against the spec above.
export function customerOf(answer: Answer | 'dropped'): Schemas['CustomerResource'] {
  return (answered(answer).json as Schemas['CustomerEnvelope']).data;
}

export function identityOf(answer: Answer | 'dropped'): Schemas['TrackingIdentityResource'] {
  return (answered(answer).json as Schemas['TrackingIdentityEnvelope']).data;
}

export function errorsOf(answer: Answer | 'dropped'): Schemas['KustomerErrorObject'][] {
  return (answered(answer).json as { errors: Schemas['KustomerErrorObject'][] }).errors;
}
