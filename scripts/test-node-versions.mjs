// Runs the suites that exercise the package itself (unit, contract, property and the packed
// tarball) under each Node of scripts/node-versions.mjs, with that node first on PATH so the
// tests' own child processes (node, npm) use it too. `.ci/run` runs this after `npm test`, which
// runs every suite on the Node that runs it and downloads nothing.
// Arguments narrow the run: `npm run test:node-versions -- 24` (a major or an exact version).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { NODE_RUNS, nodeBinDir, nodePackage, repoRoot, reportFile } from './node-versions.mjs';

const wanted = process.argv.slice(2);
const runs = NODE_RUNS.filter(
  ({ version: v }) => wanted.length === 0 || wanted.some((w) => v === w || v.startsWith(`${w}.`)),
);
if (runs.length === 0) {
  const pinned = NODE_RUNS.map((r) => r.version).join(', ');
  console.error(`No pinned Node matches ${wanted.join(', ')}; pinned: ${pinned}`);
  process.exit(2);
}

// Asked for by name (by .ci/run or a developer), so a machine the registry has no binaries for is
// an error, not a silent pass.
if (nodePackage === undefined) {
  console.error(
    `The npm registry has no Node binaries for ${process.platform} ${process.arch}; run ${runs.map((r) => r.version).join(', ')} on Linux x64 or arm64`,
  );
  process.exit(1);
}

let failed = 0;
for (const { version, suites } of runs) {
  rmSync(join(repoRoot, reportFile(version)), { force: true });
  const bin = nodeBinDir(version);
  console.log(`\nNode ${version}: ${suites.join(' ')}`);
  const run = spawnSync(
    join(bin, 'node'),
    [
      join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      ...suites,
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
