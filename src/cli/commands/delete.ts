/**
 * `delete`: delete users' Kustomer customers (the right to be forgotten), one user per NDJSON line,
 * with the same progress, dead-letter, checkpoint, dry run and summary as `send`.
 */
import type { Command } from 'commander';
import type { KustomerDestination, UserToDelete } from '../../delivery/types.js';
import { addDestinationOptions, addInputOptions } from '../command-options.js';
import { AuthStop, DELETE_ROLES, failureHint } from '../hints.js';
import { type CommandSetup, type InputFlags, runInput } from '../input-run.js';
import { finish, writeOut } from '../io.js';
import type { LineJob } from '../line-loop.js';
import { createStderrLogger } from '../logger.js';
import { API_KEY_ENV, type DestinationFlags, destinationFromFlags } from '../options.js';
import type { SummaryWords } from '../summary.js';
import { type Outcome, Tally } from '../tally.js';
import { confirmation, confirmBeforeSecondUser, readUser } from '../user-lines.js';
import { secretOf } from './send.js';

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
  return runInput(file, flags, (log): CommandSetup<UserToDelete> => {
    const { destination, host } = destinationFromFlags(flags, {
      ...(flags.dryRun ? { dryRun: true } : {}),
      ...(flags.verbose ? { logger: createStderrLogger({ write: log, ...secretOf(flags) }) } : {}),
    });
    const hint = (error: Parameters<typeof failureHint>[0]) =>
      failureHint(error, { host, roles: DELETE_ROLES });
    const setup: CommandSetup<UserToDelete> = {
      job: flags.dryRun ? planDeletionJob(destination) : deleteJob(destination),
      tally: new Tally(['deleted', 'notFound'], hint),
      words: USER_WORDS,
      window: flags.dryRun ? 1 : Math.max(16, (flags.concurrency ?? 8) * 4),
    };
    if (!flags.dryRun) {
      const stop = new AuthStop(hint);
      setup.stopWhen = (outcome) => stop.observe(outcome);
      const confirm = confirmation(file, flags.yes === true);
      setup.lines = (lines) => confirmBeforeSecondUser(lines, confirm);
    }
    return setup;
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
      for (const call of planned.calls) await writeOut(`${JSON.stringify({ line, ...call })}\n`);
      return { ok: true, action: 'deleted', requests: planned.calls.length, retries: 0 };
    },
  };
}
