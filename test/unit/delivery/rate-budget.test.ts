import { describe, expect, it } from 'vitest';
import { RateBudget } from '../../../src/delivery/rate-budget.js';
import { createVirtualClock } from '../../support/virtual-clock.js';

const headers = (values: Record<string, number>) =>
  new Headers(Object.entries(values).map(([k, v]) => [k, String(v)]));

async function startTimes(budget: RateBudget, now: () => number, count: number) {
  const starts: number[] = [];
  for (let i = 0; i < count; i++) {
    await budget.acquire();
    starts.push(now());
  }
  return starts;
}

describe('RateBudget', () => {
  it('sends one request alone until the first answer, then does not pace without a limit', async () => {
    const clock = createVirtualClock();
    const budget = new RateBudget({ clock });
    await budget.acquire();
    let second = false;
    const waiting = budget.acquire().then(() => {
      second = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBe(false);
    budget.observe(200, new Headers());
    await waiting;
    const starts = await startTimes(budget, clock.now, 5);
    expect(new Set(starts).size).toBe(1);
  });

  it('slows down as the org has less left than the window has time (other replicas spend it)', async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 1, 0, 0, 0));
    const budget = new RateBudget({ clock });
    const reset = Date.UTC(2026, 0, 1, 0, 1, 0) / 1000;
    const seen = (remaining: number) =>
      headers({
        'x-ratelimit-limit': 120,
        'x-ratelimit-remaining': remaining,
        'x-ratelimit-reset': reset,
      });
    await budget.acquire();
    budget.observe(200, seen(119));
    const before = clock.now();
    await budget.acquire();
    // 60 s left, 119 remaining less a reserve of 3: about 0.5 s.
    expect(clock.now() - before).toBeGreaterThanOrEqual(500);
    budget.observe(200, seen(23));
    const later = clock.now();
    await budget.acquire();
    // Others spent the budget: 20 usable for the time left, not the limit's 0.5 s.
    expect(clock.now() - later).toBeGreaterThanOrEqual(
      (60_000 - (later - Date.UTC(2026, 0, 1))) / 20 - 1,
    );
    budget.observe(200, seen(3));
    await budget.acquire();
    // Only the reserve is left: the next request waits for the window to end.
    expect(clock.now()).toBeGreaterThanOrEqual(reset * 1000);
  });

  it('spreads requests evenly over the minute at the limit Kustomer reports', async () => {
    const clock = createVirtualClock();
    const budget = new RateBudget({ clock });
    budget.observe(200, headers({ 'x-ratelimit-limit': 600, 'x-ratelimit-remaining': 599 }));
    const starts = await startTimes(budget, clock.now, 10);
    for (let i = 1; i < starts.length; i++) {
      expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(100);
    }
  });

  it('paces at the configured cap when it is below the reported limit', () => {
    const budget = new RateBudget({ requestsPerMinute: 60, clock: createVirtualClock() });
    budget.observe(200, headers({ 'x-ratelimit-limit': 1000 }));
    expect(budget.intervalMs).toBe(1000);
  });

  it('paces at the reported limit when it is below the configured cap', () => {
    const budget = new RateBudget({ requestsPerMinute: 2000, clock: createVirtualClock() });
    budget.observe(200, headers({ 'x-ratelimit-limit': 300 }));
    expect(budget.intervalMs).toBe(200);
  });

  it('holds every request until the reset after a 429', async () => {
    const clock = createVirtualClock();
    const budget = new RateBudget({ clock });
    const reset = Math.ceil((clock.now() + 30_000) / 1000);
    budget.observe(429, headers({ 'x-ratelimit-limit': 1000, 'x-ratelimit-reset': reset }));
    await budget.acquire();
    expect(clock.now()).toBeGreaterThanOrEqual(reset * 1000);
  });

  it('holds requests when nothing remains in the window', async () => {
    const clock = createVirtualClock();
    const budget = new RateBudget({ clock });
    const before = clock.now();
    budget.observe(200, headers({ 'x-ratelimit-limit': 60, 'x-ratelimit-remaining': 0 }));
    await budget.acquire();
    expect(clock.now()).toBeGreaterThan(before);
  });

  it('stops waiting when the signal aborts', async () => {
    const clock = createVirtualClock();
    const budget = new RateBudget({ clock });
    budget.observe(429, headers({ 'x-ratelimit-reset': 60 }));
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(budget.acquire(controller.signal)).rejects.toThrow('stop');
  });
});
