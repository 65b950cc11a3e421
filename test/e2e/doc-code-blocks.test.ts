/**
 * Every TypeScript block in README.md and docs/*.md compiles against the built package, imported by
 * its name as a user would (the package resolves itself through its `exports`): a renamed export, a
 * changed option or result type breaks this test, not the reader's first try. The blocks of one file
 * form one module, in order, as a reader follows them. Needs the build, like the other e2e suites.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

const out = join(repoRoot, '.tmp', 'doc-code-blocks');
afterAll(() => rmSync(out, { recursive: true, force: true }));

const docs = ['README.md', ...readdirSync(join(repoRoot, 'docs')).map((f) => `docs/${f}`)].filter(
  (f) => f.endsWith('.md'),
);

function blocksOf(file: string): string[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  return [...text.matchAll(/^```(?:ts|typescript|js)\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '');
}

describe('the code blocks of README.md and docs/', () => {
  it('compile against the built package', () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const files: string[] = [];
    for (const doc of docs) {
      const blocks = blocksOf(doc);
      if (blocks.length === 0) continue;
      const name = `${doc.replace(/\W/g, '_')}.ts`;
      writeFileSync(join(out, name), `// ${doc}\n${blocks.join('\n')}\nexport {};\n`);
      files.push(name);
    }
    expect(files).toContain('README_md.ts');
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--noEmit', '--strict', '--skipLibCheck', '--types', 'node'];
    const module = ['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, ...flags, ...module, ...files], {
        cwd: out,
        encoding: 'utf8',
        timeout: 120_000,
      });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  }, 150_000);
});
