/**
 * `npm run bench:bulk [-- USERS]`: only the backfill section (bench/bulk.ts), printed as a table;
 * with `--json`, the raw runs as JSON on stdout instead (how `npm run bench` runs it, in a child
 * process with a heap large enough for a million users). Each run is also logged on stderr as it ends.
 */
import { type BulkRun, benchBulkScenario, benchBulkScenarios, reportBulk } from './bulk.js';
import { Report } from './report.js';

const users = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 1_000_000);
const only = process.argv[process.argv.indexOf('--only') + 1];
const log = (name: string, run: BulkRun) => {
  process.stderr.write(`bench: bulk ${name}: ${JSON.stringify(run)}\n`);
};
// `--only new|invalid|halfExisting` runs one scenario.
const runs: Record<string, BulkRun> = process.argv.includes('--only')
  ? { [String(only)]: await benchBulkScenario(String(only), users) }
  : await benchBulkScenarios(users, log);
if (process.argv.includes('--only')) log(String(only), runs[String(only)] as BulkRun);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(runs));
} else {
  const report = new Report();
  reportBulk(report, runs);
  report.print();
  console.log(`\n${new Date().toISOString()}, ${users.toLocaleString('en-US')} users per scenario`);
}
