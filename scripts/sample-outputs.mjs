// Writes the sample outputs of docs/cli.md from real runs of the built CLI, so the docs cannot fall
// behind the code: each block between `<!-- sample: NAME -->` and `<!-- /sample -->` is replaced by
// `$ COMMAND` and what it printed, with what changes run to run masked (ports, durations).
// `node scripts/sample-outputs.mjs` rewrites the blocks; `--check` exits 1 when one has drifted
// (test/e2e/sample-outputs.test.ts runs it). Needs `npm run build` first.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  at,
  built,
  inScratch,
  root,
  runCli,
  SHOWN_AT,
  transcript,
  withSimulator,
  writeNdjson,
} from './samples/run.mjs';
import { badLines, dryRun, json, resume, usage, wrongKey } from './samples/send.mjs';
import { deleteUsers, serve, serveCurl, simulator } from './samples/servers.mjs';

/** The runs, by the name their block carries: each resolves to the transcript a terminal shows. */
const SAMPLES = {
  demo: async () =>
    transcript([['kustomer-destination demo', await runCli(['demo', '--no-progress'])]]),
  send: sendSample,
  'bad-lines': badLines,
  'wrong-key': wrongKey,
  resume,
  'dry-run': dryRun,
  json,
  usage,
  delete: deleteUsers,
  simulator,
  serve,
  'serve-curl': serveCurl,
};

/** `send` of 2,000 generated events for 20 people to a simulator answering every 97th request 503. */
function sendSample() {
  return inScratch((dir) =>
    withSimulator({ apiKey: 'test', faults: [{ status: 503, everyNth: 97 }] }, async ({ url }) => {
      const { generateEvents } = await built('cli/demo-events.js');
      writeNdjson(join(dir, 'events.ndjson'), [...generateEvents({ count: 2000, users: 20 })]);
      const flags = ['--checkpoint', 'events.checkpoint', '--dead-letter', 'failed.ndjson'];
      const sent = await runCli(['send', 'events.ndjson', ...at(url), ...flags, '--no-progress'], {
        cwd: dir,
        env: { KUSTOMER_API_KEY: 'test' },
      });
      const shown = `kustomer-destination send events.ndjson ${SHOWN_AT} \\\n    --api-key test ${flags.join(' ')}`;
      return transcript([[shown, sent, { echo: true }]]);
    }),
  );
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
      .replace(/^( {2}(?:retried|requests) +)[\d,]+/gm, '$1…')
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
      .replace(/^Date: .*$/gm, 'Date: DATE')
      .replace(/"elapsedMs":\d+(?:\.\d+)?/g, '"elapsedMs":T')
      .replace(/\b\d+ min \d+ s\b/g, 'T')
      .replace(/\b\d+(?:\.\d+)? (?:ms|s)\b/g, 'T')
      .replace(
        SUMMARY_ROW,
        (_, label, value, rest) => `  ${label.padEnd(18)}${value.padStart(7)}${rest}`,
      )
  );
}

/**
 * A summary row (`  sent   2,000`): its column width follows the widest value, which a masked
 * duration hides, so rows are set to one width.
 */
const SUMMARY_ROW = /^ {2}(?!total )([a-z]+(?: [a-z]+)*) {2,}([\d,…NT]+)(.*)$/gm;

const BLOCK = /<!-- sample: ([\w-]+) -->\n```console\n[\s\S]*?\n```\n<!-- \/sample -->/g;

export function render(doc, outputs) {
  return doc.replace(BLOCK, (whole, name) => {
    const output = outputs[name];
    if (output === undefined) return whole;
    const body = mask(output).trimEnd();
    return `<!-- sample: ${name} -->\n\`\`\`console\n${body}\n\`\`\`\n<!-- /sample -->`;
  });
}

const file = join(root, 'docs/cli.md');
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const doc = readFileSync(file, 'utf8');
  const outputs = {};
  // At once: most of each run is waiting on a child process or a simulator.
  const runs = await Promise.all(Object.values(SAMPLES).map((sample) => sample()));
  Object.keys(SAMPLES).forEach((name, i) => {
    outputs[name] = runs[i];
  });
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
