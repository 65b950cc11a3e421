/**
 * `npm run bench:bulk [-- USERS]`: only the backfill section (bench/bulk.ts), printed as a table;
 * with `--json`, the raw runs as JSON on stdout instead (how `npm run bench` runs it, in a child
 * process with a heap large enough for a million users). Each run is also logged on stderr as it ends.
 */
import { benchBulkScenarios, reportBulk } from './bulk.js';
import { Report } from './report.js';

const users = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 1_000_000);
const runs = await benchBulkScenarios(users, (name, run) => {
  process.stderr.write(`bench: bulk ${name}: ${JSON.stringify(run)}\n`);
});
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(runs));
} else {
  const report = new Report();
  reportBulk(report, runs);
  report.print();
  console.log(`\n${new Date().toISOString()}, ${users.toLocaleString('en-US')} users per scenario`);
}
