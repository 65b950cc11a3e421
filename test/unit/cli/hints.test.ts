import { describe, expect, it } from 'vitest';
import { authStop, failureHint, SEND_ROLES } from '../../../src/cli/hints.js';
import type { Outcome } from '../../../src/cli/tally.js';
import type { DeliveryError } from '../../../src/delivery/types.js';

const context = { host: 'api.prod2.kustomerapp.com', roles: SEND_ROLES };
const api = (status: number, extra: Partial<DeliveryError> = {}): DeliveryError => ({
  name: 'KustomerApiError',
  message: `Kustomer POST /v1/customers failed with HTTP ${status}`,
  status,
  retryable: status === 0,
  ...extra,
});

describe('failureHint', () => {
  it('tells a refused key to check the key and its roles', () => {
    expect(failureHint(api(401), context)).toBe(
      'Kustomer refused the API key: check the key, and that it has the roles org.permission.customer.read, org.permission.customer.create, org.permission.customer.update, org.tracking, org.permission.company.read, org.permission.company.create and org.permission.company.update',
    );
    expect(failureHint(api(403), context)).toMatch(
      /the API key lacks a role: check that it has org\.permission\.customer\.read, .*org\.tracking, .* and org\.permission\.company\.update/,
    );
  });

  it('names the host and the system code of a network error', () => {
    const refused = api(0, { message: 'network error: fetch failed (ECONNREFUSED)' });
    expect(failureHint(refused, context)).toBe(
      'nothing answers at api.prod2.kustomerapp.com (ECONNREFUSED): check the host and that it is up',
    );
    const unknown = api(0, { message: 'network error: fetch failed (ENOTFOUND)' });
    expect(failureHint(unknown, context)).toMatch(
      /^api\.prod2\.kustomerapp\.com does not resolve \(ENOTFOUND\)/,
    );
    expect(failureHint(api(0, { message: 'network error: fetch failed' }), context)).toBe(
      'cannot reach api.prod2.kustomerapp.com: check the host and the network',
    );
  });

  it('has nothing to add to a bad request or an invalid event', () => {
    expect(failureHint(api(400), context)).toBeUndefined();
    expect(
      failureHint({ name: 'InvalidEventError', message: 'no type', retryable: false }, context),
    ).toBeUndefined();
  });
});

const failedWith = (status: number): Outcome => ({
  ok: false,
  error: api(status),
  requests: 1,
  retries: 0,
});
const invalid: Outcome = {
  ok: false,
  error: { name: 'InvalidEventError', message: 'x', retryable: false },
  requests: 0,
  retries: 0,
};

describe('authStop', () => {
  it('stops once the first 20 events sent all failed with the same authentication error', () => {
    const stop = authStop((error) => failureHint(error, context));
    const reasons = Array.from({ length: 19 }, () => stop(failedWith(401)));
    expect(reasons.every((r) => r === undefined)).toBe(true);
    expect(stop(invalid)).toBeUndefined();
    expect(stop(failedWith(401))).toMatch(
      /^the first 20 all failed with KustomerApiError 401: Kustomer refused the API key/,
    );
    expect(stop(failedWith(401))).toBeUndefined();
  });

  it('goes on when one of the first 20 succeeded', () => {
    const stop = authStop(() => undefined);
    stop({ ok: true, action: 'tracked', requests: 1, retries: 0 });
    const reasons = Array.from({ length: 30 }, () => stop(failedWith(401)));
    expect(reasons.filter((r) => r !== undefined)).toEqual([]);
  });

  it('goes on when the failures differ or are not about the key', () => {
    const mixed = authStop(() => undefined);
    const statuses = Array.from({ length: 20 }, (_, i) => (i === 7 ? 403 : 401));
    expect(statuses.map((s) => mixed(failedWith(s))).filter(Boolean)).toEqual([]);
    const unavailable = authStop(() => undefined);
    const reasons = Array.from({ length: 20 }, () => unavailable(failedWith(503)));
    expect(reasons.filter(Boolean)).toEqual([]);
  });
});
