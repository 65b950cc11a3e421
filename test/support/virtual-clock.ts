import type { Clock } from '../../src/clock.js';

/**
 * Virtual time for rate-window tests: a sleep moves the clock to its wake time (never backwards)
 * and resolves on the next macrotask, so minutes of pacing run in milliseconds.
 */
export interface VirtualClock extends Clock {
  advance(ms: number): void;
  /** Every sleep asked for, in order. */
  readonly sleeps: number[];
}

export function createVirtualClock(start = Date.UTC(2026, 0, 1)): VirtualClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random: () => 0.5,
    advance(ms) {
      now += ms;
    },
    sleep(ms, signal) {
      sleeps.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason);
      const wake = now + Math.max(ms, 0);
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          now = Math.max(now, wake);
          resolve();
        }),
      );
    },
  };
}
