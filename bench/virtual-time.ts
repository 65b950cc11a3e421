/**
 * Virtual time for runs that span many rate windows: a `Clock` whose `sleep` only resolves when
 * the driver moves time forward, and an in-process fetch that answers from the simulator's msw
 * handlers (msw's `getResponse`, no interception, no sockets). The driver moves time to the next
 * sleeper only when no request is in flight and the event loop has gone round twice, so every
 * task that can run without waiting has run.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { getResponse, type RequestHandler } from 'msw';
import { seededRandom } from '../src/cli/demo-events.js';
import type { Clock } from '../src/index.js';
import {
  createKustomerSimulator,
  type KustomerSimulator,
  type SimulatorOptions,
} from '../src/simulator/index.js';

interface Sleeper {
  at: number;
  resolve: () => void;
}

export class VirtualClock implements Clock {
  #now: number;
  #sleepers: Sleeper[] = [];
  readonly #random = seededRandom(7);

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  random(): number {
    return this.#random();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = { at: this.#now + Math.max(0, ms), resolve };
      this.#sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  get sleeping(): number {
    return this.#sleepers.length;
  }

  /** Moves time to the earliest sleeper's wake-up and wakes every sleeper due by then. */
  advance(): void {
    if (this.#sleepers.length === 0) return;
    const next = Math.min(...this.#sleepers.map((s) => s.at));
    this.#now = Math.max(this.#now, next);
    const due = this.#sleepers.filter((s) => s.at <= this.#now);
    this.#sleepers = this.#sleepers.filter((s) => s.at > this.#now);
    for (const sleeper of due) sleeper.resolve();
  }
}

/** A fetch answering from msw handlers in-process, counting the requests in flight. */
export function handlerFetch(handlers: RequestHandler[]): {
  fetch: (request: Request) => Promise<Response>;
  inFlight: () => number;
} {
  let inFlight = 0;
  return {
    inFlight: () => inFlight,
    async fetch(request) {
      inFlight++;
      try {
        const response = await getResponse(handlers, request);
        return response ?? Response.error();
      } finally {
        inFlight--;
      }
    },
  };
}

/** Runs `work` to completion, moving the clock whenever everything left is asleep. */
export async function runInVirtualTime<T>(
  clock: VirtualClock,
  inFlight: () => number,
  work: Promise<T>,
): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  while (!settled) {
    await tick();
    await tick();
    if (!settled && inFlight() === 0 && clock.sleeping > 0) clock.advance();
  }
  return done;
}

/**
 * A simulator whose rate windows follow `clock`. Its time option was `now` (a function) and is
 * becoming `clock` (a Clock); a simulator that knows `clock` refuses `now` as an unknown option, so
 * `now` is tried first and `clock` on refusal. The casts are for whichever of the two the type lacks.
 */
export function simulatorOnClock(clock: Clock, options: SimulatorOptions): KustomerSimulator {
  try {
    return createKustomerSimulator({ ...options, now: () => clock.now() } as SimulatorOptions);
  } catch {
    return createKustomerSimulator({ ...options, clock } as SimulatorOptions);
  }
}
