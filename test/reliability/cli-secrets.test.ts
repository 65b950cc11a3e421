/**
 * The built CLI against a server that quotes the credential back in every error: the key (raw or
 * JSON-escaped) reaches no line of stdout, stderr or the dead-letter file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/support/cli.js';
import { tempDir, writeNdjson } from '../e2e/support/files.js';
import { bodyOf, type Started, startServer } from './support/http.js';
import { countLeaks, HOSTILE_KEY } from './support/leaks.js';
import { workload } from './support/workload.js';

const dir = tempDir();
let echo: Started;
beforeAll(async () => {
  echo = await startServer(async (req, res) => {
    const sent = await bodyOf(req);
    const authorization = req.headers.authorization ?? '';
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        errors: [
          // The code first: it becomes the error's `code`, printed and dead-lettered as is.
          { code: authorization.replace(/^Bearer /, ''), message: `rejected ${authorization}` },
          { code: 'bad_request', detail: sent, title: encodeURIComponent(authorization) },
          { code: 'bad_request', message: `headers were ${JSON.stringify({ authorization })}` },
        ],
        request: { headers: { authorization }, quoted: JSON.stringify({ authorization }) },
      }),
    );
  });
});
afterAll(async () => {
  await echo.close();
  dir.remove();
});

describe('the CLI facing a server that echoes the key', () => {
  it('keeps the key out of its output and dead-letter lines', { timeout: 60_000 }, async () => {
    const file = dir.path('events.ndjson');
    const deadLetter = dir.path('dead.ndjson');
    writeNdjson(file, [...workload(40, 5), 'not json', '{"type":"alias"}']);
    const base = ['--base-url', echo.url, '--allow-insecure-base-url'];
    const env = { KUSTOMER_API_KEY: HOSTILE_KEY };
    const runs = [
      await runCli(['send', file, '--dead-letter', deadLetter, '--no-progress', ...base], { env }),
      await runCli(['send', file, '--json', ...base], { env }),
      await runCli(['send', file, '--dry-run', ...base], { env }),
    ];
    const texts = runs.flatMap((run) => [run.stdout, run.stderr]);
    expect(existsSync(deadLetter)).toBe(true);
    const lines = readFileSync(deadLetter, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    expect(lines.length).toBe(42);
    texts.push(...lines);
    const leaks = countLeaks(texts, HOSTILE_KEY);
    console.log(
      `reliability/cli-secrets: scanned ${texts.length} outputs and dead-letter lines, ${leaks} with the key`,
    );
    expect(leaks).toBe(0);
  });
});
