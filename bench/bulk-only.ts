/**
 * `npm run bench:bulk [-- USERS]`: only the backfill section (bench/bulk.ts), printed as a table and
 * as JSON. The full `npm run bench` runs it too, with a million users.
 */
import { benchBulkScenarios, reportBulk } from './bulk.js';
import { Report } from './report.js';

const users = Number(process.argv[2] ?? 1_000_000);
const report = new Report();
const runs = await benchBulkScenarios(users);
reportBulk(report, runs);
report.print();
console.log(JSON.stringify({ date: new Date().toISOString(), users, runs }, null, 2));
