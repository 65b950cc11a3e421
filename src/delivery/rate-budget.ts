/**
 * A client-side limiter for the organisation's request budget. Kustomer allows 300 to 2,000
 * requests per minute per organisation, shared by every key (docs/kustomer-api.md §5), and reports it in
 * `x-ratelimit-limit` / `x-ratelimit-remaining`, adding `x-ratelimit-reset` (UTC epoch seconds)
 * once the budget is spent. Requests are spread evenly over the minute at the reported limit (or the
 * configured cap, whichever is lower), so a long batch uses the whole budget without bursting into
 * 429s; after a 429, or when nothing remains, every request waits for the reset.
 */
import { parseRateLimitReset } from '../client/retry.js';
import type { RequestGate } from '../client/types.js';
import { type Clock, systemClock } from '../clock.js';

const WINDOW_MS = 60_000;

export class RateBudget implements RequestGate {
  readonly #clock: Clock;
  readonly #cap: number | undefined;
  #intervalMs: number;
  #nextStart = 0;
  #blockedUntil = 0;

  constructor(options: { requestsPerMinute?: number | undefined; clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#cap = options.requestsPerMinute;
    this.#intervalMs = this.#cap ? WINDOW_MS / this.#cap : 0;
  }

  /** Milliseconds between request starts now in force (0 when unpaced). */
  get intervalMs(): number {
    return this.#intervalMs;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.#blockedUntil - this.#clock.now();
      if (wait <= 0) break;
      await this.#clock.sleep(wait, signal);
    }
    if (this.#intervalMs <= 0) return;
    const now = this.#clock.now();
    const start = Math.max(now, this.#nextStart);
    this.#nextStart = start + this.#intervalMs;
    if (start > now) await this.#clock.sleep(start - now, signal);
  }

  observe(status: number, headers: Headers | undefined, resetMs?: number): void {
    const limit = headerInt(headers, 'x-ratelimit-limit');
    if (limit !== undefined && limit > 0) {
      this.#intervalMs = WINDOW_MS / Math.min(limit, this.#cap ?? limit);
    }
    const remaining = headerInt(headers, 'x-ratelimit-remaining');
    if (status !== 429 && remaining !== 0) return;
    const now = this.#clock.now();
    const untilReset =
      resetMs ?? parseRateLimitReset(headers?.get('x-ratelimit-reset') ?? null, now);
    const wait = untilReset ?? Math.max(this.#intervalMs, 1_000);
    this.#blockedUntil = Math.max(this.#blockedUntil, now + wait);
  }
}

function headerInt(headers: Headers | undefined, name: string): number | undefined {
  const raw = headers?.get(name);
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? Math.floor(value) : undefined;
}
