/**
 * The input, the dead-letter file and the checkpoint must be three different files: the
 * dead-letter writer truncates its file before the input is read, so `send failed.ndjson
 * --dead-letter failed.ndjson` (the resend step with the usual flag) would erase what it was asked
 * to resend. Files are compared by device and inode when they exist (links and `./` spellings
 * included), by resolved path otherwise.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from './options.js';

export interface NamedFile {
  /** How the command line names it, such as `--dead-letter`. */
  role: string;
  path: string;
}

/** Throws a `UsageError` (exit 2) naming the first two roles that are one file. */
export function refuseSameFile(files: readonly NamedFile[]): void {
  const seen = new Map<string, string>();
  for (const { role, path } of files) {
    const key = identityOf(path);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new UsageError(
        `${earlier} and ${role} are the same file (${path}): it would be overwritten while it is read; write to another file`,
      );
    }
    seen.set(key, role);
  }
}

function identityOf(path: string): string {
  try {
    const stats = statSync(path);
    return `inode:${stats.dev}:${stats.ino}`;
  } catch {
    // Not there yet: the same parent folder, however spelt, and the same name.
    try {
      return `path:${resolve(realpathSync(dirname(path)), basename(path))}`;
    } catch {
      return `path:${resolve(path)}`;
    }
  }
}

/**
 * Where failed lines go. A checkpoint counts a failed line settled, so with a checkpoint and no
 * `--dead-letter` they go to a file beside it: a rerun skips them, and they must not survive only
 * as stderr lines.
 */
export function deadLetterPathOf(flags: {
  deadLetter?: string | undefined;
  checkpoint?: string | undefined;
  dryRun?: boolean | undefined;
}): string | undefined {
  if (flags.deadLetter) return flags.deadLetter;
  return flags.checkpoint && !flags.dryRun ? `${flags.checkpoint}.failed.ndjson` : undefined;
}
