/**
 * Hints for input that looks like events but is not quite: a byte-order mark, a `{"batch": […]}`
 * envelope, and keys from other tools' event formats (`user_id`, `event_type`, `action`).
 */
import type { DeliveryError } from '../delivery/types.js';

const BYTE_ORDER_MARK = '\uFEFF';

/** The line without the UTF-8 byte-order mark that some editors put at the start of a file. */
export function withoutByteOrderMark(text: string, line: number): string {
  return line === 1 && text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

/**
 * The error for a batch envelope (the body of RudderStack's `/v1/batch`) on one line: `send` takes
 * one event per line.
 */
export function envelopeError(value: unknown): DeliveryError | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if ('type' in value || !('batch' in value) || !Array.isArray(value.batch)) return undefined;
  return {
    name: 'InvalidEventError',
    message: `the line is a batch envelope {"batch": [...]} of ${value.batch.length} events, not an event; put one event per line: jq -c '.batch[]' FILE`,
    retryable: false,
  };
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
