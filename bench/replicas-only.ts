/**
 * `npm run bench:replicas`: the replicas section alone (bench/replicas.ts), printed, and its
 * figures merged into bench/results.json under `results.replicas`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assertBuilt } from './processes.js';
import { benchReplicas, reportReplicas } from './replicas.js';
import { Report } from './report.js';

assertBuilt();
const replicas = await benchReplicas();
const report = new Report();
reportReplicas(report, replicas);
report.print();
const out = fileURLToPath(new URL('./results.json', import.meta.url));
const previous = existsSync(out)
  ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>)
  : {};
const results = { ...(previous.results as Record<string, unknown> | undefined), replicas };
const rows = ((previous.rows as { section: string }[] | undefined) ?? []).filter(
  (row) => row.section !== '7',
);
report.rows.unshift(...(rows as never[]));
report.write(out, { ...previous, replicasDate: new Date().toISOString(), results });
console.log(`results merged into ${out}`);
