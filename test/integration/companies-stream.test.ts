/**
 * Issue 21's "done when": 200 users in 20 companies (groups, identifies with and without
 * traits.company, tracks; users joining, changing and re-joining companies) through `send`,
 * `sendBatch`, and `serve` with its returned requests executed in order as rudder-server would,
 * end with exactly 20 companies, each user linked to their latest one, and no event lost.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RudderEvent } from '../../src/adapter/events.js';
import { createKustomerDestination } from '../../src/destination.js';
import { createTransformerHandler } from '../../src/rudder/http-handler.js';
import type { ProcessorOutput } from '../../src/rudder/types.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { type CompanyStream, companyStream } from '../support/company-stream.js';

const API_KEY = 'test-key-company-stream';
const stream = companyStream();

function expectLanded(simulator: ReturnType<typeof createKustomerSimulator>, s: CompanyStream) {
  expect(simulator.companies.map((c) => c.attributes.externalId).sort()).toEqual(s.companies);
  const idOf = new Map(simulator.companies.map((c) => [c.attributes.externalId, c.id]));
  expect(simulator.customers).toHaveLength(s.latest.size);
  const wrong = [...s.latest].filter(([userId, company]) => {
    const customer = simulator.customers.find((c) => c.attributes.externalId === userId);
    return customer?.attributes.company !== idOf.get(company);
  });
  expect(wrong).toEqual([]);
  expect(simulator.events).toHaveLength(s.tracks);
}

// A few seconds each on a quiet machine; the limit is for a loaded one (each makes ~2,100 requests).
const LOADED = { timeout: 60_000 };

describe('a stream of 200 users in 20 companies', () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const server of servers) server.close();
  });

  /** A destination on its own simulator, reached in process (msw's handlers as a fetch). */
  const destinationOn = async () => {
    const simulator = createKustomerSimulator({ apiKey: API_KEY, strict: true });
    const handle = getResponse.bind(null, simulator.handlers);
    const destination = createKustomerDestination({
      apiKey: API_KEY,
      concurrency: 16,
      retry: { baseDelayMs: 1 },
      fetch: async (request) => (await handle(request)) ?? Response.error(),
    });
    return { simulator, destination };
  };

  it('through send: every call at once, one lane per user', LOADED, async () => {
    const { simulator, destination } = await destinationOn();
    const send = (events: RudderEvent[]) => Promise.all(events.map((e) => destination.send(e)));
    const results = [...(await send(stream.joins)), ...(await send(stream.rest))];
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.filter((r) => r.ok && r.company?.action === 'created')).toHaveLength(20);
    expectLanded(simulator, stream);
  });

  it('through sendBatch', LOADED, async () => {
    const { simulator, destination } = await destinationOn();
    const joined = await destination.sendBatch(stream.joins);
    const rest = await destination.sendBatch(stream.rest);
    expect([...joined, ...rest].filter((r) => !r.ok)).toEqual([]);
    expectLanded(simulator, stream);
  });

  it('through sendBatch with bulk: users with companies go the way of send', LOADED, async () => {
    const { simulator, destination } = await destinationOn();
    const joined = await destination.sendBatch(stream.joins, { bulk: true });
    const rest = await destination.sendBatch(stream.rest, { bulk: true });
    expect([...joined, ...rest].filter((r) => !r.ok)).toEqual([]);
    expectLanded(simulator, stream);
  });

  describe('through serve, its requests executed in order as rudder-server would', () => {
    let transformer = '';
    const simulator = createKustomerSimulator({ apiKey: API_KEY, strict: true });
    // Kustomer in process; the transformer is the real HTTP server `serve` runs.
    const kustomer = async (request: Request) =>
      (await getResponse(simulator.handlers, request)) ?? Response.error();
    beforeAll(async () => {
      const server = createServer(createTransformerHandler({ fetch: kustomer }));
      servers.push(server);
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      transformer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    /** One processor call, then its requests sent one after another; the statuses they got. */
    const deliver = async (events: RudderEvent[], firstJob: number): Promise<number[]> => {
      const destination = { ID: 'kustomer-1', Config: { apiKey: API_KEY } };
      const inputs = events.map((message, i) => ({
        message,
        metadata: { jobId: firstJob + i },
        destination,
      }));
      const answer = await fetch(`${transformer}/v0/destinations/kustomer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(inputs),
      });
      expect(answer.status).toBe(200);
      const outputs = (await answer.json()) as ProcessorOutput[];
      const statuses: number[] = [];
      for (const element of outputs) {
        // Identifies merged into an earlier create (D8) have no request of their own.
        if (!('output' in element)) {
          expect(element.statusCode).toBe(298);
          continue;
        }
        const { method, endpoint, headers, body } = element.output;
        const request = new Request(endpoint, { method, headers, body: JSON.stringify(body.JSON) });
        const sent = await kustomer(request);
        statuses.push(sent.status);
      }
      return statuses;
    };

    it('ends with every company once and every user linked to their latest', LOADED, async () => {
      const statuses: number[] = [];
      const batches = [stream.joins, ...chunks(stream.rest, 100)];
      let job = 1;
      for (const batch of batches) {
        statuses.push(...(await deliver(batch, job)));
        job += batch.length;
      }
      expect(statuses.filter((s) => s >= 300)).toEqual([]);
      expectLanded(simulator, stream);
    });
  });
});

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
