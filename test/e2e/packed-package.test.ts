/**
 * The published tarball works as installed, not only as built here: publint and attw check
 * resolution and types, this checks run time (docs/architecture.md §8.5). It packs a fresh
 * checkout — the repository's files as git would clone them, with no dist/ — so the tarball holds
 * only what `prepare` builds: the way `npm pack` of a clone and `npm install git+…` work before a
 * release. Dependencies come from the npm cache that `npm ci` filled, so no network is needed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let scratch = '';
let consumer = '';

const node = (args: string[]) =>
  execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8', timeout: 60_000 });

/**
 * The files a clone would hold (tracked, plus new ones not ignored, as they are on disk), with the
 * repository's node_modules linked in so `prepare` finds its compiler without a second install.
 */
function freshCheckout(into: string): string {
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  // A node_modules symlink is not the folder .gitignore names, so git lists it: never copy it.
  for (const file of listed.split('\0').filter((f) => f !== '' && f !== 'node_modules')) {
    const from = join(repoRoot, file);
    if (!existsSync(from)) continue;
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(from, join(into, file));
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(into, 'node_modules'), 'junction');
  return into;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kd-packed-'));
  const checkout = freshCheckout(join(scratch, 'checkout'));
  consumer = join(scratch, 'consumer');
  mkdirSync(consumer);
  const quiet = { cwd: consumer, stdio: 'pipe' as const, timeout: 120_000 };
  expect(existsSync(join(checkout, 'dist'))).toBe(false);
  execFileSync(npm, ['pack', '--silent', '--pack-destination', consumer, checkout], quiet);
  const tarball = readdirSync(consumer).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack made no tarball');
  writeFileSync(join(consumer, 'package.json'), '{"name":"consumer","private":true}');
  execFileSync(
    npm,
    ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`],
    quiet,
  );
}, 240_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed package, installed in another project', () => {
  it('imports every entry point as ESM', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `const root = await import('kustomer-destination');
       const rudder = await import('kustomer-destination/rudder');
       const testing = await import('kustomer-destination/testing');
       console.log([typeof root.createKustomerDestination, typeof root.createKustomerClient,
         typeof rudder.processorTransform, typeof testing.createKustomerSimulator].join(' '));`,
    ]);
    expect(out.trim()).toBe('function function function function');
  });

  it('loads with require() through require(esm), without a warning', () => {
    const run = spawnSync(
      process.execPath,
      ['-e', "console.log(typeof require('kustomer-destination').mapEvent)"],
      { cwd: consumer, encoding: 'utf8', timeout: 60_000 },
    );
    expect({ stdout: run.stdout.trim(), stderr: run.stderr }).toEqual({
      stdout: 'function',
      stderr: '',
    });
  });

  it('runs the simulator over HTTP without msw installed', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `const { createKustomerSimulator } = await import('kustomer-destination/testing');
       const sim = createKustomerSimulator();
       const { url } = await sim.listen(0);
       const res = await fetch(url + '/v1/customers/email=a%40b.co', { headers: { authorization: 'Bearer k' } });
       await sim.close();
       console.log(res.status);`,
    ]);
    expect(out.trim()).toBe('404');
  });

  it('installs the kustomer-destination command', () => {
    const bin = join(consumer, 'node_modules', '.bin', 'kustomer-destination');
    const out = execFileSync(bin, ['--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(out).toContain('demo');
    expect(out).toContain('serve');
  });

  it('runs `npx kustomer-destination demo`', () => {
    const run = spawnSync(npx, ['--no-install', 'kustomer-destination', 'demo'], {
      cwd: consumer,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Delivered [\d,]+ of [\d,]+ events in /m);
  }, 150_000);
});
