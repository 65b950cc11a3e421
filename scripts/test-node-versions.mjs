// Runs the suites that exercise the package itself (unit, contract, property and the packed
// tarball) under each Node of scripts/node-versions.mjs, with that node first on PATH so the
// tests' own child processes (node, npm) use it too. `npm test` runs this after the main suites.
// Arguments narrow the run to some versions: `npm run test:node-versions -- 24`.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { NODE_VERSIONS, nodeBinDir, repoRoot, reportFile } from './node-versions.mjs';

const SUITES = ['test/unit', 'test/contract', 'test/property', 'test/e2e/packed-package.test.ts'];

const wanted = process.argv.slice(2);
const versions = NODE_VERSIONS.filter(
  (v) => wanted.length === 0 || wanted.some((w) => v === w || v.startsWith(`${w}.`)),
);
if (versions.length === 0) {
  console.error(`No pinned Node matches ${wanted.join(', ')}; pinned: ${NODE_VERSIONS.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const version of versions) {
  rmSync(join(repoRoot, reportFile(version)), { force: true });
  const bin = nodeBinDir(version);
  console.log(`\nNode ${version}: ${SUITES.join(' ')}`);
  const run = spawnSync(
    join(bin, 'node'),
    [
      join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      ...SUITES,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reportFile(version)}`,
    ],
    {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
    },
  );
  if (run.status !== 0) {
    failed++;
    console.error(`Node ${version}: vitest exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
