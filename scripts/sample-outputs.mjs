// Writes the sample outputs of docs/cli.md from real runs of the built CLI, so the docs cannot fall
// behind the code: each block between `<!-- sample: NAME -->` and `<!-- /sample -->` is replaced by
// `$ COMMAND` and what it printed, with what changes run to run masked (ports, durations).
// `node scripts/sample-outputs.mjs` rewrites the blocks; `--check` exits 1 when one has drifted
// (test/e2e/sample-outputs.test.ts runs it). Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');

/** The runs, by the name their block carries. */
const SAMPLES = {
  demo: { shown: 'kustomer-destination demo', args: ['demo', '--no-progress'] },
};

/** A requests-table row (`  POST /v1/customers   14`): its count depends on which request the demo's injected 503s hit. */
const REQUEST_ROW = /^( {2}(?:GET|POST|PUT|PATCH|DELETE) +\S+ +)\d+$/;

/**
 * Values that change from run to run, replaced so that two runs print the same text: ports,
 * durations, and the per-operation request counts (their rows then sorted, as their order follows
 * the counts); the total stays.
 */
export function mask(text) {
  const lines = text.split('\n');
  const rows = lines.flatMap((line, at) => (REQUEST_ROW.test(line) ? [at] : []));
  const masked = rows.map((at) =>
    lines[at].replace(REQUEST_ROW, (_, head) => `${head.trimEnd()}   …`),
  );
  masked.sort();
  rows.forEach((at, i) => {
    lines[at] = masked[i];
  });
  return lines
    .join('\n')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\b\d+ min \d+ s\b/g, 'T')
    .replace(/\b\d+(?:\.\d+)? (?:ms|s)\b/g, 'T');
}

function run({ args }) {
  // stdout and stderr in the order a terminal shows them: the summary goes to stderr.
  return execFileSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

const BLOCK = /<!-- sample: (\w+) -->\n```console\n[\s\S]*?\n```\n<!-- \/sample -->/g;

export function render(doc, outputs) {
  return doc.replace(BLOCK, (whole, name) => {
    const output = outputs[name];
    if (output === undefined) return whole;
    const body = `$ ${SAMPLES[name].shown}\n${mask(output).trimEnd()}`;
    return `<!-- sample: ${name} -->\n\`\`\`console\n${body}\n\`\`\`\n<!-- /sample -->`;
  });
}

const file = join(root, 'docs/cli.md');
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const doc = readFileSync(file, 'utf8');
  const outputs = Object.fromEntries(Object.entries(SAMPLES).map(([name, s]) => [name, run(s)]));
  const next = render(doc, outputs);
  if (process.argv.includes('--check')) {
    if (next !== doc) {
      console.error(
        'docs/cli.md sample outputs differ from a real run: run node scripts/sample-outputs.mjs',
      );
      process.exit(1);
    }
    console.log('docs/cli.md sample outputs match a real run');
  } else {
    writeFileSync(file, next);
    console.log('docs/cli.md sample outputs written');
  }
}
