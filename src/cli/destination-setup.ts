/**
 * What `send` and `delete` build the same way: the destination from the flags (with `--verbose`'s
 * logger), hints that name the host and the roles, the tally, the window, and the stop on a refused
 * key; and the dry run's output, one NDJSON line per planned call.
 */
import type { KustomerCall } from '../delivery/calls.js';
import type { DeliveryError, KustomerDestination } from '../delivery/types.js';
import { AuthStop, failureHint } from './hints.js';
import type { CommandSetup, InputFlags } from './input-run.js';
import { writeOut } from './io.js';
import type { LineJob } from './line-loop.js';
import { createStderrLogger } from './logger.js';
import { API_KEY_ENV, type DestinationFlags, destinationFromFlags } from './options.js';
import type { SummaryWords } from './summary.js';
import { Tally } from './tally.js';

export interface CommandSpec<Item> {
  /** The roles the key needs, named by a refused key's hint. */
  roles: readonly string[];
  /** The actions the summary counts, in order. */
  actions: readonly string[];
  words: SummaryWords;
  /** The job that carries items out, and the one a dry run uses. */
  job: (destination: KustomerDestination) => LineJob<Item>;
  plan: (destination: KustomerDestination) => LineJob<Item>;
}

export function destinationSetup<Item>(
  flags: DestinationFlags & InputFlags,
  log: (line: string) => void,
  spec: CommandSpec<Item>,
): CommandSetup<Item> {
  const { destination, host } = destinationFromFlags(flags, {
    ...(flags.dryRun ? { dryRun: true } : {}),
    ...(flags.verbose ? { logger: createStderrLogger({ write: log, ...secretOf(flags) }) } : {}),
  });
  const hint = (error: DeliveryError) => failureHint(error, { host, roles: spec.roles });
  const tally = new Tally(spec.actions, hint);
  if (flags.dryRun) return { job: spec.plan(destination), tally, words: spec.words, window: 1 };
  const stop = new AuthStop(hint);
  return {
    job: spec.job(destination),
    tally,
    words: spec.words,
    window: Math.max(16, (flags.concurrency ?? 8) * 4),
    stopWhen: (outcome) => stop.observe(outcome),
  };
}

/** The key to mask in `--verbose` lines, however it was given. */
function secretOf(flags: DestinationFlags): { secret?: string } {
  const key = flags.apiKey ?? process.env[API_KEY_ENV];
  return key === undefined ? {} : { secret: key };
}

/** Prints a dry run's planned calls for a line, as NDJSON on stdout. */
export async function printCalls(line: number, calls: readonly KustomerCall[]): Promise<void> {
  for (const call of calls) await writeOut(`${JSON.stringify({ line, ...call })}\n`);
}
