import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { generated, readNdjson, seqOf, tempDir, writeNdjson } from './support/files.js';
import { useSimulatorServer } from './support/simulator.js';

const dir = tempDir();
const API_KEY = 'e2e-key';
const kustomer = useSimulatorServer(API_KEY);
afterAll(dir.remove);

function send(args: readonly string[], options: { input?: string } = {}) {
  return runCli(['send', ...args, '--base-url', kustomer.url, '--allow-insecure-base-url'], {
    ...options,
    env: { KUSTOMER_API_KEY: API_KEY },
    timeoutMs: 120_000,
  });
}

describe('kustomer-destination send', () => {
  it('delivers 2,000 generated events: every tracking event once, one customer per user', async () => {
    const events = generated(2000);
    const file = dir.path('2000.ndjson');
    writeNdjson(file, events);

    const result = await send([file, '--concurrency', '8']);

    expect(result.stderr).toMatch(/^Delivered 2,000 of 2,000 events$/m);
    expect(result.code).toBe(0);
    const tracking = events.filter((e) => e.type !== 'identify');
    const received = kustomer.simulator.events
      .map((e) => e.meta.seq)
      .sort((a, b) => Number(a) - Number(b));
    expect(received).toEqual(tracking.map(seqOf));
    const users = new Set(events.map((e) => e.userId));
    const customers = kustomer.simulator.customers;
    expect(customers.map((c) => c.attributes.externalId).sort()).toEqual([...users].sort());
    const identifies = events.filter((e) => e.type === 'identify').length;
    expect(customers.reduce((n, c) => n + c.updates, 0)).toBe(identifies - users.size);
  });

  it('delivers one user’s events in input order', async () => {
    const events = generated(300, 3);
    writeNdjson(dir.path('order.ndjson'), events);
    const result = await send([dir.path('order.ndjson')]);
    expect(result.code).toBe(0);
    const byUser = new Map<string, number[]>();
    for (const event of kustomer.simulator.events) {
      const key = String(event.identity?.externalId);
      byUser.set(key, [...(byUser.get(key) ?? []), Number(event.meta.seq)]);
    }
    for (const seqs of byUser.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('reads stdin and prints the summary as JSON on stdout with --json', async () => {
    const events = generated(40, 4);
    const input = `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
    const result = await send(['-', '--json'], { input });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ sent: 40, failed: 0, created: 4 });
    expect(summary.created + summary.updated + summary.tracked).toBe(40);
    expect(summary.requests).toBe(kustomer.simulator.requests.length);
  });

  it('with --dry-run prints the planned requests, sends nothing and needs no API key', async () => {
    const events = generated(30, 3);
    const file = dir.path('dry.ndjson');
    writeNdjson(file, events);
    const result = await runCli([
      'send',
      file,
      '--dry-run',
      '--base-url',
      kustomer.url,
      '--allow-insecure-base-url',
    ]);
    expect(result.code).toBe(0);
    expect(kustomer.simulator.requests).toHaveLength(0);
    const planned = result.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(new Set(planned.map((p) => p.line))).toEqual(new Set(events.map((_, i) => i + 1)));
    for (const request of planned) {
      expect(['GET', 'POST', 'PUT']).toContain(request.method);
      expect(request.url.startsWith(`${kustomer.url}/v1/`)).toBe(true);
      expect(typeof request.operation).toBe('string');
    }
    expect(planned).toContainEqual(
      expect.objectContaining({ method: 'POST', url: `${kustomer.url}/v1/tracking/identityEvent` }),
    );
  });

  it('delivers the good lines, dead-letters the bad ones with their line numbers, and takes the dead letters back', async () => {
    const events = generated(50, 5);
    const lines = [
      ...events.slice(0, 10),
      '{"type": "track", "userId": ',
      JSON.stringify({ type: 'track', userId: 'user-001' }),
      '',
      ...events.slice(10),
    ];
    const file = dir.path('mixed.ndjson');
    writeNdjson(file, lines);
    // Three tracking events fail for good (400 is not retried) and must come back on the rerun.
    const removeFault = kustomer.simulator.inject({
      status: 400,
      method: 'POST',
      path: '/v1/tracking/identityEvent',
      everyNth: 7,
      times: 3,
    });

    const deadLetters = dir.path('dead.ndjson');
    const first = await send([file, '--dead-letter', deadLetters]);
    removeFault();

    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/^line 11: InvalidJsonError: invalid JSON/m);
    expect(first.stderr).toMatch(/^line 12: InvalidEventError: /m);
    expect(first.stderr).toMatch(/^ {2}failed +5 +\(2 invalid\)$/m);
    const letters = readNdjson(deadLetters) as {
      event: unknown;
      error: { name: string };
      line: number;
    }[];
    expect(letters).toHaveLength(5);
    expect(letters.filter((l) => l.error.name === 'KustomerApiError')).toHaveLength(3);
    expect(letters.map((l) => l.line)).toEqual(expect.arrayContaining([11, 12]));
    expect(letters.find((l) => l.line === 11)?.event).toBe('{"type": "track", "userId": ');
    expect(kustomer.simulator.events).toHaveLength(
      events.filter((e) => e.type !== 'identify').length - 3,
    );

    const again = dir.path('dead-again.ndjson');
    const second = await send([deadLetters, '--dead-letter', again, '--json']);
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout)).toMatchObject({ sent: 5, tracked: 3, failed: 2, invalid: 2 });
    expect(kustomer.simulator.events).toHaveLength(
      events.filter((e) => e.type !== 'identify').length,
    );
    expect(readNdjson(again)).toHaveLength(2);
    expect(readFileSync(again, 'utf8')).not.toContain(API_KEY);
  });

  it('exits 1 when Kustomer refuses every event, and never prints the key', async () => {
    const events = generated(5, 1);
    const file = dir.path('unauthorised.ndjson');
    writeNdjson(file, events);
    const result = await runCli(
      [
        'send',
        file,
        '--base-url',
        kustomer.url,
        '--allow-insecure-base-url',
        '--api-key',
        'wrong-key-123',
      ],
      { timeoutMs: 60_000 },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/KustomerApiError 401/);
    expect(result.stdout + result.stderr).not.toContain('wrong-key-123');
  });
});
