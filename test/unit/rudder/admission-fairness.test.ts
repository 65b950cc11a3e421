/**
 * Fair admission (src/rudder/admission.ts), in virtual time: closed-loop clients post requests of
 * two sizes to a server with few working slots; a request turned away with 503 is posted again after
 * a backoff, as rudder-server does (docs/rudder-contract.md §1). Each request's wait is the time from
 * its first post to the start of its handling, 503s and retries included; a request still not
 * handled when the run ends counts with its wait so far, so starving requests are not left out.
 */
import { describe, expect, it } from 'vitest';
import { createAdmission } from '../../../src/rudder/admission.js';

/** Timers in virtual milliseconds, run in time order (ties in the order they were set). */
class VirtualClock {
  now = 0;
  #timers: { at: number; seq: number; fire: () => void }[] = [];
  #seq = 0;

  sleep(ms: number): Promise<void> {
    return new Promise((fire) => {
      this.#timers.push({ at: this.now + ms, seq: this.#seq++, fire });
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    });
  }

  async run(until: number): Promise<void> {
    await settle();
    while (this.#timers.length > 0 && (this.#timers[0]?.at ?? Infinity) <= until) {
      const timer = this.#timers.shift();
      if (timer === undefined) break;
      this.now = timer.at;
      timer.fire();
      await settle();
    }
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Load {
  clients: number;
  slots: number;
  /** Handling time of the n-th request a client posts. */
  handling: (n: number) => number;
  retryAfterMs: number;
  horizonMs: number;
}

/** Each handled request's wait, in virtual ms. */
async function waits(load: Load): Promise<number[]> {
  const clock = new VirtualClock();
  const admission = createAdmission({
    maxRequests: load.slots,
    maxBytes: Number.POSITIVE_INFINITY,
  });
  const recorded: number[] = [];
  const pending = new Set<number>();
  let stop = false;
  const client = async (id: number) => {
    for (let n = id; !stop; n += load.clients) {
      const first = clock.now;
      pending.add(first);
      for (;;) {
        const ticket = admission.admit();
        // Awaited whether `work` answers at once or later: the harness runs any admission.
        if (ticket !== undefined && (await ticket.work())) {
          pending.delete(first);
          recorded.push(clock.now - first);
          await clock.sleep(load.handling(n));
          ticket.release();
          break;
        }
        ticket?.release();
        await clock.sleep(load.retryAfterMs);
      }
      await clock.sleep(1);
    }
  };
  const clients = Array.from({ length: load.clients }, (_, id) => client(id));
  await clock.run(load.horizonMs);
  stop = true;
  void clients;
  return [...recorded, ...[...pending].map((first) => clock.now - first)];
}

function ratio(values: number[]): { median: number; max: number; maxOverMedian: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const max = sorted.at(-1) ?? 0;
  return { median, max, maxOverMedian: max / Math.max(median, 1) };
}

describe('fair admission', () => {
  it('keeps every wait within 10 times the median when clients outnumber the slots', async () => {
    // 32 clients, 8 slots (and the default queue of 32): one request in ten is a big batch taking
    // ten times as long.
    const recorded = await waits({
      clients: 32,
      slots: 8,
      handling: (n) => (n % 10 === 0 ? 200 : 20),
      retryAfterMs: 1_000,
      horizonMs: 60_000,
    });
    const { median, max, maxOverMedian } = ratio(recorded);
    expect(recorded.length, 'requests handled').toBeGreaterThan(10_000);
    console.info(
      `admission-fairness: max wait ${max} ms, median ${median} ms, ${recorded.length} requests`,
    );
    expect(maxOverMedian, `max wait ${max} ms, median ${median} ms`).toBeLessThanOrEqual(10);
    expect(median, 'the median wait: slots are scarce').toBeGreaterThan(0);
  });

  it('serves waiting requests in arrival order', async () => {
    const admission = createAdmission({
      maxRequests: 1,
      maxQueued: 3,
      maxBytes: Number.POSITIVE_INFINITY,
    });
    const first = admission.admit();
    expect(await first?.work()).toBe(true);
    const started: number[] = [];
    const waiting = [1, 2, 3].map((n) => {
      const ticket = admission.admit();
      return ticket?.work().then((ok) => {
        if (ok) started.push(n);
        return ticket;
      });
    });
    expect(admission.usage().queued).toBe(3);
    first?.release();
    (await waiting[0])?.release();
    (await waiting[1])?.release();
    await waiting[2];
    expect(started).toEqual([1, 2, 3]);
  });

  it('turns a request away at once when the queue is full, and frees a waiting one released', async () => {
    const admission = createAdmission({
      maxRequests: 1,
      maxQueued: 1,
      maxBytes: Number.POSITIVE_INFINITY,
    });
    const working = admission.admit();
    await working?.work();
    const queued = admission.admit();
    const queuedWork = queued?.work();
    const refused = admission.admit();
    expect(await refused?.work()).toBe(false);
    queued?.release();
    expect(await queuedWork).toBe(false);
    expect(admission.usage()).toMatchObject({ requests: 1, queued: 0 });
    working?.release();
    expect(admission.usage()).toMatchObject({ requests: 0, queued: 0, reading: 0 });
  });
});
