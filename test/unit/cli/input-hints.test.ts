import { describe, expect, it } from 'vitest';
import { envelopeError } from '../../../src/cli/commands/send.js';
import { withLookAlikeHint } from '../../../src/cli/hints.js';
import { withoutByteOrderMark } from '../../../src/cli/ndjson.js';

const invalid = { name: 'InvalidEventError', message: 'event has no type', retryable: false };

describe('withoutByteOrderMark', () => {
  it('drops a UTF-8 byte-order mark at the start of the first line only', () => {
    expect(withoutByteOrderMark('\uFEFF{"type":"track"}', 1)).toBe('{"type":"track"}');
    expect(withoutByteOrderMark('\uFEFF{}', 2)).toBe('\uFEFF{}');
  });
});

describe('envelopeError', () => {
  it('names a batch envelope and how to unpack it', () => {
    const error = envelopeError({ batch: [{ type: 'track' }, { type: 'identify' }] });
    expect(error).toMatchObject({ name: 'InvalidEventError', retryable: false });
    expect(error?.message).toContain('batch envelope');
    expect(error?.message).toContain('of 2 events');
    expect(error?.message).toContain(".batch[]'");
  });

  it('leaves events alone, even one with a batch property', () => {
    expect(envelopeError({ type: 'track', batch: [] })).toBeUndefined();
    expect(envelopeError({ type: 'track' })).toBeUndefined();
    expect(envelopeError([1])).toBeUndefined();
  });
});

describe('withLookAlikeHint', () => {
  it('asks "did you mean" for keys of other event formats', () => {
    const event = { event_type: 'track', user_id: 'u1', action: 'Clicked' };
    expect(withLookAlikeHint(invalid, event).message).toBe(
      'event has no type (did you mean "userId" instead of "user_id"? did you mean "type" instead of "event_type"? did you mean "event" instead of "action"?)',
    );
  });

  it('says nothing when the RudderStack key is there too, or the error is not about the event', () => {
    expect(withLookAlikeHint(invalid, { type: 'track', userId: 'u', user_id: 'u' })).toBe(invalid);
    const api = { name: 'KustomerApiError', message: 'x', retryable: false };
    expect(withLookAlikeHint(api, { user_id: 'u' })).toBe(api);
  });
});
