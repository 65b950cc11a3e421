/**
 * Writes held when a run stops (a kill, Ctrl-C) may still land afterwards (docs/reliability.md §3);
 * the checkpoint records until when (`quietAt`), and a resumed run sends nothing before then, so a
 * late write of the stopped run cannot land after this run's newer write for the same user.
 */
import { DEFAULT_TIMEOUT_MS } from '../client/options.js';
import type { LineJob } from './line-loop.js';

/** A run's writes may land until twice the timeout after they were sent (the lost-write hold). */
export const RESUME_HOLD_MS = 2 * DEFAULT_TIMEOUT_MS;
/** The checkpoint is rewritten this often while the run lasts, so a kill is never long after a save. */
export const HEARTBEAT_MS = 1_000;

/**
 * The job, whose first item waits until `quietAt`: writes of a killed or stopped run that may
 * still land must not land after this run's writes for the same user.
 */
export function afterQuiet<Item>(job: LineJob<Item>, quietAt: number | undefined): LineJob<Item> {
  if (quietAt === undefined) return job;
  let quiet: Promise<void> | undefined;
  return {
    ...job,
    async run(item, context) {
      quiet ??= new Promise((resolve) => setTimeout(resolve, Math.max(0, quietAt - Date.now())));
      await quiet;
      return job.run(item, context);
    },
  };
}
