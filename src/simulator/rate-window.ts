/**
 * Kustomer's rate limit: an org-wide budget over a fixed 60-second window (kustomer-api.md §5).
 * Windows are aligned to whole minutes of the injected clock, so a test that moves the clock past
 * the window end always starts a fresh budget.
 */

const WINDOW_MS = 60_000;

/**
 * The limit reported when none is set. The headers stay on every response, as Kustomer sends them,
 * and a client that paces on `x-ratelimit-remaining` never waits.
 */
export const UNLIMITED = Number.MAX_SAFE_INTEGER;

export interface RateState {
  limit: number;
  remaining: number;
  /** UTC epoch seconds at which the current window ends. */
  resetAt: number;
}

export interface RateWindow {
  /** Counts one request; `allowed` is false once the window's budget is spent. */
  take(): RateState & { allowed: boolean };
  /** The current state without counting a request. */
  peek(): RateState;
  reset(): void;
}

export function createRateWindow(limit: number | undefined, now: () => number): RateWindow {
  const budget = limit ?? UNLIMITED;
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
    limit: budget,
    remaining: Math.max(0, budget - used),
    resetAt: ((current + 1) * WINDOW_MS) / 1000,
  });

  return {
    take() {
      const current = roll();
      if (used >= budget) return { ...state(current), allowed: false };
      used += 1;
      return { ...state(current), allowed: true };
    },
    peek: () => state(roll()),
    reset() {
      window = Number.NEGATIVE_INFINITY;
      used = 0;
    },
  };
}
