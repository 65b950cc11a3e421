/**
 * Which processor answers become a whole-request 503/429 instead of per-event failures.
 *
 * At the processor stage rudder-server aborts every element that is not 200 (or 298), and retries
 * the whole HTTP call only when the transformer's own status is 429, 408 or ≥ 500
 * (docs/rudder-contract.md §1). So an identify whose lookup failed for a transient reason (429,
 * 5xx, timeout, network) would be lost if answered per event. Here such a request is answered
 * 503 (429 when every transient failure was a 429) with `Retry-After`, and rudder-server sends it
 * again; the transformation is pure, so nothing reaches Kustomer twice.
 *
 * rudder-server retries for about 11 minutes (`Processor.maxRetry` 30, backoff from 0.5 s ×1.5 up to
 * `Processor.maxRetryBackoffInterval` 30 s) and then, with `failOnError` off (its default), stops
 * its processor with a panic: every source and destination stalls. So one event may hold its
 * request back only for `poisonAfterMs` (default 5 minutes, under half that window) from its first
 * transient failure; after that it is answered per event, like RudderStack's own destination does
 * at once, and the rest of its batch goes through (docs/rudder-contract.md §9).
 */
import type { ProcessorOutput, RudderMetadata } from './types.js';

export interface TransientPolicy {
  /** How long one event's lookup may keep failing before it is answered per event. */
  poisonAfterMs: number;
  now: () => number;
}

export interface RetryVerdict {
  status: 429 | 503;
  /** Whole seconds, for `Retry-After`. */
  retryAfterSeconds: number;
}

/** Default `poisonAfterMs`: under half of rudder-server's ~11-minute retry window. */
export const DEFAULT_POISON_AFTER_MS = 5 * 60_000;

/** Events being remembered at once; past it the oldest is forgotten (it then starts afresh). */
const CAPACITY = 10_000;

/** Kustomer's rate window is a minute (docs/kustomer-api.md §5); a 503 is usually shorter. */
const RETRY_AFTER_THROTTLED_S = 10;
const RETRY_AFTER_UNAVAILABLE_S = 2;

export class TransientFailures {
  readonly #firstFailed = new Map<string, number>();
  readonly #policy: TransientPolicy;

  constructor(policy: TransientPolicy) {
    this.#policy = policy;
  }

  /**
   * The whole-request answer for these outputs, or undefined to answer them per event. Events
   * that succeeded are forgotten; events past the bound are left per event.
   */
  verdict(outputs: readonly ProcessorOutput[]): RetryVerdict | undefined {
    const now = this.#policy.now();
    let transient = 0;
    let throttled = 0;
    outputs.forEach((output, index) => {
      const key = eventKey(output.metadata, index);
      if (!isTransient(output)) {
        this.#firstFailed.delete(key);
        return;
      }
      const first = this.#firstFailed.get(key);
      if (first === undefined) this.#remember(key, now);
      else if (now - first >= this.#policy.poisonAfterMs) return;
      transient++;
      if (output.statusCode === 429) throttled++;
    });
    if (transient === 0) return undefined;
    return throttled === transient
      ? { status: 429, retryAfterSeconds: RETRY_AFTER_THROTTLED_S }
      : { status: 503, retryAfterSeconds: RETRY_AFTER_UNAVAILABLE_S };
  }

  /** Events remembered now, for tests. */
  get size(): number {
    return this.#firstFailed.size;
  }

  #remember(key: string, now: number): void {
    if (this.#firstFailed.size >= CAPACITY) {
      const oldest = this.#firstFailed.keys().next();
      if (!oldest.done) this.#firstFailed.delete(oldest.value);
    }
    this.#firstFailed.set(key, now);
  }
}

/** A lookup that failed for a reason that may pass: 429 or 5xx from Kustomer, or no answer. */
function isTransient(output: ProcessorOutput): boolean {
  if (!('error' in output)) return false;
  const status = output.statusCode;
  return output.statTags.errorCategory === 'network' && (status === 429 || status >= 500);
}

/**
 * rudder-server sends the same job again with the same metadata; `messageId` and `jobId` name it.
 * Without metadata (a hand-made call) the position in the batch stands in.
 */
function eventKey(metadata: RudderMetadata | undefined, index: number): string {
  const id = metadata?.messageId ?? metadata?.jobId;
  if (id === undefined) return `#${index}`;
  return `${String(metadata?.destinationId)}\n${String(id)}`;
}
