/**
 * Arbitrary and extreme JSON into every entry point: `send`, `sendBatch`, `plan`,
 * `processorTransform` and the `serve` handler. Every input gets a result or a typed error, nothing
 * hangs (the test timeout would say), the server keeps answering, and the API key appears in no
 * result, error or log line.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryError, KustomerDestination } from '../../src/delivery/types.js';
import { createKustomerDestination } from '../../src/destination.js';
import { createTransformerHandler, processorTransform } from '../../src/rudder/index.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { untyped } from '../support/events.js';
import { extremes, hostileInput, nestedJson, SEED } from './support/hostile.js';
import { countLeaks, HOSTILE_KEY } from './support/leaks.js';

const TYPED_ERRORS = [
  'InvalidEventError',
  'ConfigurationError',
  'KustomerApiError',
  'KustomerError',
];
const simulator = createKustomerSimulator({ apiKey: HOSTILE_KEY });
/** Everything the package handed back or logged, scanned for the key at the end. */
const seen: string[] = [];
let simulatorUrl = '';
let destination: KustomerDestination;
let serveUrl = '';
let closeServe: () => Promise<void>;

beforeAll(async () => {
  simulatorUrl = (await simulator.listen(0)).url;
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    seen.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };
  destination = createKustomerDestination({
    apiKey: HOSTILE_KEY,
    baseUrl: simulatorUrl,
    allowInsecureBaseUrl: true,
    retry: { maxAttempts: 2, baseDelayMs: 1 },
    timeoutMs: 5_000,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  });
  const server = createServer(createTransformerHandler({ allowInsecureBaseEndpoint: true }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serveUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeServe = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
});
afterAll(async () => {
  await closeServe();
  await simulator.close();
});

function expectTyped(error: DeliveryError): void {
  expect(TYPED_ERRORS).toContain(error.name);
  expect(typeof error.message).toBe('string');
}

/** A processor input with a config that works, so each event's own content decides the outcome. */
const processorInput = (message: unknown, jobId: number) => ({
  message,
  destination: { Config: { apiKey: HOSTILE_KEY, baseEndpoint: simulatorUrl } },
  metadata: { jobId },
});

/** Outputs without the request rudder-server is meant to send: that one carries the key by design. */
function reported(outputs: unknown): string {
  return JSON.stringify(outputs, (name, field) => (name === 'output' ? '[request]' : field));
}

describe('hostile input to the library', () => {
  it('send answers every input with a result, failures typed', { timeout: 120_000 }, async () => {
    const check = async (input: unknown) => {
      const result = await destination.send(untyped(input));
      seen.push(JSON.stringify(result));
      if (!result.ok) expectTyped(result.error);
    };
    await fc.assert(fc.asyncProperty(hostileInput, check), { seed: SEED, numRuns: 80 });
    for (const input of extremes()) await check(input);
  });

  it('sendBatch answers every input in order', { timeout: 120_000 }, async () => {
    const check = async (inputs: unknown[]) => {
      const results = await destination.sendBatch(inputs.map(untyped));
      expect(results).toHaveLength(inputs.length);
      for (const result of results) if (!result.ok) expectTyped(result.error);
      seen.push(JSON.stringify(results));
    };
    await fc.assert(fc.asyncProperty(fc.array(hostileInput, { maxLength: 12 }), check), {
      seed: SEED,
      numRuns: 15,
    });
    await check(extremes());
  });

  it('plan answers every input with a plan or a typed error', { timeout: 60_000 }, async () => {
    const lookups = ['none', 'email', 'externalId'] as const;
    const check = async (input: unknown, lookup: (typeof lookups)[number]) => {
      const planned = destination.plan(untyped(input), lookup);
      if (!planned.ok) expectTyped(planned.error);
      seen.push(JSON.stringify(planned.ok ? planned.calls : planned.error));
    };
    await fc.assert(fc.asyncProperty(hostileInput, fc.constantFrom(...lookups), check), {
      seed: SEED,
      numRuns: 300,
    });
    for (const input of extremes()) for (const lookup of lookups) await check(input, lookup);
  });

  it('processorTransform answers every input, none with an untyped 500', {
    timeout: 60_000,
  }, async () => {
    const check = async (inputs: unknown[]) => {
      const outputs = await processorTransform(inputs as never);
      expect(outputs).toHaveLength(inputs.length);
      for (const output of outputs) expect(output.statusCode).not.toBe(500);
      seen.push(reported(outputs));
    };
    const inputs = fc.array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.tuple(hostileInput, fc.nat()).map(([m, id]) => processorInput(m, id)),
        },
        { weight: 1, arbitrary: hostileInput },
      ),
      { maxLength: 10 },
    );
    await fc.assert(fc.asyncProperty(inputs, check), { seed: SEED, numRuns: 60 });
    await check(extremes().map((message, index) => processorInput(message, index)));
  });
});

describe('hostile input to serve', () => {
  const post = async (body: string) => {
    const response = await fetch(`${serveUrl}/v0/destinations/kustomer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    seen.push(response.status === 200 ? reported(JSON.parse(text)) : text);
    return response.status;
  };

  it('answers every request without a 500 and keeps answering', { timeout: 120_000 }, async () => {
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const events = fc.array(
      fc.tuple(hostileInput, fc.nat()).map(([m, id]) => processorInput(m, id)),
      { maxLength: 8 },
    );
    await fc.assert(
      fc.asyncProperty(events, async (inputs) => {
        const status = await post(JSON.stringify(inputs));
        count(status);
        expect(status).toBe(200);
      }),
      { seed: SEED, numRuns: 40 },
    );
    // JSON.stringify itself overflows on 10,000 levels: those bodies are built as text.
    const serializable = extremes().filter((input) => {
      try {
        JSON.stringify(input);
        return true;
      } catch {
        return false;
      }
    });
    const raw = [
      '',
      'not json',
      '{"a":',
      '42',
      '"identify"',
      'null',
      '{}',
      '{"__proto__":{"input":[]}}',
      nestedJson(10_000),
      `[${nestedJson(10_000)}]`,
      JSON.stringify(serializable.map((message, index) => processorInput(message, index))),
      `[{"message":{"type":"identify","userId":"deep","traits":${nestedJson(10_000)}},"destination":${JSON.stringify(processorInput(null, 0).destination)}}]`,
      JSON.stringify(Array.from({ length: 10_000 }, (_, index) => ({ jobId: index }))),
    ];
    for (const body of raw) {
      const status = await post(body);
      count(status);
      expect([200, 400, 413]).toContain(status);
    }
    const health = await fetch(`${serveUrl}/health`);
    expect(health.status).toBe(200);
    console.log(`reliability/hostile-input serve statuses ${JSON.stringify([...statuses])}`);
  });
});

describe('the API key', () => {
  it('appears in no result, error, log line or error answer of this file', () => {
    const leaks = countLeaks(seen, HOSTILE_KEY);
    console.log(`reliability/hostile-input: scanned ${seen.length} outputs, ${leaks} with the key`);
    expect(seen.length).toBeGreaterThan(100);
    expect(leaks).toBe(0);
  });
});
