/**
 * A checkpoint belongs to one input, all of it: an edit anywhere in the file, even one that keeps
 * its size, makes a resume refuse the checkpoint with a clear error instead of skipping the edited
 * lines as settled (docs/reliability.md §4).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { runCli } from '../e2e/support/cli.js';
import { tempDir } from '../e2e/support/files.js';

const API_KEY = 'checkpoint-identity-key';
/** Few lines, kept fast, but long ones: the edited line lies past the first 64 KiB, as in the attack (line 2,500). */
const LINES = 300;
const EDITED = 290;
const PAD = 'x'.repeat(220);
const simulator = createKustomerSimulator({ apiKey: API_KEY });
const dir = tempDir();
let url = '';
beforeAll(async () => {
  url = (await simulator.listen(0)).url;
});
afterAll(async () => {
  await simulator.close();
  dir.remove();
});

/** Line `n` (1-based), all of one length; line EDITED has a name Kustomer cannot take (no letter). */
function line(n: number, name = n === EDITED ? '!!!!!!' : 'Viewed'): string {
  const user = `u${String(n % 40).padStart(2, '0')}`;
  return JSON.stringify({
    type: 'track',
    userId: user,
    event: name,
    properties: { n: n + 10_000, pad: PAD },
  });
}

describe('a checkpoint of an input edited since', () => {
  it(`is refused when line ${EDITED} of ${LINES} is fixed in place (same size)`, {
    timeout: 120_000,
  }, async () => {
    const input = dir.path('events.ndjson');
    const checkpoint = dir.path('events.checkpoint');
    const lines = Array.from({ length: LINES }, (_, i) => line(i + 1));
    writeFileSync(input, `${lines.join('\n')}\n`);
    const args = [
      'send',
      input,
      '--checkpoint',
      checkpoint,
      '--no-progress',
      '--concurrency',
      '40',
    ];
    const options = { env: { KUSTOMER_API_KEY: API_KEY } };
    const base = ['--base-url', url, '--allow-insecure-base-url'];

    const first = await runCli([...args, ...base], options);
    expect(first.code).toBe(1); // one line failed: the unnamed event
    const before = readFileSync(input, 'utf8');
    lines[EDITED - 1] = line(EDITED, 'Fixed!');
    writeFileSync(input, `${lines.join('\n')}\n`);
    expect(readFileSync(input, 'utf8').length).toBe(before.length);
    const offset = Buffer.byteLength(lines.slice(0, EDITED - 1).join('\n'));

    simulator.reset();
    const resumed = await runCli([...args, ...base], options);
    const fixedSent = simulator.events.filter((e) => e.name === 'Fixed!').length;
    console.log(
      `reliability/checkpoint-identity line ${EDITED} of ${LINES} (byte ${offset}) edited, same size: resume exit ${resumed.code}, ${simulator.requests.length} requests, fixed line sent ${fixedSent} times; stderr: ${resumed.stderr.trim().split('\n')[0]}`,
    );
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/checkpoint .* changed since/);
    expect(offset).toBeGreaterThan(64 * 1024);
    expect(simulator.requests).toHaveLength(0);
  });
});
