/**
 * A client-side limiter for the organisation's request budget. Kustomer allows 300 to 2,000
 * requests per minute per organisation, shared by every key and every process (docs/kustomer-api.md
 * §5), and reports it in `x-ratelimit-limit` / `x-ratelimit-remaining`, adding `x-ratelimit-reset`
 * (UTC epoch seconds) once the budget is spent.
 *
 * Requests are paced by what the org has left, not by what this process has used: the next start
 * waits (time left in the window) ÷ (requests remaining, less a small reserve and this process's
 * unanswered requests). One process alone spreads the budget evenly over the window; N replicas
 * reading the same `remaining` slow each other down, so together they use the window's budget
 * without running it out before the reset (docs/reliability.md, "Replicas"). The window's end is
 * the reset Kustomer named, else a minute after the window was first seen to start. After a 429, or
 * when only the reserve remains, every request waits for the reset.
 */
import { parseRateLimitReset } from '../client/retry.js';
import type { RequestGate } from '../client/types.js';
import { type Clock, systemClock } from '../clock.js';

const WINDOW_MS = 60_000;
/** Past the window's end before starting again: the server's clock may run a little behind. */
const RESET_MARGIN_MS = 250;

export class RateBudget implements RequestGate {
  readonly #clock: Clock;
  readonly #cap: number | undefined;
  #limit: number | undefined;
  /** What Kustomer said remained, and this process's requests started since (unanswered). */
  #remaining: number | undefined;
  #unanswered = 0;
  #windowEnd: number | undefined;
  #lastStart = Number.NEGATIVE_INFINITY;
  #blockedUntil = 0;
  /** Before the first answer, one request goes alone: the answer says what the budget is. */
  #probe: Promise<void> | undefined;
  #probed: (() => void) | undefined;
  #answered = false;

  constructor(options: { requestsPerMinute?: number | undefined; clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#cap = options.requestsPerMinute;
  }

  /** The least milliseconds between request starts (0 when unpaced): the limit's even spread. */
  get intervalMs(): number {
    const limit = Math.min(this.#limit ?? Number.POSITIVE_INFINITY, this.#cap ?? Infinity);
    return Number.isFinite(limit) && limit > 0 ? WINDOW_MS / limit : 0;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    if (this.#probe !== undefined) await this.#wait(this.#probe, signal);
    else if (!this.#answered && this.#cap === undefined && this.#unanswered === 0) {
      this.#probe = new Promise((resolve) => {
        this.#probed = resolve;
      });
    }
    for (;;) {
      const now = this.#clock.now();
      const start = this.#earliest(now);
      if (start <= now) break;
      await this.#clock.sleep(start - now, signal);
    }
    this.#lastStart = this.#clock.now();
    this.#unanswered++;
  }

  observe(status: number, headers: Headers | undefined, resetMs?: number): void {
    this.#answered = true;
    this.#unanswered = Math.max(0, this.#unanswered - 1);
    const probed = this.#probed;
    this.#probe = undefined;
    this.#probed = undefined;
    probed?.();
    const now = this.#clock.now();
    const limit = headerInt(headers, 'x-ratelimit-limit');
    if (limit !== undefined && limit > 0) this.#limit = limit;
    const resetIn = resetMs ?? parseRateLimitReset(headers?.get('x-ratelimit-reset') ?? null, now);
    const remaining = headerInt(headers, 'x-ratelimit-remaining');
    this.#trackWindow(now, remaining, resetIn);
    if (status !== 429 && (remaining === undefined || remaining > this.#reserve())) return;
    const wait =
      resetIn ??
      (this.#windowEnd === undefined ? undefined : this.#windowEnd - now + RESET_MARGIN_MS) ??
      Math.max(this.intervalMs, 1_000);
    this.#blockedUntil = Math.max(this.#blockedUntil, now + wait);
  }

  /** Where the current window ends: the named reset, else a minute after a new window showed. */
  #trackWindow(now: number, remaining: number | undefined, resetIn: number | undefined): void {
    if (resetIn !== undefined) this.#windowEnd = now + resetIn;
    else if (remaining !== undefined) {
      const before = this.#remaining;
      // A jump in what remains is a new window (answers of one window may arrive out of order).
      const renewed = before !== undefined && remaining > before + Math.max(2, this.#reserve());
      if (this.#windowEnd === undefined || renewed) this.#windowEnd = now + WINDOW_MS;
    }
    if (remaining !== undefined) this.#remaining = remaining;
    while (this.#windowEnd !== undefined && this.#windowEnd <= now) {
      this.#windowEnd += WINDOW_MS;
      this.#remaining = this.#limit;
    }
  }

  /** Kept back from every window, so replicas that read the same `remaining` do not overrun it. */
  #reserve(): number {
    return this.#limit === undefined ? 0 : Math.max(2, Math.ceil(this.#limit / 50));
  }

  /** The earliest start for the next request: the even spread, the reset, what the org has left. */
  #earliest(now: number): number {
    const start = Math.max(this.#blockedUntil, this.#lastStart + this.intervalMs);
    if (this.#remaining === undefined || this.#windowEnd === undefined) return start;
    if (this.#windowEnd <= now) {
      this.#windowEnd += WINDOW_MS * Math.ceil((now - this.#windowEnd + 1) / WINDOW_MS);
      this.#remaining = this.#limit;
    }
    const usable = (this.#remaining ?? 0) - this.#reserve() - this.#unanswered;
    if (usable <= 0) return Math.max(start, this.#windowEnd + RESET_MARGIN_MS);
    return Math.max(start, this.#lastStart + (this.#windowEnd - now) / usable);
  }

  async #wait(probe: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
    if (signal === undefined) return probe;
    signal.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const abort = () => reject(signal.reason);
      signal.addEventListener('abort', abort, { once: true });
      void probe.then(() => {
        signal.removeEventListener('abort', abort);
        resolve();
      });
    });
  }
}

function headerInt(headers: Headers | undefined, name: string): number | undefined {
  const raw = headers?.get(name);
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? Math.floor(value) : undefined;
}
