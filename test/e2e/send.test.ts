import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, runCli, runPipeline, spawnCli } from './support/cli.js';
import { generated, readNdjson, seqOf, tempDir, writeNdjson } from './support/files.js';
import { useSimulatorServer } from './support/simulator.js';
import { closedPort, startStalledServer } from './support/stalled-server.js';

const dir = tempDir();
const API_KEY = 'e2e-key';
const kustomer = useSimulatorServer(API_KEY);
afterAll(dir.remove);

interface Letter {
  event: unknown;
  error: { name: string };
  line: number;
  origin?: { line: number; error: string };
}

function send(args: readonly string[], options: { input?: string } = {}) {
  return runCli(['send', ...args, '--base-url', kustomer.url, '--allow-insecure-base-url'], {
    ...options,
    env: { KUSTOMER_API_KEY: API_KEY },
    timeoutMs: 120_000,
  });
}

describe('kustomer-destination send', () => {
  // A minute: the CLI child and the simulator share the machine with the other test workers.
  it('delivers 2,000 generated events: every tracking event once, one customer per user', {
    timeout: 60_000,
  }, async () => {
    const events = generated(2000);
    const file = dir.path('2000.ndjson');
    writeNdjson(file, events);

    const result = await send([file, '--concurrency', '8']);

    expect(result.stderr).toMatch(/^Delivered 2,000 of 2,000 events$/m);
    expect(result.code).toBe(0);
    const tracking = events.filter((e) => e.type !== 'identify' && e.type !== 'group');
    const received = kustomer.simulator.events
      .map((e) => e.meta.seq)
      .sort((a, b) => Number(a) - Number(b));
    expect(received).toEqual(tracking.map(seqOf));
    const users = new Set(events.map((e) => e.userId));
    const customers = kustomer.simulator.customers;
    expect(customers.map((c) => c.attributes.externalId).sort()).toEqual([...users].sort());
    // Every identify but each user's first updates the customer, and so does every group (its link).
    const writes = events.filter((e) => e.type === 'identify' || e.type === 'group').length;
    expect(customers.reduce((n, c) => n + c.updates, 0)).toBe(writes - users.size);
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
    expect(first.stderr).toMatch(/^ {2}failed +3$/m);
    expect(first.stderr).toMatch(/^ {2}invalid +2 /m);
    expect(first.stderr).toMatch(/^Delivered 47 of 52 events$/m);
    const letters = readNdjson(deadLetters) as Letter[];
    expect(letters).toHaveLength(5);
    expect(letters.filter((l) => l.error.name === 'KustomerApiError')).toHaveLength(3);
    expect(letters.map((l) => l.line)).toEqual(expect.arrayContaining([11, 12]));
    expect(letters.find((l) => l.line === 11)?.event).toBe('{"type": "track", "userId": ');
    expect(kustomer.simulator.events).toHaveLength(
      events.filter((e) => e.type !== 'identify' && e.type !== 'group').length - 3,
    );

    const again = dir.path('dead-again.ndjson');
    const second = await send([deadLetters, '--dead-letter', again, '--json']);
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout)).toMatchObject({ sent: 3, tracked: 3, failed: 0, invalid: 2 });
    expect(kustomer.simulator.events).toHaveLength(
      events.filter((e) => e.type !== 'identify' && e.type !== 'group').length,
    );
    const lettersAgain = readNdjson(again) as Letter[];
    expect(lettersAgain.map((l) => l.origin)).toEqual([
      { line: 11, error: 'InvalidJsonError' },
      { line: 12, error: 'InvalidEventError' },
    ]);
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

describe('send tells what happened', () => {
  it('stops once the first 20 events all fail with a refused key, naming the roles to check', async () => {
    const file = dir.path('refused.ndjson');
    writeNdjson(file, generated(300, 30));
    const result = await runCli(
      ['send', file, '--base-url', kustomer.url, '--allow-insecure-base-url', '--no-progress'],
      { env: { KUSTOMER_API_KEY: 'wrong-key-456' } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Stopped after \d+ events: the first 20 all failed with KustomerApiError 401: Kustomer refused the API key: check the key, and that it has the roles org\.permission\.customer\.read, .*org\.tracking, org\.permission\.company\.read, .* and org\.permission\.company\.update$/m,
    );
    expect(kustomer.simulator.requests.length).toBeLessThan(100);
    expect(result.stdout + result.stderr).not.toContain('wrong-key-456');
    expect(result.stderr).not.toContain('same --checkpoint');
  });

  it('names the host and the system code when nothing answers there', async () => {
    const port = await closedPort();
    const file = dir.path('unreachable.ndjson');
    writeNdjson(file, generated(1, 1));
    const result = await runCli(
      [
        'send',
        file,
        '--base-url',
        `http://127.0.0.1:${port}`,
        '--allow-insecure-base-url',
        '--json',
      ],
      { env: { KUSTOMER_API_KEY: 'e2e-unreachable-key' } },
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).failures).toEqual({
      'KustomerApiError network error ECONNREFUSED': {
        count: 1,
        hint: `nothing answers at 127.0.0.1:${port} (ECONNREFUSED): check the host and that it is up`,
      },
    });
  });

  it("prints the destination's log records on stderr with --verbose, never the key", async () => {
    const file = dir.path('verbose.ndjson');
    writeNdjson(file, generated(5, 1));
    const result = await send([file, '--verbose', '--no-progress']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^debug /m);
    // Every record names the input line it is about, so a lossy event can be found in the file.
    const records = result.stderr.split('\n').filter((l) => /^(debug|info|warn|error) /.test(l));
    expect(records.length).toBeGreaterThan(0);
    expect(records.filter((l) => !/^\w+ \w+ \w+ line=[1-5] /.test(l))).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(API_KEY);
    const quiet = await send([file, '--no-progress']);
    expect(quiet.stderr).not.toMatch(/^debug /m);
  });

  it('refuses a region in capitals, as the library does', async () => {
    const result = await runCli(['send', '-', '--api-key', 'k-123', '--region', 'EU'], {
      input: '',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--region must be one of 'us', 'eu' or 'in'/);
  });
});

describe('send when its reader or Kustomer goes away', () => {
  it('ends a dry run quietly when the reader stops after one line (| head -1)', async () => {
    const file = dir.path('head.ndjson');
    writeNdjson(file, generated(2000, 50));
    const result = await runPipeline(`$CLI send ${file} --dry-run --no-progress | head -1`);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^exit=0$/m);
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled|unexpected error/);
  });

  it('delivers and exits 0 when the reader of --json is gone (| true)', async () => {
    const file = dir.path('true.ndjson');
    const events = generated(200, 10);
    writeNdjson(file, events);
    const result = await runPipeline(
      `$CLI send ${file} --json --base-url ${kustomer.url} --allow-insecure-base-url | true`,
      { env: { KUSTOMER_API_KEY: API_KEY } },
    );
    expect(result.stderr).toMatch(/^exit=0$/m);
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled|unexpected error/);
    expect(kustomer.simulator.events).toHaveLength(
      events.filter((e) => e.type !== 'identify' && e.type !== 'group').length,
    );
  });

  it('on SIGTERM cancels the events a stalled Kustomer holds and exits 143, saying what did not settle', {
    timeout: 60_000,
  }, async () => {
    const stalled = await startStalledServer();
    try {
      const file = dir.path('stalled.ndjson');
      writeNdjson(file, generated(200, 20));
      const child = spawnCli(
        ['send', file, '--base-url', stalled.url, '--allow-insecure-base-url', '--no-progress'],
        { env: { KUSTOMER_API_KEY: API_KEY } },
      );
      const done = collect(child, 45_000);
      const deadline = Date.now() + 10_000;
      // Four requests in flight: the first users' identifies look up their 4 companies, and the
      // other identifies naming one of them wait for that lookup (src/delivery/companies.ts).
      while (stalled.received() < 4 && Date.now() < deadline) {
        await new Promise((wait) => setTimeout(wait, 20));
      }
      child.kill('SIGTERM');
      const signalledAt = Date.now();
      const result = await done;
      // 5 s for the events in flight, then they are cancelled: a shutdown that waited for the
      // client's timeouts (10 s) and retries would take far longer.
      expect(Date.now() - signalledAt).toBeLessThan(9_000);
      expect(result.signal).toBeNull();
      expect(result.code).toBe(143);
      expect(result.stderr).toMatch(/^Interrupted by SIGTERM/m);
      expect(result.stderr).toMatch(/lines read settled; [1-9]\d* did not/);
      // No --checkpoint was given: a rerun would resend every line, so none is promised.
      expect(result.stderr).not.toContain('same --checkpoint');
      expect(result.stderr).toContain('no --checkpoint: a rerun sends every line again');
    } finally {
      await stalled.close();
    }
  });
});
