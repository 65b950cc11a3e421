// The sample outputs of `send` in docs/cli.md beyond the first: bad lines, a refused key, a resumed
// run, a dry run, --json and usage errors, each from a real run against a simulator.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  at,
  built,
  inScratch,
  runCli,
  SHOWN_AT,
  transcript,
  withSimulator,
  writeNdjson,
} from './run.mjs';

const KEY = { KUSTOMER_API_KEY: 'test' };
const person = (n, name) => ({
  type: 'identify',
  userId: `user-00${n}`,
  traits: { name, email: `${name.toLowerCase().replace(/ /g, '.')}@example.com` },
});
const TWO = [person(1, 'Ada Lovelace'), person(2, 'Grace Hopper')];

/** A file of seven lines: three identifies and four lines that are not events. */
export function badLines() {
  return inScratch((dir) =>
    withSimulator({ apiKey: 'test' }, async ({ url }) => {
      const lines = [
        JSON.stringify(person(1, 'Ada Lovelace')),
        JSON.stringify(person(2, 'Grace Hopper')),
        '{"type": "track", "userId": ',
        JSON.stringify({ type: 'track', userId: 'user-001' }),
        JSON.stringify({ batch: [person(4, 'Alan Turing'), person(5, 'Edsger Dijkstra')] }),
        JSON.stringify({ user_id: 'user-003', event_type: 'track', event: 'Signed Up' }),
        JSON.stringify(person(3, 'Barbara Liskov')),
      ];
      writeFileSync(join(dir, 'mixed.ndjson'), `${lines.join('\n')}\n`);
      const sent = await runCli(
        ['send', 'mixed.ndjson', ...at(url), '--dead-letter', 'failed.ndjson', '--no-progress'],
        { cwd: dir, env: KEY },
      );
      const head = readFileSync(join(dir, 'failed.ndjson'), 'utf8').split('\n').slice(0, 2);
      return transcript([
        [
          `kustomer-destination send mixed.ndjson ${SHOWN_AT} \\\n    --api-key test --dead-letter failed.ndjson`,
          sent,
          { echo: true },
        ],
        '$ head -2 failed.ndjson',
        ...head,
      ]);
    }),
  );
}

/** A key the simulator refuses: `send` stops after the first 20 events. */
export function wrongKey() {
  return inScratch((dir) =>
    withSimulator({ apiKey: 'test' }, async ({ url }) => {
      const tracks = Array.from({ length: 200 }, (_, i) => ({
        type: 'track',
        userId: `user-${String(i % 20).padStart(3, '0')}`,
        event: 'Signed Up',
      }));
      writeNdjson(join(dir, 'events.ndjson'), tracks);
      const sent = await runCli(['send', 'events.ndjson', ...at(url), '--no-progress'], {
        cwd: dir,
        env: { KUSTOMER_API_KEY: 'wrong-key' },
      });
      // Twenty lines of the same failure, in the order concurrent events failed: the first stands
      // for all; how many lines were read ahead depends on timing.
      const failure = /^line \d+: /;
      const lines = sent.stderr.split('\n');
      const stderr = [
        lines.find((line) => failure.test(line))?.replace(/^line \d+/, 'line N'),
        '…',
        ...lines.filter((line) => !failure.test(line)),
      ]
        .join('\n')
        .replace(
          /^20 of [\d,]+ lines read settled; [\d,]+ did not/m,
          '20 of N lines read settled; N-20 did not',
        );
      return transcript([
        [
          `kustomer-destination send events.ndjson ${SHOWN_AT} \\\n    --api-key wrong-key`,
          { ...sent, stderr },
          { echo: true },
        ],
      ]);
    }),
  );
}

/** Counts that depend on when the signal lands (which events were in flight): shown as N. */
function maskCounts(text) {
  return text
    .replace(/^( {2}(?!elapsed)\S+(?: \S+)? +)[\d,]+/gm, '$1N')
    .replace(/\b[\d,]+ of [\d,]+\b/g, 'N of M')
    .replace(/; [\d,]+ did not/g, '; N did not')
    .replace(/ × [\d,]+/g, ' × N')
    .replace(/"(settledThrough|quietAt|size)":\d+/g, '"$1":N')
    .replace(/"settledAbove":\[[\d,]*\]/g, '"settledAbove":[…]')
    .replace(/"path":"[^"]*\/events\.ndjson"/g, '"path":"/tmp/docs/events.ndjson"')
    .replace(/"(head|sha256)":"[0-9a-f]+"/g, '"$1":"…"');
}

/**
 * A run stopped by Ctrl-C after 300 stored events, its checkpoint, and the rerun that resumes it
 * (after twice the stopped run's `--timeout`: its lost writes may still land until then). 4 s, not
 * 2 s: at 2 s an attempt once timed out on a loaded machine (load 8–10) and added an `uncertain` row.
 */
export function resume() {
  return inScratch((dir) =>
    withSimulator({ apiKey: 'test' }, async ({ url, simulator }) => {
      const { generateEvents } = await built('cli/demo-events.js');
      writeNdjson(join(dir, 'events.ndjson'), [...generateEvents({ count: 1000, users: 20 })]);
      const flags = ['--checkpoint', 'events.checkpoint', '--timeout', '4000'];
      const args = ['send', 'events.ndjson', ...at(url), ...flags];
      const stopped = await runCli([...args, '--no-progress'], {
        cwd: dir,
        env: KEY,
        onStart(child) {
          const watch = setInterval(() => {
            if (simulator.events.length < 300) return;
            clearInterval(watch);
            child.kill('SIGINT');
          }, 5);
        },
      });
      const checkpoint = readFileSync(join(dir, 'events.checkpoint'), 'utf8').trim();
      const resumed = await runCli([...args, '--no-progress'], { cwd: dir, env: KEY });
      const shown = `kustomer-destination send events.ndjson ${SHOWN_AT} \\\n    --api-key test ${flags.join(' ')}`;
      return maskCounts(
        transcript([
          [
            shown,
            { ...stopped, stderr: `^C\n${stopped.stderr.replace(/^\n/, '')}` },
            { echo: true },
          ],
          '$ cat events.checkpoint',
          checkpoint,
          [shown, resumed, { echo: true }],
        ]),
      );
    }),
  );
}

/** The planned requests of two identifies. */
export function dryRun() {
  return inScratch(async (dir) => {
    writeNdjson(join(dir, 'two.ndjson'), TWO);
    const planned = await runCli(['send', 'two.ndjson', '--dry-run', '--no-progress'], {
      cwd: dir,
    });
    return transcript([['kustomer-destination send two.ndjson --dry-run', planned]]);
  });
}

/** The summary as JSON, the events read from stdin. */
export function json() {
  return withSimulator({ apiKey: 'test' }, async ({ url }) => {
    const input = TWO.map((event) => `${JSON.stringify(event)}\n`).join('');
    const sent = await runCli(['send', '-', ...at(url), '--json', '--no-progress'], {
      input,
      env: KEY,
    });
    return transcript([
      [
        `cat two.ndjson | kustomer-destination send - ${SHOWN_AT} \\\n    --api-key test --json`,
        sent,
      ],
    ]);
  });
}

/** Flags the command line refuses before anything is sent. */
export function usage() {
  return inScratch(async (dir) => {
    writeNdjson(join(dir, 'events.ndjson'), TWO);
    const noKey = await runCli(['send', 'events.ndjson'], { cwd: dir });
    const insecure = await runCli(
      ['send', 'events.ndjson', '--api-key', 'test', '--base-url', 'http://127.0.0.1:4010'],
      { cwd: dir },
    );
    const piped = await runCli(['send', '-', '--checkpoint', 'x.cp', '--api-key', 'test'], {
      cwd: dir,
      input: TWO.map((event) => `${JSON.stringify(event)}\n`).join(''),
    });
    return transcript([
      ['kustomer-destination send events.ndjson', noKey, { echo: true }],
      [
        'kustomer-destination send events.ndjson --api-key test --base-url http://127.0.0.1:4010',
        insecure,
        { echo: true },
      ],
      ['cat events.ndjson | kustomer-destination send - --checkpoint x.cp --api-key test', piped],
    ]);
  });
}
