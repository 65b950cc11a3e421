// Writes the sample outputs of docs/cli.md from real runs of the built CLI, so the docs cannot fall
// behind the code: each block between `<!-- sample: NAME -->` and `<!-- /sample -->` is replaced by
// `$ COMMAND` and what it printed, with what changes run to run masked (ports, durations).
// `node scripts/sample-outputs.mjs` rewrites the blocks; `--check` exits 1 when one has drifted
// (test/e2e/sample-outputs.test.ts runs it). Needs `npm run build` first.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');

/** The runs, by the name their block carries. */
const SAMPLES = {
  demo: { shown: 'kustomer-destination demo', run: () => run(['demo', '--no-progress']) },
  send: {
    shown:
      'kustomer-destination send events.ndjson --base-url http://127.0.0.1:PORT --allow-insecure-base-url \\\n    --api-key test --checkpoint events.checkpoint --dead-letter failed.ndjson',
    run: sendSample,
  },
};

/** `send` of 2,000 generated events for 20 people to a simulator answering every 97th request 503. */
async function sendSample() {
  const { createKustomerSimulator } = await import(join(root, 'dist/src/simulator/index.js'));
  const { generateEvents } = await import(join(root, 'dist/src/cli/demo-events.js'));
  const dir = mkdtempSync(join(tmpdir(), 'kd-sample-'));
  const simulator = createKustomerSimulator({
    apiKey: 'test',
    faults: [{ status: 503, everyNth: 97 }],
  });
  try {
    const { url } = await simulator.listen(0, '127.0.0.1');
    const events = [...generateEvents({ count: 2000, users: 20 })];
    writeFileSync(
      join(dir, 'events.ndjson'),
      events.map((e) => JSON.stringify(e)).join('\n') + '\n',
    );
    const args = [
      'send',
      'events.ndjson',
      '--base-url',
      url,
      '--allow-insecure-base-url',
      '--api-key',
      'test',
    ];
    args.push(
      '--checkpoint',
      'events.checkpoint',
      '--dead-letter',
      'failed.ndjson',
      '--no-progress',
    );
    // Not execFileSync: the simulator answers from this process's event loop.
    const { stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      cwd: dir,
      encoding: 'utf8',
    });
    return `${stderr}$ echo $?\n0\n`;
  } finally {
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

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
  return (
    lines
      .join('\n')
      // How many requests the injected 503s hit depends on the order concurrent users' requests land.
      .replace(/^( {2}(?:retried|requests) +)[\d,]+$/gm, '$1…')
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
      .replace(/\b\d+ min \d+ s\b/g, 'T')
      .replace(/\b\d+(?:\.\d+)? (?:ms|s)\b/g, 'T')
  );
}

function run(args) {
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
  const outputs = {};
  for (const [name, sample] of Object.entries(SAMPLES)) outputs[name] = await sample.run();
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
