/**
 * One section alone, printed, and its figures merged into bench/results.json:
 * `npm run bench:replicas` (section 7, `results.replicas`) and `npm run bench:serve-requests`
 * (`serve`'s requests per event on the 100,000-event stream, `results["serve requests per event"]`;
 * `--quick` for the 10,000-event stream) and `npm run bench:serve [seconds]` (section 5, `serve`
 * under 200 connections, 30 s unless told, then `serve --workers 2` the same: `results.serve` and
 * `results["serve, 2 workers"]`).
 */
import { fileURLToPath } from 'node:url';
import { assertBuilt } from './processes.js';
import { benchReplicas, reportReplicas } from './replicas.js';
import { Report } from './report.js';
import { benchServe, reportServe, reportServeWorkers } from './serve.js';
import { benchServeRequests, reportServeRequests } from './serve-requests.js';

assertBuilt();
const name = process.argv[2];
const report = new Report();
let key: string;
let result: unknown;
let alongside: Record<string, unknown> = {};
if (name === 'replicas') {
  const run = await benchReplicas();
  reportReplicas(report, run);
  [key, result] = ['replicas', run];
} else if (name === 'serve-requests') {
  const quick = process.argv.includes('--quick');
  const run = await benchServeRequests(
    quick ? { events: 10_000, users: 500 } : { events: 100_000, users: 5_000 },
  );
  reportServeRequests(report, run);
  [key, result] = ['serve requests per event', run];
} else if (name === 'serve') {
  const seconds = Number(process.argv[3] ?? 30);
  const run = await benchServe(200, seconds);
  reportServe(report, run);
  const workers = await benchServe(200, seconds, 2);
  reportServeWorkers(report, run, workers);
  alongside = { 'serve, 2 workers': workers };
  [key, result] = ['serve', run];
} else {
  throw new Error('bench/section-only.ts needs a section: replicas, serve-requests or serve');
}
report.print();
report.mergeInto(fileURLToPath(new URL('./results.json', import.meta.url)), {
  [key]: result,
  ...alongside,
});
