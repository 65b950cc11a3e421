/**
 * Memory after large requests (issue 20, finding 7): `serve` (the built CLI) answers three 9 MB
 * processor requests, then sits idle; its resident memory comes back down without a restart (V8's
 * memory reducer frees the heap pages of the finished requests once the process is idle). Where
 * /proc is missing the answers are still checked, the memory figures are not.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collect, spawnCli, waitForOutput } from '../e2e/support/cli.js';

const REQUESTS = 3;
const EVENTS = 9_000;

/** Resident memory of a process in MB (VmRSS), or undefined without /proc. */
function rssMb(pid: number | undefined): number | undefined {
  try {
    const kb = Number(
      /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1],
    );
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('serve after large requests', () => {
  it('gives the memory of finished requests back once idle', { timeout: 120_000 }, async () => {
    const server = spawnCli(['serve', '--port', '0']);
    const exited = collect(server, 110_000);
    try {
      const [, url] = await waitForOutput(server, /listening on (http:\/\/\S+)\n/);
      await sleep(500);
      const baseline = rssMb(server.pid);
      const big = 'x'.repeat(900);
      const body = JSON.stringify(
        Array.from({ length: EVENTS }, (_, i) => ({
          message: { type: 'track', userId: `u${i}`, event: 'Viewed', properties: { big } },
          metadata: { jobId: i },
          destination: { Config: { apiKey: 'memory-key' } },
        })),
      );
      let peak = baseline ?? 0;
      for (let n = 0; n < REQUESTS; n++) {
        const answer = await fetch(`${url}/v0/destinations/kustomer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(answer.status).toBe(200);
        expect(((await answer.json()) as unknown[]).length).toBe(EVENTS);
        peak = Math.max(peak, rssMb(server.pid) ?? 0);
      }
      if (baseline === undefined) return;
      // Half of what the requests added is back within a minute of idleness (about 30 s here).
      const target = baseline + (peak - baseline) / 2;
      const idleFrom = Date.now();
      let now = rssMb(server.pid) ?? peak;
      while (now > target && Date.now() - idleFrom < 75_000) {
        await sleep(1_000);
        now = rssMb(server.pid) ?? now;
      }
      console.log(
        `reliability/serve-memory ${REQUESTS} × ${(body.length / 1e6).toFixed(1)} MB: RSS ${Math.round(baseline)} MB idle, ${Math.round(peak)} MB after, ${Math.round(now)} MB ${Math.round((Date.now() - idleFrom) / 1000)} s later`,
      );
      expect(peak).toBeGreaterThan(baseline + 40);
      expect(now).toBeLessThanOrEqual(target);
    } finally {
      server.kill('SIGKILL');
      await exited;
    }
  });
});
