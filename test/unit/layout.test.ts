/**
 * The shape docs/architecture.md describes, checked on the source tree: small files, layers that
 * import downwards only, no import cycles, and comments that cite nothing outside the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
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

/** A comment's text, its lines joined, so a citation broken across lines is read whole. */
function commentsOf(source: string): string {
  const blocks = [...source.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)].map((m) => m[0]);
  return blocks
    .join('\n')
    .replace(/\n\s*(\*(?!\/)|\/\/)\s?/g, ' ')
    .replace(/^\/\*+|\*\/$/gm, ' ');
}

/** Section numbers a markdown file has: headings `## 8.` / `### 6.1`, and numbered items within them (`7.12`). */
function sectionsOf(markdown: string): Set<string> {
  const found = new Set<string>();
  let current: string | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6}\s+(\d+[a-z]?(?:\.\d+)*)[.\s]/.exec(line);
    if (heading?.[1] !== undefined) {
      current = heading[1];
      found.add(current);
      continue;
    }
    const item = /^(\d+)\.\s/.exec(line);
    if (item?.[1] !== undefined && current !== undefined) found.add(`${current}.${item[1]}`);
  }
  return found;
}

/** Anchors a markdown file has: explicit `<a id>` and GitHub's heading slugs. */
function anchorsOf(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const match of markdown.matchAll(/<a id="([^"]+)"/g)) found.add(match[1] ?? '');
  for (const match of markdown.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const slug = (match[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    found.add(slug);
  }
  return found;
}

const markdown = new Map<string, string | undefined>();
function read(path: string): string | undefined {
  if (!markdown.has(path)) {
    markdown.set(
      path,
      existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : undefined,
    );
  }
  return markdown.get(path);
}

/**
 * A file named without a repository root, such as `attempts.ts`, `./bulk.ts` or `router/worker.go`:
 * it must be the citing file's neighbour (a bare name may sit in a folder below it) or lie relative
 * to it. A file of another repository is cited by its URL, never by a bare path.
 */
const NAMED_FILE =
  /(?<![\w/@.-])((?:\.{1,2}\/)?(?:[\w-]+\/)*[\w-]+(?:\.[\w-]+)*\.(?:ts|js|mjs|json|ya?ml|go|py))(?![\w/])/g;
const ROOTED = /^(?:src|docs|test|generated|spec|scripts|bench|examples)\//;

function findsNamedFile(citing: string, cited: string): boolean {
  const folder = dirname(citing);
  const candidates = [cited, cited.replace(/\.js$/, '.ts')];
  if (candidates.some((path) => existsSync(resolve(folder, path)))) return true;
  if (cited.includes('/')) return false;
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).some((path) =>
    candidates.includes(basename(path)),
  );
}

/**
 * Every file or section the comments of `source` (the text of `file`) cite that the repository does
 * not have. Bare file names (`attempts.ts`, `CHANGELOG.md`) are checked in `src/` only: tests and
 * benches also name upstream test data and the files they write.
 */
function citationProblems(file: string, source: string, bareNames = true): string[] {
  const broken: string[] = [];
  const comments = commentsOf(source).replace(/https?:\/\/\S+/g, ' ');
  const where = name(file);
  for (const match of comments.matchAll(
    /(?<![\w./-])((?:src|docs|test|generated|spec|scripts|bench|examples)\/[\w./-]*\.[a-z]+)/g,
  )) {
    const path = (match[1] ?? '').replace(/\.$/, '');
    if (!existsSync(join(ROOT, path))) broken.push(`${where}: ${path}`);
  }
  for (const match of comments.matchAll(
    /(?<![\w/-])((?:docs\/)?[\w-]+\.md)(?: ?§ ?([0-9][0-9a-z.]*?)(?:[–-]§?([0-9][0-9a-z.]*?))?|#([\w-]+))?(?=[\s,;:)\]]|\.(?:\s|$)|$)/g,
  )) {
    const cited = match[1] ?? '';
    const bare = !cited.startsWith('docs/') && match[2] === undefined && match[4] === undefined;
    if (bare && !bareNames) continue;
    const path = cited.startsWith('docs/') ? cited : `docs/${cited}`;
    const doc = read(path) ?? read(cited);
    if (doc === undefined) {
      broken.push(`${where}: ${cited}`);
      continue;
    }
    const sections = [match[2], match[3]].filter((n): n is string => n !== undefined);
    const known = sectionsOf(doc);
    for (const section of sections) {
      if (!known.has(section.replace(/\.$/, ''))) broken.push(`${where}: ${cited} §${section}`);
    }
    if (match[4] !== undefined && !anchorsOf(doc).has(match[4])) {
      broken.push(`${where}: ${cited}#${match[4]}`);
    }
  }
  for (const match of bareNames ? comments.matchAll(NAMED_FILE) : []) {
    const cited = match[1] ?? '';
    if (!ROOTED.test(cited) && !findsNamedFile(file, cited)) broken.push(`${where}: ${cited}`);
  }
  return [...new Set(broken)];
}

/** Every file or section a comment of `src/` cites that the repository does not have. */
function brokenCitations(): string[] {
  return files.flatMap((file) => citationProblems(file, text.get(file) ?? ''));
}

/** The code outside `src/` whose comments cite: tests, benches and scripts. */
const otherCode = ['test', 'bench', 'scripts'].flatMap((folder) =>
  readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(?:ts|mjs|js)$/.test(file) && !file.includes('node_modules'))
    .map((file) => join(ROOT, folder, file))
    // This file cites missing files on purpose, in its own test of the check.
    .filter((file) => file !== fileURLToPath(import.meta.url)),
);

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

  it('reads the sections and anchors a cited document has', () => {
    const doc = readFileSync(join(ROOT, 'docs/rudder-contract.md'), 'utf8');
    expect(sectionsOf(doc)).toContain('7.12');
    expect(sectionsOf(doc)).not.toContain('99');
    expect(anchorsOf(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'))).toContain(
      'invariants',
    );
  });

  it('finds a missing file named without its folder, and one of another repository', () => {
    const file = join(SRC, 'client/retry.ts');
    const source =
      '/** As attempts.ts, ./options.ts, ../clock.ts and https://x.io/a/b.go say; not gone.ts,\n' +
      ' * ./gone.ts, router/worker.go or docs/gone.md. */';
    expect(citationProblems(file, source)).toEqual([
      'src/client/retry.ts: docs/gone.md',
      'src/client/retry.ts: gone.ts',
      'src/client/retry.ts: ./gone.ts',
      'src/client/retry.ts: router/worker.go',
    ]);
  });

  it('checks rooted paths and doc sections, not bare names, in the comments of tests', () => {
    const file = join(ROOT, 'test/unit/example.test.ts');
    const source =
      '// Replays processor.json into CHANGELOG.md, as bench/gone.ts and docs/deviations.md §99 say.';
    expect(citationProblems(file, source, false)).toEqual([
      'test/unit/example.test.ts: bench/gone.ts',
      'test/unit/example.test.ts: docs/deviations.md §99',
    ]);
  });

  it('cites only files and sections the repository has, in comments', () => {
    expect(brokenCitations()).toEqual([]);
  });

  it('cites only repository paths and doc sections that exist, in the comments of tests, benches and scripts', () => {
    expect(otherCode.length).toBeGreaterThan(100);
    const broken = otherCode.flatMap((file) =>
      citationProblems(file, readFileSync(file, 'utf8'), false),
    );
    expect(broken).toEqual([]);
  });

  it('cites no file outside the repository in comments', () => {
    const outside = files.filter((file) =>
      /\.\.\/shared\/|DESIGN\.md|STYLE\.md|TOOLCHAIN\.md/.test(text.get(file) ?? ''),
    );
    expect(outside.map(name)).toEqual([]);
  });
});
