// Prints the closing line CI reads: "N passed, N failed" over every vitest run of `npm test`
// (the main run and each Node of scripts/node-versions.mjs), after one line per run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_RUNS, repoRoot, reportFile } from './node-versions.mjs';

const read = (file) => JSON.parse(readFileSync(join(repoRoot, file), 'utf8'));
const counts = (r) => ({
  passed: r.numPassedTests,
  failed: r.numFailedTests,
  skipped: r.numPendingTests + r.numTodoTests,
});
const line = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;

const main = read('.vitest-report.json');
const runs = [[`Node ${process.versions.node} (main run)`, counts(main)]];
for (const { version } of NODE_RUNS) {
  const file = reportFile(version);
  // A report older than the main run is left from an earlier `npm test`: this one stopped first.
  const report = existsSync(join(repoRoot, file)) ? read(file) : undefined;
  const current = report !== undefined && report.startTime >= main.startTime;
  runs.push([`Node ${version}`, current ? counts(report) : undefined]);
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (const [name, c] of runs) {
  console.log(`  ${name}: ${c ? line(c) : 'not run'}`);
  for (const key of Object.keys(total)) total[key] += c?.[key] ?? 0;
}
console.log(line(total));
