/**
 * `npm run version-packages` (changeset version), run in a scratch copy of package.json and
 * .changeset/: the pending changesets become the next version and a CHANGELOG.md that the
 * package's `files` ships. The repository itself is never touched.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

type Bump = 'major' | 'minor' | 'patch';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const changesetBin = join(repoRoot, 'node_modules', '@changesets', 'cli', 'bin.js');
const pendingIn = (dir: string) =>
  readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md');
const versionOf = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

/** Semver's next version for the largest bump, as changesets computes it. */
function nextVersion(version: string, bumps: Bump[]): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (bumps.includes('major')) return `${major + 1}.0.0`;
  if (bumps.includes('minor')) return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

function bumpOf(changeset: string): Bump {
  const bump = /^\s*["']?kustomer-destination["']?\s*:\s*(major|minor|patch)\s*$/m.exec(changeset);
  if (!bump?.[1])
    throw new Error(`changeset names no bump for kustomer-destination:\n${changeset}`);
  return bump[1] as Bump;
}

/** The first line of a changeset's text, as it appears in the changelog. */
const summaryOf = (changeset: string) =>
  changeset.replace(/^---[\s\S]*?---\s*/, '').split('\n')[0] ?? '';

let scratch = '';
const changesets: string[] = [];

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kd-release-'));
  cpSync(join(repoRoot, 'package.json'), join(scratch, 'package.json'));
  cpSync(join(repoRoot, '.changeset'), join(scratch, '.changeset'), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  // One changeset of our own, so the release has something to do even right after a release.
  writeFileSync(
    join(scratch, '.changeset', 'scratch-release-check.md'),
    '---\n"kustomer-destination": patch\n---\n\nScratch release check.\n',
  );
  for (const file of pendingIn(join(scratch, '.changeset'))) {
    changesets.push(readFileSync(join(scratch, '.changeset', file), 'utf8'));
  }
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('changeset version in a scratch copy', () => {
  let before = '';

  beforeAll(() => {
    before = versionOf(scratch);
    execFileSync(process.execPath, [changesetBin, 'version'], {
      cwd: scratch,
      stdio: 'pipe',
      timeout: 60_000,
    });
  }, 90_000);

  it('bumps the version by the largest pending change', () => {
    expect(versionOf(scratch)).toBe(nextVersion(before, changesets.map(bumpOf)));
  });

  it('writes every pending change into CHANGELOG.md under the new version', () => {
    const changelog = readFileSync(join(scratch, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain(`## ${versionOf(scratch)}\n`);
    for (const changeset of changesets) expect(changelog).toContain(summaryOf(changeset));
  });

  it('consumes the changesets it released', () => {
    expect(pendingIn(join(scratch, '.changeset'))).toEqual([]);
  });

  it('ships the CHANGELOG.md in the package', () => {
    const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: scratch,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    const [report] = JSON.parse(out) as [{ files: { path: string }[] }];
    expect(report.files.map((f) => f.path)).toContain('CHANGELOG.md');
  });
});
