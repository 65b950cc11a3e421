/**
 * `delete`: delete users' Kustomer customers (the right to be forgotten), one user per NDJSON line,
 * with the same progress, dead-letter, checkpoint, dry run and summary as `send`.
 */
import type { KustomerDestination, UserToDelete } from '../../delivery/types.js';
import { DELETE_ROLES, listOf } from '../hints.js';
import { withLookAlikeHint } from '../input-hints.js';
import { type LineCommand, printCalls } from '../line-command.js';
import type { LineJob } from '../line-loop.js';
import { API_KEY_ENV } from '../options.js';
import type { Outcome } from '../tally.js';
import { confirmation, confirmBeforeSecondUser, readUser } from '../user-lines.js';

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
  job: (destination) => deleteJob(destination),
  plan: (destination) => planDeletionJob(destination),
  guard: (lines, file, flags) =>
    confirmBeforeSecondUser(lines, confirmation(file, flags.yes === true)),
};

/** Deletes each user's customers; the signal cancels it on shutdown. */
function deleteJob(destination: Pick<KustomerDestination, 'deleteUser'>): LineJob<UserToDelete> {
  return {
    read: readUser,
    explain: withLookAlikeHint,
    async run(user, { signal }): Promise<Outcome> {
      const result = await destination.deleteUser(user, { signal });
      if (!result.ok) return result;
      const { deleted, requests, retries } = result;
      const action = deleted > 0 ? 'deleted' : 'notFound';
      return { ok: true, action, removed: deleted, requests, retries };
    },
  };
}

/** Dry run: the requests each deletion would make, as NDJSON on stdout; nothing is deleted. */
function planDeletionJob(
  destination: Pick<KustomerDestination, 'planDeletion'>,
): LineJob<UserToDelete> {
  return {
    read: readUser,
    explain: withLookAlikeHint,
    async run(user, { line }): Promise<Outcome> {
      const planned = await destination.planDeletion(user);
      if (!planned.ok) return { ok: false, error: planned.error, requests: 0, retries: 0 };
      await printCalls(line, planned.calls);
      return { ok: true, action: 'deleted', requests: planned.calls.length, retries: 0 };
    },
  };
}
