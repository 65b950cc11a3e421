/**
 * The test commands as a fork meets them: `npm test` runs every suite on the Node that runs it and
 * downloads nothing; the data beside the repository is required only where .ci/run says so
 * (KUSTOMER_REQUIRE_SHARED_DATA=1), not wherever CI=true (GitHub and GitLab set it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const ciRun = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
/** .ci/run without its comments. */
const ciCommands = ciRun
  .split('\n')
  .filter((line) => !line.trimStart().startsWith('#'))
  .join('\n');

/** The processor conformance suite with no data where it looks, under the given variables. */
function conformanceWithoutData(env: Record<string, string>) {
  const { KUSTOMER_REQUIRE_SHARED_DATA: _, ...inherited } = process.env;
  return spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', 'test/conformance/processor.test.ts'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...inherited,
        KUSTOMER_CONFORMANCE_DIR: join(repoRoot, 'no-such-conformance-folder'),
        ...env,
      },
    },
  );
}

describe('the test commands', () => {
  it('npm test runs no Node matrix (no download); .ci/run runs it after npm ci and npm test', () => {
    expect(pkg.scripts.test).not.toContain('node-versions');
    const order = ['npm ci', 'npm test', 'npm run test:node-versions'].map((c) =>
      ciCommands.indexOf(c),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('.ci/run requires the conformance data through its own variable', () => {
    expect(ciCommands).toMatch(/^export KUSTOMER_REQUIRE_SHARED_DATA=1$/m);
  });

  it('with CI=true and no conformance data, the conformance suite skips with a notice', () => {
    const run = conformanceWithoutData({ CI: 'true' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toContain('RudderStack conformance data not found');
  }, 150_000);

  it('with KUSTOMER_REQUIRE_SHARED_DATA=1 and no data, the conformance suite fails', () => {
    const run = conformanceWithoutData({ KUSTOMER_REQUIRE_SHARED_DATA: '1' });
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('requires the conformance suites to run');
  }, 150_000);
});
