/**
 * `serve` beside RudderStack's own transformer, over HTTP, one after the other on this machine,
 * both against `kustomer-destination simulator`: rudder-server-shaped processor batches of 20
 * events whose destination `Config` carries rudder-server's own keys as in production, three mixes
 * (track/page/screen; identifies of returning users; 75/25), 8 and 64 clients each. Runs only when
 * a built rudder-transformer is found: RUDDER_TRANSFORMER_DIR, else ../rudder-transformer beside the
 * project (../shared/tools/rudder-transformer/build.sh builds one).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKustomerClient } from '../src/index.js';
import { driveLoad, type Load } from './load.js';
import { startCli, stopChild } from './processes.js';
import type { Report } from './report.js';
import { emailOf, userIdOf } from './stream.js';

type Mix = 'track/page/screen' | 'identify (returning)' | '75/25 mix';
const MIXES: readonly Mix[] = ['track/page/screen', 'identify (returning)', '75/25 mix'];

export interface VersusRun extends Load {
  target: 'serve' | 'rudder-transformer';
  mix: Mix;
}

const USERS = 1_000;
const BATCH = 20;
const KEY = 'versus-key-0123456789';

export function rudderTransformerDir(): string | undefined {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = process.env.RUDDER_TRANSFORMER_DIR ?? resolve(root, '..', 'rudder-transformer');
  return existsSync(resolve(dir, 'dist/src/index.js')) ? dir : undefined;
}

/** A destination as rudder-server sends it: the definition, and Config with its own keys. */
function destination(baseEndpoint: string) {
  return {
    ID: 'dest-kustomer-1',
    Name: 'Kustomer production',
    Enabled: true,
    WorkspaceID: 'ws-1',
    IsProcessorEnabled: true,
    RevisionID: 'rev-1',
    Transformations: [],
    DestinationDefinition: {
      ID: 'def-kustomer',
      Name: 'KUSTOMER',
      DisplayName: 'Kustomer',
      Config: { transformAtV1: 'processor', saveDestinationResponse: true },
    },
    Config: {
      apiKey: KEY,
      baseEndpoint,
      advancedTransform: true,
      setIdentityEmail: false,
      disableEmailAsTrackingProperty: false,
      genericPage: false,
      genericScreen: false,
      consentManagement: [],
      oneTrustCookieCategories: [],
      ketchConsentPurposes: [],
      eventFilteringOption: 'disable',
      whitelistedEvents: [{ eventName: '' }],
      blacklistedEvents: [{ eventName: '' }],
      eventDelivery: false,
      eventDeliveryTS: 1_700_000_000_000,
    },
  };
}

function message(kind: 'identify' | 'track' | 'page' | 'screen', user: number, n: number) {
  const base = {
    type: kind,
    userId: userIdOf(user),
    anonymousId: `anon-${user}`,
    messageId: `msg-${n}`,
    channel: 'web',
    context: {
      library: { name: 'RudderLabs JavaScript SDK', version: '3.0.0' },
      locale: 'en-US',
      page: { path: '/pricing', url: 'https://example.com/pricing', title: 'Pricing' },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      traits: { email: emailOf(user) },
    },
    originalTimestamp: '2026-12-01T10:00:00.000Z',
    sentAt: '2026-12-01T10:00:01.000Z',
    timestamp: '2026-12-01T10:00:00.500Z',
  };
  if (kind === 'identify') {
    return {
      ...base,
      traits: { email: emailOf(user), firstName: 'Ada', lastName: `L${user}`, plan: 'pro' },
    };
  }
  if (kind === 'track') {
    return {
      ...base,
      event: 'Order Completed',
      properties: { revenue: 42.5, currency: 'EUR', items: 3 },
    };
  }
  return {
    ...base,
    name: kind === 'page' ? 'Pricing' : 'Checkout',
    properties: { path: '/pricing' },
  };
}

function bodies(mix: Mix, baseEndpoint: string): string[] {
  const out: string[] = [];
  const kinds = ['track', 'page', 'screen'] as const;
  for (let b = 0, n = 0; b < 200; b++) {
    const batch = [];
    for (let i = 0; i < BATCH; i++, n++) {
      const user = (n * 7919) % USERS;
      const identify = mix === 'identify (returning)' || (mix === '75/25 mix' && n % 4 === 3);
      const kind = identify ? 'identify' : (kinds[n % 3] ?? 'track');
      batch.push({
        message: message(kind, user, n),
        metadata: {
          sourceId: 'src-1',
          workspaceId: 'ws-1',
          destinationId: 'dest-kustomer-1',
          destinationType: 'KUSTOMER',
          jobId: n + 1,
          messageId: `msg-${n}`,
          rudderId: `rudder-${user}`,
          receivedAt: '2026-12-01T10:00:01.000Z',
          sourceType: 'Javascript',
          sourceCategory: '',
          eventName: kind === 'track' ? 'Order Completed' : '',
          eventType: kind,
        },
        // In the plain form every event carries its own copy, as rudder-server's JSON does.
        destination: destination(baseEndpoint),
      });
    }
    out.push(JSON.stringify(batch));
  }
  return out;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

/** rudder-transformer's server as its start script runs it: offline, one process, no functions. */
async function startRudder(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/src/index.js'], {
    cwd: dir,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(port),
      METRICS_PORT: String(await freePort()),
      CLUSTER_ENABLED: 'false',
      ENABLE_FUNCTIONS: 'false',
      LOG_LEVEL: 'error',
      CONFIG_BACKEND_URL: 'http://127.0.0.1:9',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; waited < 120_000; waited += 250) {
    if (child.exitCode !== null)
      throw new Error(`rudder-transformer exited with ${child.exitCode}`);
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, url };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error('rudder-transformer did not start within 2 minutes');
}

export async function benchVersusRudder(options: {
  dir: string;
  seconds: number;
  clients: readonly number[];
}): Promise<VersusRun[]> {
  const simulator = await startCli(['simulator', '--port', '0']);
  const runs: VersusRun[] = [];
  try {
    const client = createKustomerClient({
      apiKey: KEY,
      baseUrl: simulator.url,
      allowInsecureBaseUrl: true,
    });
    // Every user is returning: known by email and by userId.
    for (let user = 0; user < USERS; user++) {
      await client.customers.create({
        externalId: userIdOf(user),
        emails: [{ email: emailOf(user) }],
      });
    }
    const targets = [
      {
        target: 'serve' as const,
        start: () => startCli(['serve', '--port', '0', '--allow-insecure-base-endpoint']),
      },
      { target: 'rudder-transformer' as const, start: () => startRudder(options.dir) },
    ];
    for (const { target, start } of targets) {
      const server = await start();
      try {
        const url = new URL('/v0/destinations/kustomer', server.url);
        for (const mix of MIXES) {
          const mixBodies = bodies(mix, simulator.url);
          // A short warm-up (JIT, connection pools) that is not measured.
          await driveLoad({ url, bodies: mixBodies, eventsPerBody: BATCH, clients: 8, seconds: 1 });
          for (const clients of options.clients) {
            const load = await driveLoad({
              url,
              bodies: mixBodies,
              eventsPerBody: BATCH,
              clients,
              seconds: options.seconds,
              pid: server.child.pid,
            });
            runs.push({ target, mix, ...load });
          }
        }
      } finally {
        await stopChild(server.child);
      }
    }
  } finally {
    await stopChild(simulator.child);
  }
  return runs;
}

/** Section 6's rows: each run's figures, and serve's ratio to rudder-transformer (target ≥ 2×). */
export function reportVersus(report: Report, runs: readonly VersusRun[]): void {
  for (const run of runs) {
    const name = `${run.target}, ${run.mix}, ${run.clients} clients`;
    report.info('6', `${name}: events/s`, run.eventsPerSecond, 'events/s');
    report.info(
      '6',
      `${name}: p50 / p99 per batch`,
      run.medianLatencyMs,
      `ms / ${Math.round(run.p99LatencyMs)} ms`,
    );
    report.info('6', `${name}: peak RSS`, run.peakRssMb ?? 0, 'MB');
    if (run.failedPosts > 0)
      report.info('6', `${name}: posts not answered 200`, run.failedPosts, '');
  }
  for (const serve of runs.filter((run) => run.target === 'serve')) {
    const theirs = runs.find(
      (run) =>
        run.target === 'rudder-transformer' &&
        run.mix === serve.mix &&
        run.clients === serve.clients,
    );
    if (theirs === undefined || theirs.eventsPerSecond === 0) continue;
    const where = `${serve.mix}, ${serve.clients} clients`;
    report.check(
      '6',
      `serve ÷ rudder-transformer events/s, ${where}`,
      serve.eventsPerSecond / theirs.eventsPerSecond,
      '×',
      { min: 2 },
    );
    report.check(
      '6',
      `serve ÷ rudder-transformer p99, ${where}`,
      serve.p99LatencyMs / Math.max(theirs.p99LatencyMs, 1e-3),
      '×',
      { max: 1 },
    );
  }
}
