/**
 * Lost responses (issue 11, item 1): writes whose answer never comes, but which Kustomer applies
 * anyway, up to twice the timeout later. The user's lane must not move on while such a write can
 * still land, so each customer ends at its user's last identify; tracking duplicates are counted,
 * and the results count the writes that got no answer as `uncertain`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/cli/demo-events.js';
import { createKustomerDestination } from '../../src/destination.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { untyped } from '../support/events.js';
import { type Fault, type FaultProxy, startFaultProxy } from './support/fault-proxy.js';
import { reconcile, workload } from './support/workload.js';

const SEED = 1_000_097;
const API_KEY = 'reliability-lost-responses-key';
const TIMEOUT_MS = 1_000;
/** One write in this many is answered never, and applied late. */
const ONE_IN = 9;

const simulator = createKustomerSimulator({ apiKey: API_KEY });
let proxy: FaultProxy;

/** Updates and tracking writes land between the timeout and twice the timeout after being sent. */
function latePlan(seed: number): (request: { method: string; path: string }) => Fault | undefined {
  const random = seededRandom(seed);
  return ({ method, path }) => {
    const write = method === 'PUT' || (method === 'POST' && path.startsWith('/v1/tracking'));
    if (!write || random() * ONE_IN >= 1) return undefined;
    return { kind: 'late', ms: TIMEOUT_MS + 100 + Math.floor(random() * (TIMEOUT_MS - 100)) };
  };
}

beforeAll(async () => {
  const { url } = await simulator.listen(0);
  proxy = await startFaultProxy(url, latePlan(SEED));
});
afterAll(async () => {
  await proxy.close();
  await simulator.close();
});

describe('writes whose answer is lost and which land late', () => {
  it('leave every customer at its last event and are counted as uncertain', {
    timeout: 120_000,
  }, async () => {
    const events = workload(400, 25);
    const destination = createKustomerDestination({
      apiKey: API_KEY,
      baseUrl: proxy.url,
      allowInsecureBaseUrl: true,
      timeoutMs: TIMEOUT_MS,
      retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 100 },
      concurrency: 25,
    });
    const results = await destination.sendBatch(events.map(untyped));
    await proxy.settled();
    const figures = reconcile(events, simulator, results);
    const late = proxy.injected.late ?? 0;
    console.log(
      `reliability/lost-responses seed=${SEED}: ${proxy.requests} requests, ${late} answers lost and applied late, ${proxy.abandoned} lost to the client's timeout; ${JSON.stringify(figures)}`,
    );
    expect(late).toBeGreaterThan(0);
    expect(figures).toMatchObject({ failed: 0, lost: 0, stale: 0 });
    // Every late write is uncertain; on a loaded machine a write the proxy forwarded may time out
    // too (its answer lost: `abandoned`), and is counted uncertain as it should be.
    expect(figures.uncertain).toBeGreaterThanOrEqual(late);
    expect(figures.uncertain).toBeLessThanOrEqual(late + proxy.abandoned);
    expect(figures.duplicateEvents).toBeLessThanOrEqual(late + proxy.abandoned);
  });
});
