/**
 * `delete`'s input: one user per line, `{"userId", "anonymousId", "email"}`, and the confirmation
 * asked before a second user is deleted.
 */
import { createInterface } from 'node:readline/promises';
import { toDeliveryError } from '../delivery/results.js';
import type { DeliveryError, UserToDelete } from '../delivery/types.js';
import { readUserToDelete } from '../delivery/user-to-delete.js';
import { isBlank, type NdjsonLine } from './ndjson.js';
import { UsageError } from './options.js';

/** The user on a line, read as `deleteUser` and `/deleteUsers` read one (docs/deletion.md). */
export function readUser(
  value: unknown,
): { ok: true; item: UserToDelete } | { ok: false; error: DeliveryError } {
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
export function confirmation(file: string, yes: boolean): () => Promise<boolean> {
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
