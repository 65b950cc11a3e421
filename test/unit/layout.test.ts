/**
 * The shape docs/architecture.md describes, checked on the source tree: small files, layers that
 * import downwards only, no import cycles, and comments that cite nothing outside the repository.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .map((name) => join(SRC, name));
const text = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
const name = (file: string) => relative(ROOT, file);
/** Whether `file` is `place` or inside the folder `place`. */
const within = (file: string, place: string) => file === place || file.startsWith(`${place}${sep}`);

/** The repository files a module imports (type-only imports too: they are edges a reader follows). */
function importsOf(file: string): string[] {
  const source = text.get(file) ?? '';
  // `from './x.js'` (static imports and re-exports), `import './x.js'` and `import('./x.js')`.
  return [...source.matchAll(/\b(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((match) =>
    resolve(dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts')),
  );
}

/** One cycle in the import graph of `src/`, as a list of files, or undefined when there is none. */
function findCycle(): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    const at = path.indexOf(file);
    if (at >= 0) return [...path.slice(at), file];
    if (done.has(file) || !text.has(file)) return undefined;
    path.push(file);
    for (const next of importsOf(file)) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    done.add(file);
    return undefined;
  };
  for (const file of files) {
    const cycle = visit(file);
    if (cycle !== undefined) return cycle.map(name);
  }
  return undefined;
}

describe('the source tree', () => {
  it('finds the modules it checks', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('has no file in src/ over 300 lines', () => {
    const long = files
      .map((file) => ({ file: name(file), lines: (text.get(file) ?? '').split('\n').length - 1 }))
      .filter((entry) => entry.lines > 300);
    expect(long).toEqual([]);
  });

  it('has no import cycle in src/', () => {
    expect(findCycle()).toBeUndefined();
  });

  it('keeps the adapter pure of I/O layers: it imports only itself, payload types, errors and generated limits', () => {
    const allowed = [
      join(SRC, 'adapter'),
      join(SRC, 'payloads.ts'),
      join(SRC, 'errors.ts'),
      join(ROOT, 'generated'),
    ];
    const outside = files
      .filter((file) => within(file, join(SRC, 'adapter')))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => !allowed.some((place) => within(target, place)))
          .map((target) => `${name(file)} → ${name(target)}`),
      );
    expect(outside).toEqual([]);
  });

  it('keeps the client below the adapter, delivery, RudderStack, CLI and simulator', () => {
    const above = ['delivery', 'rudder', 'cli', 'simulator', 'adapter'].map((dir) =>
      join(SRC, dir),
    );
    const upward = files
      .filter((file) => within(file, join(SRC, 'client')))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => above.some((place) => within(target, place)))
          .map((target) => `${name(file)} → ${name(target)}`),
      );
    expect(upward).toEqual([]);
  });

  it('keeps the simulator independent of the adapter it checks: it imports nothing from src/adapter', () => {
    const adapter = join(SRC, 'adapter');
    const shared = files
      .filter((file) => within(file, join(SRC, 'simulator')))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => within(target, adapter))
          .map((target) => `${name(file)} → ${name(target)}`),
      );
    expect(shared).toEqual([]);
  });

  it('cites no file outside the repository in comments', () => {
    const outside = files.filter((file) =>
      /\.\.\/shared\/|DESIGN\.md|STYLE\.md|TOOLCHAIN\.md/.test(text.get(file) ?? ''),
    );
    expect(outside.map(name)).toEqual([]);
  });
});
