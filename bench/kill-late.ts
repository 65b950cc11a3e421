/**
 * The attacker's rerun of issue 20 finding 3: `send --checkpoint` killed with SIGKILL again and
 * again (each time just as an update is caught to land late), resumed at once, while 15% of
 * customer updates land late; then counts customers left with an older identify's values.
 * `npm run bench:kill-late` (12 kills, --timeout 10000, as the attack); flags: --kills N
 * --events N --users N --timeout MS --late SHARE --seed N. Not a test: it takes minutes.
 */
import { parseArgs } from 'node:util';
import { killAll } from '../test/e2e/support/cli.js';
import { runKillLate } from '../test/reliability/support/kill-late.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '12' },
    events: { type: 'string', default: '3000' },
    users: { type: 'string', default: '60' },
    timeout: { type: 'string', default: '10000' },
    late: { type: 'string', default: '0.15' },
    seed: { type: 'string', default: '20201203' },
  },
});
const options = {
  kills: Number(values.kills),
  events: Number(values.events),
  users: Number(values.users),
  timeoutMs: Number(values.timeout),
  lateShare: Number(values.late),
  seed: Number(values.seed),
};
console.log(`kill-late ${new Date().toISOString()} ${JSON.stringify(options)}`);
try {
  const figures = await runKillLate({
    ...options,
    onKill: (kill, so) => console.log(`  kill ${kill}: ${so.requests} requests, ${so.late} late`),
  });
  console.log(JSON.stringify(figures));
  console.log(
    `${figures.kills} SIGKILLs, ${figures.late} updates landed late: ${figures.stale} of ${options.users} customers stale, ${figures.lost} lost, exit ${figures.exitCode}, ${figures.seconds} s`,
  );
  process.exitCode = figures.stale === 0 && figures.lost === 0 && figures.exitCode === 0 ? 0 : 1;
} finally {
  killAll();
}
