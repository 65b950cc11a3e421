/**
 * What `npm publish` would upload, read from `npm pack --dry-run`: everything a user needs (the
 * build, its types and source maps, the spec, README, LICENSE) and nothing of the workshop.
 * Needs the build, like the other e2e suites (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

interface PackedFile {
  path: string;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  license: string;
  engines: { node: string };
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
};
let packed = new Set<string>();

beforeAll(() => {
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const [report] = JSON.parse(out) as [{ files: PackedFile[] }];
  packed = new Set(report.files.map((f) => f.path));
}, 150_000);

/** Package-relative paths (`./dist/x.js`) as npm lists them (`dist/x.js`). */
const plain = (target: string) => posix.normalize(target);

const entryPoints = (): string[] => [
  pkg.types,
  ...Object.values(pkg.bin),
  ...Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t))),
];

describe('the package as npm would publish it', () => {
  it('contains every file that exports, types and bin point at', () => {
    const missing = entryPoints()
      .map(plain)
      .filter((p) => !packed.has(p));
    expect(missing).toEqual([]);
  });

  it('contains the README, the LICENSE, SECURITY.md, the docs, package.json and the spec', () => {
    const files = ['README.md', 'LICENSE', 'SECURITY.md', 'docs/architecture.md', 'package.json'];
    for (const file of [...files, 'spec/kustomer.openapi.yaml']) {
      expect(packed, file).toContain(file);
    }
  });

  it('ships a declaration next to every built module', () => {
    const modules = [...packed].filter((p) => p.startsWith('dist/') && p.endsWith('.js'));
    expect(modules.length).toBeGreaterThan(0);
    const untyped = modules.filter((p) => !packed.has(p.replace(/\.js$/, '.d.ts')));
    expect(untyped).toEqual([]);
  });

  it('ships the sources that its source maps point at', () => {
    const maps = [...packed].filter((p) => p.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const dangling = maps.flatMap((map) => {
      const { sources } = JSON.parse(readFileSync(join(repoRoot, map), 'utf8')) as {
        sources: string[];
      };
      return sources.map((s) => posix.join(posix.dirname(map), s)).filter((s) => !packed.has(s));
    });
    expect(dangling).toEqual([]);
  });

  it('leaves out tests, changesets, scripts, caches and scratch files', () => {
    const shipped = [
      /^dist\/(src|generated)\/.+\.(js|d\.ts)(\.map)?$/,
      /^(src|generated)\/.+\.ts$/,
      // The console page: plain files, served as they are.
      /^src\/simulator\/console\/assets\/[a-z-]+\.(html|css|js)$/,
      // The demo's fixed sample events: data the demo reads beside its module.
      /^(dist\/)?src\/cli\/demo-events\.json$/,
      /^spec\/kustomer\.openapi\.yaml$/,
      /^(README\.md|LICENSE|SECURITY\.md|CHANGELOG\.md|package\.json)$/,
      // Comments in the published src/ cite these.
      /^docs\/[A-Za-z-]+\.md$/,
    ];
    expect([...packed].filter((p) => !shipped.some((rule) => rule.test(p)))).toEqual([]);
    expect([...packed].filter((p) => /\.test\.ts$|\.tgz$|\.vitest-report/.test(p))).toEqual([]);
  });

  it('states the MIT licence in package.json and in the LICENSE file', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  it('names the minimum Node version of engines in the README', () => {
    const minimum = /(\d+\.\d+)\.\d+/.exec(pkg.engines.node)?.[1];
    expect(minimum, `engines.node ${pkg.engines.node}`).toBeDefined();
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(`Node ${minimum} or later`);
  });
});
