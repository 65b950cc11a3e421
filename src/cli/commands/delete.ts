/**
 * `delete`: delete users' Kustomer customers (the right to be forgotten), one user per NDJSON line,
 * with the same progress, dead-letter, checkpoint, dry run and summary as `send`.
 */
import type { Command } from 'commander';
import type { KustomerDestination, UserToDelete } from '../../delivery/types.js';
import { addDestinationOptions, addInputOptions } from '../command-options.js';
import { destinationSetup, printCalls } from '../destination-setup.js';
import { DELETE_ROLES } from '../hints.js';
import { type InputFlags, runInput } from '../input-run.js';
import { finish } from '../io.js';
import type { LineJob } from '../line-loop.js';
import { API_KEY_ENV, type DestinationFlags } from '../options.js';
import type { SummaryWords } from '../summary.js';
import type { Outcome } from '../tally.js';
import { confirmation, confirmBeforeSecondUser, readUser } from '../user-lines.js';

export interface DeleteFlags extends DestinationFlags, InputFlags {
  yes?: boolean;
}

const USER_WORDS: SummaryWords = {
  noun: 'users',
  done: 'Processed',
  removed: 'customers deleted',
};

export function registerDelete(program: Command): void {
  const command = program
    .command('delete')
    .summary("delete users' Kustomer customers (right to be forgotten)")
    .description(
      'Delete the Kustomer customers of the users in FILE or stdin, one JSON object per line: ' +
        '{"userId": …, "anonymousId": …, "email": …} (at least one). Every customer found by ' +
        'any of them is deleted; a user with none is a success. Asks for --yes (or a yes on a ' +
        'terminal) before deleting more than one user.',
    )
    .argument('[file]', 'NDJSON file of users, or - for stdin', '-');
  addInputOptions(addDestinationOptions(command))
    .option('--yes', 'delete every user in the input without asking')
    .addHelpText(
      'after',
      `
The API key needs the roles org.permission.customer.read and org.permission.customer.delete.
Exit codes: 0 every user processed, 1 some failed or were invalid, 2 usage or configuration error
(also when more than one user is not confirmed), 130/143 interrupted.

Examples:
  $ ${API_KEY_ENV}=... kustomer-destination delete users.ndjson --yes --dead-letter failed.ndjson
  $ echo '{"userId":"u1"}' | kustomer-destination delete - --dry-run`,
    )
    .action(async (file: string, flags: DeleteFlags) => {
      await finish(await runDelete(file, flags));
    });
}

/** Runs `delete`; resolves to the exit code. */
export function runDelete(file: string, flags: DeleteFlags): Promise<number> {
  return runInput(file, flags, (log) => {
    const setup = destinationSetup(flags, log, {
      roles: DELETE_ROLES,
      actions: ['deleted', 'notFound'],
      words: USER_WORDS,
      job: deleteJob,
      plan: planDeletionJob,
    });
    if (flags.dryRun) return setup;
    const confirm = confirmation(file, flags.yes === true);
    return { ...setup, lines: (lines) => confirmBeforeSecondUser(lines, confirm) };
  });
}

/** Deletes each user's customers; the signal cancels it on shutdown. */
export function deleteJob(
  destination: Pick<KustomerDestination, 'deleteUser'>,
): LineJob<UserToDelete> {
  return {
    read: readUser,
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
export function planDeletionJob(
  destination: Pick<KustomerDestination, 'planDeletion'>,
): LineJob<UserToDelete> {
  return {
    read: readUser,
    async run(user, { line }): Promise<Outcome> {
      const planned = await destination.planDeletion(user);
      if (!planned.ok) return { ok: false, error: planned.error, requests: 0, retries: 0 };
      await printCalls(line, planned.calls);
      return { ok: true, action: 'deleted', requests: planned.calls.length, retries: 0 };
    },
  };
}
