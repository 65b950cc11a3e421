import { afterEach, describe, expect, it } from 'vitest';
import { killAll, runCli } from './support/cli.js';

afterEach(killAll);

describe('kustomer-destination --help', () => {
  it('lists the five subcommands', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['demo', 'send', 'delete', 'simulator', 'serve']) {
      expect(result.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    }
  });

  it.each([
    ['demo', ['--events']],
    [
      'send',
      [
        '--api-key',
        '--dry-run',
        '--dead-letter',
        '--checkpoint',
        '--json',
        '--generic-page',
        '--custom-attributes',
        '--verbose',
      ],
    ],
    ['delete', ['--yes', '--dry-run', '--dead-letter', '--checkpoint', '--json', '--verbose']],
    ['simulator', ['--port', '--fail-every', '--fail-status', '--delay-ms', '--drop-every']],
    [
      'serve',
      [
        '--port',
        '--host',
        '--max-body-bytes',
        'DEST_TRANSFORM_URL',
        '/deleteUsers (user deletion)',
      ],
    ],
  ])('explains %s and its options', async (command, mentions) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: kustomer-destination ${command}`);
    for (const mention of mentions) expect(result.stdout).toContain(mention);
  });
});

describe('usage errors exit 2', () => {
  it('on an unknown option', async () => {
    const result = await runCli(['send', '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-flag'");
  });

  it('on an unknown subcommand', async () => {
    const result = await runCli(['deliver']);
    expect(result.code).toBe(2);
  });

  it('on a missing API key, naming both ways to give one', async () => {
    const result = await runCli(['send', '-'], { input: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing API key: pass --api-key or set KUSTOMER_API_KEY');
  });

  it('on an http base URL without --allow-insecure-base-url, never echoing the key', async () => {
    const key = 'sk-secret-0123456789';
    const result = await runCli(
      ['send', '-', '--api-key', key, '--base-url', 'http://127.0.0.1:9'],
      {
        input: '',
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--allow-insecure-base-url');
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it('on --dry-run with --checkpoint or --json', async () => {
    const checkpoint = await runCli(['send', '-', '--dry-run', '--checkpoint', 'cp.json'], {
      input: '',
    });
    expect(checkpoint.code).toBe(2);
    expect(checkpoint.stderr).toContain('--dry-run sends nothing');
    const json = await runCli(['send', '-', '--dry-run', '--json'], { input: '' });
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('--json and --dry-run');
  });

  it('on a concurrency that is not a positive integer', async () => {
    const result = await runCli(['send', '-', '--api-key', 'k', '--concurrency', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--concurrency');
  });

  it('on an input file that does not exist', async () => {
    const result = await runCli(['send', 'no-such-file.ndjson', '--api-key', 'k']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no-such-file.ndjson');
  });
});
