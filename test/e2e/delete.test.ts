/**
 * `kustomer-destination delete` against the simulator over HTTP. The deletions themselves need the
 * destination's `deleteUser`, `planDeletion` and the simulator's DELETE /v1/customers/{id}.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { readNdjson, tempDir, writeNdjson } from './support/files.js';
import { useSimulatorServer } from './support/simulator.js';

const dir = tempDir();
const API_KEY = 'e2e-delete-key';
const kustomer = useSimulatorServer(API_KEY);
afterAll(dir.remove);

const env = { KUSTOMER_API_KEY: API_KEY };

function cli(command: string, args: readonly string[], input?: string) {
  return runCli(
    [command, ...args, '--base-url', kustomer.url, '--allow-insecure-base-url', '--no-progress'],
    { env, ...(input === undefined ? {} : { input }) },
  );
}

const ada = [
  {
    type: 'identify',
    userId: 'ada-1',
    traits: { name: 'Ada Lovelace', email: 'ada@example.com' },
  },
  { type: 'track', userId: 'ada-1', event: 'Order Completed', properties: { total: 12 } },
];

function externalIds(): unknown[] {
  return kustomer.simulator.customers.map((c) => c.attributes.externalId);
}

describe('kustomer-destination delete', () => {
  it('deletes the customer of a user created by identify and tracked; a second deletion deletes nothing', async () => {
    const events = dir.path('ada.ndjson');
    writeNdjson(events, ada);
    expect((await cli('send', [events])).code).toBe(0);
    expect(externalIds()).toEqual(['ada-1']);

    const first = await cli('delete', ['-', '--json'], '{"userId":"ada-1"}\n');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ sent: 1, deleted: 1, removed: 1, failed: 0 });
    expect(externalIds()).toEqual([]);

    const again = await cli('delete', ['-', '--json'], '{"userId":"ada-1"}\n');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 1, notFound: 1, removed: 0 });
  });

  it('prints a summary in its own words', async () => {
    const result = await cli('delete', ['-'], '{"email":"nobody@example.com"}\n');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Processed 1 of 1 users$/m);
    expect(result.stderr).toMatch(/^ {2}not found +1$/m);
    expect(result.stderr).toMatch(/^ {2}customers deleted +0$/m);
  });

  it('refuses to delete more than one user without --yes, and deletes nobody', async () => {
    const events = dir.path('two.ndjson');
    writeNdjson(events, [
      ...ada,
      { type: 'identify', userId: 'bob-2', traits: { email: 'bob@example.com' } },
    ]);
    expect((await cli('send', [events])).code).toBe(0);
    const users = dir.path('two-users.ndjson');
    writeNdjson(users, ['{"userId":"ada-1"}', '{"userId":"bob-2"}']);

    const refused = await cli('delete', [users]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('add --yes to delete them all (nothing was deleted)');
    expect(externalIds().sort()).toEqual(['ada-1', 'bob-2']);
    expect(kustomer.simulator.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);

    const confirmed = await cli('delete', [users, '--yes']);
    expect(confirmed.code).toBe(0);
    expect(externalIds()).toEqual([]);
  });

  it('dead-letters a line that names no user, with its line, and deletes the rest', async () => {
    const users = dir.path('invalid-users.ndjson');
    const deadLetter = dir.path('invalid-users.dead.ndjson');
    writeNdjson(users, ['{"name":"Ada"}', '{"userId":"nobody"}', 'not json']);
    const result = await cli('delete', [users, '--yes', '--dead-letter', deadLetter]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^line 1: InvalidEventError: A user to delete needs a non-empty userId, anonymousId, email or phone/m,
    );
    expect(result.stderr).toMatch(/^line 3: InvalidJsonError: /m);
    expect(readNdjson(deadLetter)).toEqual([
      expect.objectContaining({ line: 1, event: { name: 'Ada' } }),
      expect.objectContaining({ line: 3, event: 'not json' }),
    ]);
  });

  it('plans the lookups and deletions with --dry-run, deleting nothing and needing no key', async () => {
    const result = await runCli(
      ['delete', '-', '--dry-run', '--base-url', kustomer.url, '--allow-insecure-base-url'],
      { input: '{"userId":"ada-1","email":"ada@example.com"}\n' },
    );
    expect(result.code).toBe(0);
    const planned = result.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(planned.every((call) => call.line === 1)).toBe(true);
    expect(planned.map((call) => call.method)).toContain('DELETE');
    expect(kustomer.simulator.requests).toHaveLength(0);
  });

  it('asks "did you mean userId" for a user_id line, as send does', async () => {
    const result = await cli('delete', ['-'], '{"user_id":"ada-1"}\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^line 1: .*did you mean "userId" instead of "user_id"\?/m);
  });

  it('tells a refused key which roles deletion needs, never printing the key', async () => {
    const result = await runCli(
      ['delete', '-', '--base-url', kustomer.url, '--allow-insecure-base-url', '--json'],
      { env: { KUSTOMER_API_KEY: 'wrong-delete-key' }, input: '{"userId":"ada-1"}\n' },
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).failures['KustomerApiError 401']).toEqual({
      count: 1,
      hint: 'Kustomer refused the API key: check the key, and that it has the roles org.permission.customer.read and org.permission.customer.delete',
    });
    expect(result.stdout + result.stderr).not.toContain('wrong-delete-key');
  });
});
