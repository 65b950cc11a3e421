/**
 * Writes held when a run stops (a kill, Ctrl-C) may still land afterwards (docs/reliability.md §3);
 * the checkpoint records until when (`quietAt`), and a resumed run sends nothing before then, so a
 * late write of the stopped run cannot land after this run's newer write for the same user.
 */
import type { LineJob } from './line-loop.js';

/** The checkpoint is rewritten this often while the run lasts, so a kill is never long after a save. */
export const HEARTBEAT_MS = 1_000;

/**
 * How long after a save the run's writes may still land: a write sent up to a heartbeat later may
 * land until the destination's lost-write hold (twice `--timeout`) after it was sent.
 */
export function quietAfterSaveMs(lostWriteHoldMs: number): number {
  return lostWriteHoldMs + HEARTBEAT_MS;
}

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
