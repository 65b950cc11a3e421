/**
 * Budget use from a cold start: 3,000 queued events handed to `sendBatch` at once, against the
 * simulator at 600 requests a minute, both on one virtual clock (virtual-time.ts), so the minutes
 * of rate windows take a second or two of real time. The destination is not told the limit: it
 * learns it from the first answers' `x-ratelimit-*` headers, as it would at Kustomer.
 *
 * Budget used = requests Kustomer accepted ÷ (limit × minutes from the first request to the last
 * answer). 429s are counted as a share of every request sent, the first burst included.
 */
import { createKustomerDestination } from '../src/index.js';
import { type StreamShape, streamEvents } from './stream.js';
import { handlerFetch, runInVirtualTime, simulatorOnClock, VirtualClock } from './virtual-time.js';

/** A whole minute, so the first rate window starts with the run, as after a quiet minute. */
const START = Date.UTC(2026, 0, 1, 0, 0, 0);

export interface BudgetUse {
  events: number;
  limitPerMinute: number;
  requests: number;
  accepted: number;
  tooMany: number;
  tooManyShare: number;
  virtualSeconds: number;
  budgetUsed: number;
  delivered: number;
  lost: number;
  realSeconds: number;
}

export async function benchBudget(events: number, limitPerMinute = 600): Promise<BudgetUse> {
  const clock = new VirtualClock(START);
  const simulator = simulatorOnClock(clock, { rateLimitPerMinute: limitPerMinute });
  const inProcess = handlerFetch(simulator.handlers);
  // Counted here, not from the simulator's request log, which may keep only the latest requests.
  const times: number[] = [];
  let tooMany = 0;
  const fetch = async (request: Request) => {
    times.push(clock.now());
    const response = await inProcess.fetch(request);
    if (response.status === 429) tooMany++;
    return response;
  };
  const destination = createKustomerDestination({
    apiKey: 'bench-key',
    baseUrl: 'https://api.kustomerapp.com',
    fetch,
    clock,
  });
  const shape: StreamShape = { events, users: Math.max(1, Math.round(events / 20)) };
  const queued = [...streamEvents(shape)];
  const started = performance.now();
  const results = await runInVirtualTime(clock, inProcess.inFlight, destination.sendBatch(queued));
  const realSeconds = (performance.now() - started) / 1000;

  const requests = times.length;
  const accepted = requests - tooMany;
  const elapsedMs = clock.now() - (times[0] ?? START);
  const delivered = results.filter((r) => r.ok).length;
  return {
    events,
    limitPerMinute,
    requests,
    accepted,
    tooMany,
    tooManyShare: tooMany / Math.max(1, requests),
    virtualSeconds: elapsedMs / 1000,
    budgetUsed: accepted / ((limitPerMinute * Math.max(1, elapsedMs)) / 60_000),
    delivered,
    lost: events - delivered,
    realSeconds,
  };
}
