import { describe, expect, it } from 'vitest';
import { failureKind, type Outcome, Tally, warningKind } from '../../../src/cli/tally.js';

const ok = (action: string, requests = 1, retries = 0): Outcome => ({
  ok: true,
  action,
  requests,
  retries,
});
const failed = (name: string, status?: number): Outcome => ({
  ok: false,
  error: { name, message: 'no', retryable: false, ...(status === undefined ? {} : { status }) },
  requests: status === undefined ? 0 : 1,
  retries: 0,
});

describe('Tally', () => {
  it('counts only events that went to Kustomer as sent, and invalid lines on their own', () => {
    const tally = new Tally();
    tally.record(ok('created', 2));
    tally.record(ok('updated', 3, 1));
    tally.record(ok('tracked'));
    tally.record(failed('InvalidEventError'));
    tally.record(failed('KustomerApiError', 503));
    tally.record(failed('InvalidJsonError'));
    tally.lines.skipped += 1;
    expect(tally.summary(1234)).toMatchObject({
      sent: 4,
      actions: { created: 1, updated: 1, tracked: 1 },
      failed: 1,
      invalid: 2,
      retried: 1,
      requests: 7,
      skipped: 1,
      failures: {
        'KustomerApiError 503': { count: 1 },
        InvalidEventError: { count: 1 },
        InvalidJsonError: { count: 1 },
      },
      elapsedMs: 1234,
    });
  });

  it('lists every action it was given, even those that never happened', () => {
    expect(new Tally(['deleted', 'notFound']).summary(0).actions).toEqual({
      deleted: 0,
      notFound: 0,
    });
  });

  it('gives each failure kind the hint for its first error', () => {
    const tally = new Tally(['tracked'], (error) =>
      error.status === 401 ? 'check the key' : undefined,
    );
    tally.record(failed('KustomerApiError', 401));
    tally.record(failed('KustomerApiError', 401));
    tally.record(failed('KustomerApiError', 500));
    expect(tally.summary(0).failures).toEqual({
      'KustomerApiError 401': { count: 2, hint: 'check the key' },
      'KustomerApiError 500': { count: 1 },
    });
  });

  it('counts warnings by kind with their values masked, and values not sent by name', () => {
    const tally = new Tally();
    for (const phone of ['"12"', '"ab"']) {
      tally.record({
        ...ok('created'),
        warnings: [`traits.phone ${phone} is not a phone number: dropped`],
        notSent: ['traits.plan', 'traits.logins'],
      });
    }
    tally.record({ ...ok('updated'), notSent: ['traits.plan'] });
    const s = tally.summary(0);
    expect(s.warnings).toBe(2);
    expect(s.warningKinds).toEqual({ 'traits.phone "…" is not a phone number: dropped': 2 });
    expect(s.notSent).toEqual({ 'traits.plan': 3, 'traits.logins': 2 });
  });

  it('keeps a bounded number of kinds, counting the rest together', () => {
    const tally = new Tally();
    for (let i = 0; i < 150; i += 1) tally.record({ ...ok('tracked'), notSent: [`traits.t${i}`] });
    const notSent = tally.summary(0).notSent;
    expect(Object.keys(notSent)).toHaveLength(101);
    expect(notSent['(other kinds)']).toBe(50);
  });

  it('says how many lines read did not settle', () => {
    const tally = new Tally();
    for (let i = 0; i < 5; i += 1) tally.lines.read += 1;
    for (let i = 0; i < 3; i += 1) tally.lines.settled += 1;
    expect(tally.summary(0, { interrupted: 'SIGTERM' })).toMatchObject({
      lines: { read: 5, settled: 3, unsettled: 2 },
      interrupted: 'SIGTERM',
    });
  });
});

describe('failureKind', () => {
  it('names the status, or for a request with no answer why', () => {
    const error = { name: 'KustomerApiError', message: 'x', retryable: true };
    expect(failureKind({ ...error, status: 503 })).toBe('KustomerApiError 503');
    expect(failureKind({ ...error, status: 0, code: 'timeout' })).toBe('KustomerApiError timeout');
    expect(
      failureKind({ ...error, status: 0, message: 'network error: fetch failed (ECONNREFUSED)' }),
    ).toBe('KustomerApiError network error ECONNREFUSED');
    expect(failureKind({ ...error, status: 0 })).toBe('KustomerApiError network error');
    expect(failureKind({ name: 'InvalidEventError', message: 'x', retryable: false })).toBe(
      'InvalidEventError',
    );
  });
});

describe('warningKind', () => {
  it('masks strings and scalar values, keeping the path and the rule', () => {
    expect(warningKind('properties.price true is not a number or string: dropped')).toBe(
      'properties.price … is not a number or string: dropped',
    );
    expect(
      warningKind('event "Größe gewählt" is not a valid Kustomer event name: sent as "G"'),
    ).toBe('event "…" is not a valid Kustomer event name: sent as "…"');
    expect(warningKind('traits.tags (an object) is not an array: dropped')).toBe(
      'traits.tags (an object) is not an array: dropped',
    );
  });
});
