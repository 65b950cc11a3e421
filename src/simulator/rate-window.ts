/**
 * Kustomer's rate limit: an org-wide budget over a fixed 60-second window (docs/kustomer-api.md
 * §5). Windows are aligned to whole minutes of the injected clock, so a test that moves the clock
 * past the window end always starts a fresh budget. Without a limit there is no window and no
 * rate-limit header: no source gives Kustomer's default, so the simulator claims none.
 */

const WINDOW_MS = 60_000;

export interface RateState {
  limit: number;
  remaining: number;
  /** UTC epoch seconds at which the current window ends. */
  resetAt: number;
}

export interface RateWindow {
  /** Counts one request; `allowed` is false once the window's budget is spent. */
  take(): { allowed: boolean; state?: RateState };
  /** The current state without counting a request; undefined without a limit. */
  peek(): RateState | undefined;
  reset(): void;
}

export function createRateWindow(limit: number | undefined, now: () => number): RateWindow {
  if (limit === undefined) {
    return { take: () => ({ allowed: true }), peek: () => undefined, reset: () => {} };
  }
  let window = Number.NEGATIVE_INFINITY;
  let used = 0;

  const roll = (): number => {
    const current = Math.floor(now() / WINDOW_MS);
    if (current !== window) {
      window = current;
      used = 0;
    }
    return current;
  };
  const state = (current: number): RateState => ({
    limit,
    remaining: Math.max(0, limit - used),
    resetAt: ((current + 1) * WINDOW_MS) / 1000,
  });

  return {
    take() {
      const current = roll();
      if (used >= limit) return { allowed: false, state: state(current) };
      used += 1;
      return { allowed: true, state: state(current) };
    },
    peek: () => state(roll()),
    reset() {
      window = Number.NEGATIVE_INFINITY;
      used = 0;
    },
  };
}
