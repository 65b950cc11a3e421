// The sample outputs of `delete`, `simulator` and `serve` in docs/cli.md, each from a real run.
import { request } from 'node:http';
import { join } from 'node:path';
import { at, inScratch, runCli, SHOWN_AT, transcript, writeNdjson } from './run.mjs';

/** `delete` of two users: refused without --yes, then planned. */
export function deleteUsers() {
  return inScratch(async (dir) => {
    writeNdjson(join(dir, 'users.ndjson'), [
      { userId: 'user-001' },
      { email: 'grace.hopper@example.com' },
    ]);
    const refused = await runCli(
      ['delete', 'users.ndjson', ...at('http://127.0.0.1:4010'), '--api-key', 'test'],
      { cwd: dir },
    );
    const planned = await runCli(['delete', 'users.ndjson', '--dry-run', '--no-progress'], {
      cwd: dir,
    });
    return transcript([
      [
        `kustomer-destination delete users.ndjson ${SHOWN_AT} --api-key test`,
        refused,
        { echo: true },
      ],
      ['kustomer-destination delete users.ndjson --dry-run', planned],
    ]);
  });
}

/**
 * Starts a server command, lets `use(url)` talk to it once it prints `ready`, then stops it with
 * SIGINT: resolves to what it printed, `{ stdout, stderr, code }`.
 */
async function serverRun(args, use = async () => {}) {
  let failure;
  const run = await runCli(args, {
    onStart(child) {
      let printed = '';
      const watch = (text) => {
        printed += text;
        if (!/^ready$/m.test(printed)) return;
        child.stdout.off('data', watch);
        child.stderr.off('data', watch);
        const url = /http:\/\/127\.0\.0\.1:\d+/.exec(printed)?.[0];
        use(url)
          .catch((error) => {
            failure = error;
          })
          .finally(() => child.kill('SIGINT'));
      };
      child.stdout.on('data', watch);
      child.stderr.on('data', watch);
    },
  });
  if (failure !== undefined) throw failure;
  return run;
}

/** The simulator answering every 97th request 503, sent two users' events, then Ctrl-C. */
export async function simulator() {
  const args = ['simulator', '--port', '0', '--api-key', 'test'];
  const faults = ['--fail-every', '97', '--fail-status', '503'];
  const run = await serverRun([...args, ...faults], (url) =>
    inScratch(async (dir) => {
      writeNdjson(join(dir, 'two.ndjson'), [
        { type: 'identify', userId: 'user-001', traits: { name: 'Ada Lovelace' } },
        { type: 'track', userId: 'user-001', event: 'Signed Up' },
      ]);
      await runCli(['send', 'two.ndjson', ...at(url), '--no-progress'], {
        cwd: dir,
        env: { KUSTOMER_API_KEY: 'test' },
      });
    }),
  );
  const printed = `${run.stdout}${run.stderr}`.replace(/\n+(SIGINT: )/, '\n^C\n$1');
  return transcript([
    [
      [...args, ...faults].join(' ').replace(/^/, 'kustomer-destination '),
      { stdout: printed, stderr: '' },
    ],
  ]);
}

/** `serve` up to `ready`. */
export async function serve() {
  const run = await serverRun(['serve', '--port', '0']);
  const printed = `${run.stdout}${run.stderr}`.split(/^ready$/m)[0];
  return transcript([
    ['kustomer-destination serve --port 0', { stdout: `${printed}ready`, stderr: '' }],
  ]);
}

const TRACK = JSON.stringify([
  {
    message: {
      type: 'track',
      userId: 'user-001',
      event: 'Order Completed',
      properties: { revenue: 42.5, currency: 'EUR' },
    },
    metadata: { jobId: 1 },
    destination: { Config: { apiKey: 'YOUR_KEY' } },
  },
]);

/** What `curl -i` prints for one processor request to `serve`: status line, headers as sent, body. */
function curlI(url, body) {
  return new Promise((resolve, reject) => {
    const call = request(
      `${url}/v0/destinations/kustomer`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (answer) => {
        let text = '';
        answer.setEncoding('utf8').on('data', (chunk) => (text += chunk));
        answer.on('end', () => {
          const head = [`HTTP/${answer.httpVersion} ${answer.statusCode} ${answer.statusMessage}`];
          for (let i = 0; i < answer.rawHeaders.length; i += 2) {
            head.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
          }
          resolve(`${head.join('\n')}\n\n${text}`);
        });
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

/** One track through `serve`'s processor path. */
export async function serveCurl() {
  let printed = '';
  await serverRun(['serve', '--port', '0'], async (url) => {
    printed = await curlI(url, TRACK);
  });
  const shown = `curl -s -i -X POST http://127.0.0.1:PORT/v0/destinations/kustomer -H 'content-type: application/json' \\\n    -d '${TRACK}'`;
  return transcript([[shown, { stdout: printed, stderr: '' }]]);
}
