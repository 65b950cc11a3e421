/**
 * `delete`: delete users' Kustomer customers (the right to be forgotten), one user per NDJSON line,
 * with the same progress, dead-letter, checkpoint, dry run and summary as `send`, and a
 * confirmation before a second user is deleted.
 */
import { createInterface } from 'node:readline/promises';
import { toDeliveryError } from '../../delivery/results.js';
import type { KustomerDestination, UserToDelete } from '../../delivery/types.js';
import { readUserToDelete } from '../../delivery/user-to-delete.js';
import { DELETE_ROLES, listOf } from '../hints.js';
import { printCalls } from '../io.js';
import type { LineCommand } from '../line-command.js';
import type { LineJob } from '../line-loop.js';
import { isBlank, type NdjsonLine } from '../ndjson.js';
import { API_KEY_ENV, UsageError } from '../options.js';
import type { Outcome } from '../tally.js';

export const DELETE: LineCommand<UserToDelete> = {
  name: 'delete',
  summary: "delete users' Kustomer customers (right to be forgotten)",
  description:
    'Delete the Kustomer customers of the users in FILE or stdin, one JSON object per line: ' +
    '{"userId": …, "anonymousId": …, "email": …, "phone": …} (at least one). A customer found ' +
    "by an id is deleted, one found by email or phone only when it holds no other person's " +
    'externalId; a user with none is a success. Asks for --yes (or a yes on a ' +
    'terminal) before deleting more than one user.',
  input: 'NDJSON file of users',
  options: (command) => command.option('--yes', 'delete every user in the input without asking'),
  help: `
The API key needs the roles ${listOf(DELETE_ROLES)}.
Exit codes: 0 every user processed, 1 some failed or were invalid, 2 usage or configuration error
(also when more than one user is not confirmed), 130/143 interrupted.

Examples:
  $ ${API_KEY_ENV}=... kustomer-destination delete users.ndjson --yes --dead-letter failed.ndjson
  $ echo '{"userId":"u1"}' | kustomer-destination delete - --dry-run`,
  roles: DELETE_ROLES,
  actions: ['deleted', 'notFound'],
  words: { noun: 'users', done: 'Processed', removed: 'customers deleted' },
  job: (destination) => ({
    read: readUser,
    async run(user, { signal }): Promise<Outcome> {
      const result = await destination.deleteUser(user, { signal });
      if (!result.ok) return result;
      const { deleted, requests, retries } = result;
      return {
        ok: true,
        action: deleted > 0 ? 'deleted' : 'notFound',
        removed: deleted,
        requests,
        retries,
      };
    },
  }),
  plan: (destination: Pick<KustomerDestination, 'planDeletion'>): LineJob<UserToDelete> => ({
    read: readUser,
    async run(user, { line }): Promise<Outcome> {
      const planned = await destination.planDeletion(user);
      if (!planned.ok) return { ok: false, error: planned.error, requests: 0, retries: 0 };
      await printCalls(line, planned.calls);
      return { ok: true, action: 'deleted', requests: planned.calls.length, retries: 0 };
    },
  }),
  guard: (lines, file, yes) => confirmBeforeSecondUser(lines, confirmation(file, yes)),
};

/** The user on a line, read as `deleteUser` and `/deleteUsers` read one (docs/deletion.md). */
export function readUser(value: unknown): ReturnType<LineJob<UserToDelete>['read']> {
  try {
    return { ok: true, item: readUserToDelete(value) };
  } catch (error) {
    return { ok: false, error: toDeliveryError(error) };
  }
}

/**
 * Holds the lines back until the second user appears, then asks `confirm`; refusal is a usage
 * error before anything was deleted. One user alone needs no confirmation.
 */
export async function* confirmBeforeSecondUser(
  lines: AsyncIterable<NdjsonLine>,
  confirm: () => Promise<boolean>,
): AsyncGenerator<NdjsonLine> {
  const held: NdjsonLine[] = [];
  let users = 0;
  for await (const line of lines) {
    if (users >= 2) {
      yield line;
      continue;
    }
    held.push(line);
    if (!isBlank(line.text)) users += 1;
    if (users < 2) continue;
    if (!(await confirm())) {
      throw new UsageError('nothing deleted: the deletion of more than one user was not confirmed');
    }
    yield* held.splice(0);
  }
  yield* held;
}

/**
 * `--yes` confirms; without it, a terminal is asked, and anything else (a pipe, a script) is
 * refused so that a mistaken file never deletes in bulk.
 */
function confirmation(file: string, yes: boolean): () => Promise<boolean> {
  return async () => {
    if (yes) return true;
    if (file === '-' || !process.stdin.isTTY || !process.stderr.isTTY) {
      throw new UsageError(
        `${file === '-' ? 'the input' : file} holds more than one user: add --yes to delete them all (nothing was deleted)`,
      );
    }
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await terminal.question(
        `Delete the Kustomer customers of every user in ${file}? This cannot be undone. [y/N] `,
      );
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      terminal.close();
    }
  };
}
