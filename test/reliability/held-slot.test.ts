/**
 * A write whose answer was lost is held (docs/reliability.md §3), and while it is held its user's
 * lane waits, but its concurrency slot goes to other users: one lost answer must not stall the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { track } from '../support/events.js';

const API_KEY = 'held-slot-key';
// Long enough that ten sequential events to a local simulator finish inside it on a loaded machine.
const HOLD_MS = 3_000;
const simulator = createKustomerSimulator({ apiKey: API_KEY });
let url = '';
beforeAll(async () => {
  url = (await simulator.listen(0)).url;
});
afterAll(() => simulator.close());

describe('a held write', () => {
  it("gives its concurrency slot to other users while its own user's lane waits", {
    timeout: 15_000,
  }, async () => {
    let dropped = false;
    /** Lets the first tracking write of user "held" land, then loses its answer (a reset connection). */
    const fetch = async (request: Request): Promise<Response> => {
      const body = await request.clone().text();
      const response = await globalThis.fetch(request);
      if (!dropped && body.includes('"held"')) {
        dropped = true;
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        });
      }
      return response;
    };
    const destination = createKustomerDestination({
      apiKey: API_KEY,
      baseUrl: url,
      allowInsecureBaseUrl: true,
      concurrency: 1,
      lostWriteHoldMs: HOLD_MS,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      fetch,
    });
    const started = performance.now();
    const settledAt: Record<string, number> = {};
    const at =
      (name: string) =>
      <T>(result: T): T => {
        settledAt[name] = performance.now() - started;
        return result;
      };
    const held = destination.send(track('held', 'First')).then(at('held'));
    const heldNext = destination.send(track('held', 'Second')).then(at('heldNext'));
    const others = Promise.all(
      Array.from({ length: 10 }, (_, i) => destination.send(track(`other-${i}`, 'Paid'))),
    ).then(at('others'));
    const results = await Promise.all([held, heldNext, others]);
    const othersMs = Math.round(settledAt.others ?? 0);
    console.log(
      `reliability/held-slot concurrency 1, one write held ${HOLD_MS} ms: 10 other users' events done in ${othersMs} ms, the held user's next event at ${Math.round(settledAt.heldNext ?? 0)} ms`,
    );
    expect(results[0]).toMatchObject({ ok: true, uncertain: 1 });
    expect(results[1]).toMatchObject({ ok: true });
    expect(results[2].every((r) => r.ok)).toBe(true);
    expect(othersMs).toBeLessThan(HOLD_MS);
    expect(settledAt.heldNext ?? 0).toBeGreaterThanOrEqual(HOLD_MS);
  });
});
