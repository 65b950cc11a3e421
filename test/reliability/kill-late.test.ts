/**
 * Writes held when a run is killed must not land after the resumed run's newer writes (issue 20
 * finding 3, docs/reliability.md §4): `send --checkpoint` killed with SIGKILL twice (each time just as an update is caught to land late) while 15%
 * of customer updates land late, resumed at once each time, leaves no customer with an older
 * identify's values. `npm run bench:kill-late` runs the attack's twelve kills.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { killAll } from '../e2e/support/cli.js';
import { runKillLate } from './support/kill-late.js';

const SEED = 20_201_203;
afterAll(() => killAll());

describe('send --checkpoint killed while updates land late', () => {
  it('leaves no customer holding an older identify after two SIGKILLs, each as an update is caught late, and immediate resumes', {
    timeout: 120_000,
  }, async () => {
    const figures = await runKillLate({
      kills: 2,
      events: 200,
      users: 20,
      timeoutMs: 2_000,
      lateShare: 0.15,
      seed: SEED,
    });
    console.log(
      `reliability/kill-late seed=${SEED}: 2 SIGKILLs, 15% of updates late, --timeout 2000; ${JSON.stringify(figures)}`,
    );
    expect(figures.late).toBeGreaterThan(0);
    expect(figures.exitCode).toBe(0);
    expect(figures).toMatchObject({ lost: 0, stale: 0, duplicateCustomers: 0 });
  });
});
