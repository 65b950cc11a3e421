import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../../src/adapter/validate.js';
import { InvalidEventError } from '../../../src/errors.js';

function rejection(input: unknown): InvalidEventError {
  try {
    validateEvent(input);
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected an InvalidEventError');
}

describe('validateEvent', () => {
  it('returns the lower-cased type and userId as the user key', () => {
    const valid = validateEvent({ type: 'IDENTIFY', userId: 'u1', anonymousId: 'a1' });
    expect(valid).toMatchObject({
      type: 'identify',
      userKey: 'u1',
      userId: 'u1',
      anonymousId: 'a1',
    });
  });

  it('falls back to anonymousId when there is no userId (D10)', () => {
    expect(validateEvent({ type: 'page', anonymousId: 'a1' }).userKey).toBe('a1');
    expect(validateEvent({ type: 'page', userId: '', anonymousId: 'a1' }).userKey).toBe('a1');
  });

  it('takes numeric ids as their decimal strings', () => {
    expect(validateEvent({ type: 'screen', userId: 42 }).userKey).toBe('42');
  });

  it('rejects what is not a plain object', () => {
    for (const input of [null, undefined, 'identify', 3, [], new Map()]) {
      expect(rejection(input).field).toBe('event');
    }
  });

  it('rejects a missing or non-string type, naming the field', () => {
    expect(rejection({ userId: 'u1' })).toMatchObject({
      field: 'type',
      message: 'Event type is required',
    });
    expect(rejection({ type: 7, userId: 'u1' }).field).toBe('type');
  });

  it('rejects alias and unknown types, case-insensitively, and a group without groupId', () => {
    expect(rejection({ type: 'alias', userId: 'u1' })).toMatchObject({
      field: 'type',
      message: 'Event type "alias" is not supported: only identify, track, page, screen and group',
    });
    expect(rejection({ type: 'Group', userId: 'u1' })).toMatchObject({
      field: 'groupId',
      message: 'Group event has no groupId (a non-empty string or a number)',
    });
    expect(rejection({ type: 'Alias', userId: 'u1' }).message).toContain(
      '"Alias" is not supported',
    );
    expect(rejection({ type: 'toString', userId: 'u1' }).field).toBe('type');
  });

  it('rejects an event with neither userId nor anonymousId (D5)', () => {
    for (const ids of [
      {},
      { userId: '' },
      { userId: null, anonymousId: {} },
      { userId: Number.NaN },
    ]) {
      const error = rejection({ type: 'track', event: 'Clicked', ...ids });
      expect(error.field).toBe('userId');
      expect(error.message).toContain('neither userId nor anonymousId');
      expect(error.retryable).toBe(false);
    }
  });

  it("rejects a user id longer than Kustomer's 256-character externalId", () => {
    expect(rejection({ type: 'identify', userId: 'u'.repeat(257) }).field).toBe('userId');
    expect(rejection({ type: 'identify', anonymousId: 'a'.repeat(257) }).field).toBe('anonymousId');
  });

  it('rejects a track without an event name (D5)', () => {
    for (const event of [undefined, '', '   ', 5]) {
      expect(rejection({ type: 'track', userId: 'u1', event }).field).toBe('event');
    }
  });

  it('rejects a track whose name has nothing Kustomer accepts in a name (D4)', () => {
    expect(rejection({ type: 'track', userId: 'u1', event: '123 !!' }).message).toContain(
      'cannot be made a Kustomer event name',
    );
  });

  it('reads own properties only', () => {
    const inherited = Object.create({ type: 'identify', userId: 'u1' });
    expect(rejection(inherited).field).toBe('event');
  });
});
