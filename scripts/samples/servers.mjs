// The sample outputs of `delete`, `simulator` and `serve` in docs/cli.md, each from a real run.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { at, cli, inScratch, runCli, SHOWN_AT, transcript, writeNdjson } from './run.mjs';

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
 * Starts a server command, collects what it prints until `ready`, lets `use(url)` talk to it, then
 * stops it with SIGINT and collects the rest: resolves to `{ stdout, stderr, code }`.
 */
function serverRun(args, use = async () => {}) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '1' };
    delete env.KUSTOMER_API_KEY;
    const child = spawn(process.execPath, [cli, ...args], { env });
    let stdout = '';
    let stderr = '';
    let started = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const onOutput = async () => {
      if (started || !/^ready$/m.test(stdout + stderr)) return;
      started = true;
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout + stderr)?.[0];
      try {
        await use(url);
      } finally {
        child.kill('SIGINT');
      }
    };
    child.stdout.setEncoding('utf8').on('data', (text) => {
      stdout += text;
      onOutput().catch(reject);
    });
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr += text;
      onOutput().catch(reject);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? signal });
    });
  });
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
