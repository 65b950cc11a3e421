import { describe, expect, it } from 'vitest';
import {
  handlerFetch,
  runInVirtualTime,
  simulatorOnClock,
  VirtualClock,
} from '../../bench/virtual-time.js';
import { createKustomerDestination, type RudderEvent } from '../../src/index.js';

// Two destinations (as two replicas would) share one org budget of 60 requests a minute, on one
// virtual clock so that minutes of rate windows take a moment (docs/reliability.md, "Replicas").
const START = Date.UTC(2026, 0, 1, 0, 0, 20);
const LIMIT = 60;

describe('destinations sharing one org budget', () => {
  it('pace by what remains: no 429 storm, and the budget is used', async () => {
    const clock = new VirtualClock(START);
    const simulator = simulatorOnClock(clock, { rateLimitPerMinute: LIMIT });
    const inProcess = handlerFetch(simulator.handlers);
    const starts: { at: number; status: number }[] = [];
    const fetch = async (request: Request) => {
      const at = clock.now();
      const response = await inProcess.fetch(request);
      starts.push({ at, status: response.status });
      return response;
    };
    const replica = (name: string) => {
      const destination = createKustomerDestination({
        apiKey: 'replica-key',
        baseUrl: 'https://api.kustomerapp.com',
        fetch,
        clock,
      });
      const events: RudderEvent[] = Array.from({ length: 150 }, (_, i) => ({
        type: 'track',
        event: 'Viewed',
        userId: `${name}-${i % 10}`,
      }));
      return destination.sendBatch(events);
    };
    const results = await runInVirtualTime(
      clock,
      inProcess.inFlight,
      Promise.all([replica('a'), replica('b')]),
    );
    expect(results.flat().every((r) => r.ok)).toBe(true);
    const tooMany = starts.filter((s) => s.status === 429).length;
    expect(tooMany / starts.length).toBeLessThanOrEqual(0.01);
    // The whole minutes inside the run: how much of each one's budget was accepted.
    const first = Math.ceil(START / 60_000) * 60_000;
    const last = Math.floor(Math.max(...starts.map((s) => s.at)) / 60_000) * 60_000;
    const minutes = (last - first) / 60_000;
    expect(minutes).toBeGreaterThanOrEqual(3);
    const accepted = starts.filter((s) => s.status !== 429 && s.at >= first && s.at < last).length;
    expect(accepted / (LIMIT * minutes)).toBeGreaterThanOrEqual(0.9);
  });
});
