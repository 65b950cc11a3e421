/**
 * `kustomer-destination/testing` type-checks in a project without msw, with `skipLibCheck: false`,
 * as long as it does not use `handlers`: the built declarations of the simulator never name msw
 * (src/simulator/types.ts). A tiny consumer is compiled against freshly built .d.ts files in a
 * temporary directory, where msw cannot be resolved.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
let project = '';

function compile(source: string): { ok: boolean; output: string } {
  writeFileSync(join(project, 'consumer.ts'), source);
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'kd-types-'));
  const pkg = join(project, 'node_modules', 'kustomer-destination');
  execFileSync(
    process.execPath,
    [
      tsc,
      '-p',
      join(repo, 'tsconfig.build.json'),
      '--emitDeclarationOnly',
      '--declarationMap',
      'false',
      '--sourceMap',
      'false',
      '--outDir',
      join(pkg, 'dist'),
    ],
    { stdio: 'pipe' },
  );
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'kustomer-destination',
      type: 'module',
      exports: { './testing': { types: './dist/src/simulator/index.d.ts' } },
    }),
  );
  // A Node project has Node's types; it does not have msw.
  mkdirSync(join(project, 'node_modules', '@types'));
  symlinkSync(
    join(repo, 'node_modules', '@types', 'node'),
    join(project, 'node_modules', '@types', 'node'),
  );
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        types: ['node'],
      },
      files: ['consumer.ts'],
    }),
  );
}, 120_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the testing entry point without msw installed', () => {
  it('type-checks a consumer that does not use handlers, with skipLibCheck off', () => {
    const result = compile(`
      import { createKustomerSimulator, type KustomerSimulator } from 'kustomer-destination/testing';
      const simulator: KustomerSimulator = createKustomerSimulator({ apiKey: 'k', strict: true });
      export const customers: number = simulator.customers.length;
    `);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 120_000);

  it('is a project where msw really cannot be resolved', () => {
    const resolveFromProject = createRequire(join(project, 'consumer.ts')).resolve;
    expect(() => resolveFromProject('msw')).toThrow(/Cannot find module 'msw'/);
  });
});
