/**
 * Shared test helpers: send a request to a simulator core and check that its answer is one the
 * spec documents for that operation, one Kustomer's own document shows (./kustomer-document.ts),
 * and, for errors, that each item carries both of Kustomer's error shapes.
 */
import { expect } from 'vitest';
import type { components } from '../../../generated/kustomer.js';
import { type Clock, systemClock } from '../../../src/clock.js';
import type { SimulatorCore } from '../../../src/simulator/core.js';
import { loadKustomerSpec } from '../../../src/simulator/openapi.js';
import { kustomerDocumentPresent, kustomerResponseIssues } from './kustomer-document.js';

type Schemas = components['schemas'];

const spec = loadKustomerSpec();

/** A clock that reads the time from `now`; fault delays still wait on real timers. */
export function clockAt(now: () => number): Clock {
  return { ...systemClock, now };
}
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

/** Fails the test when a response is not one the spec and Kustomer's document describe. */
export function expectSpecResponse(method: string, url: string, status: number, json: unknown) {
  const { pathname } = new URL(url, 'http://simulator.invalid');
  const what = `${method} ${pathname} → ${status}`;
  const operation = spec.matchOperation(method, pathname);
  if (status >= 400) {
    expect(spec.validate('ErrorBody', json), what).toEqual([]);
    expectBothErrorShapes(json, status, what);
  } else if (operation) {
    expect(spec.validateResponse(operation, status, json), what).toEqual([]);
  }
  if (kustomerDocumentPresent) {
    expect(kustomerResponseIssues(method, pathname, status, json), what).toEqual([]);
  }
}

/** Each item has `status`, `code`, `title`, `detail` and `message` (docs/simulator.md). */
function expectBothErrorShapes(json: unknown, status: number, what: string) {
  for (const item of (json as { errors: unknown[] }).errors) {
    expect(item, what).toMatchObject({
      status: String(status),
      code: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
      message: expect.any(String),
    });
  }
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

type ErrorItem = Schemas['KustomerErrorObject'] & Schemas['JsonApiErrorObject'];

export function errorsOf(answer: Answer | 'dropped'): ErrorItem[] {
  return (answered(answer).json as { errors: ErrorItem[] }).errors;
}
