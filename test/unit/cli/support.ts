/** What the CLI unit tests share: input lines without files, and a progress bar that draws nothing. */
import { type CheckpointState, SettledLines, saveCheckpoint } from '../../../src/cli/checkpoint.js';
import { failurePrinter } from '../../../src/cli/dead-letter.js';
import type { LineRun } from '../../../src/cli/line-loop.js';
import type { NdjsonLine } from '../../../src/cli/ndjson.js';
import { Tally } from '../../../src/cli/tally.js';

const silentProgress = { update() {}, log() {}, stop() {} };

/** NDJSON lines as `readLines` yields them; `onLine` runs as each is taken. */
export async function* linesOf(
  texts: readonly string[],
  onLine?: (line: number) => void,
): AsyncGenerator<NdjsonLine> {
  let line = 0;
  for (const text of texts) {
    line += 1;
    onLine?.(line);
    yield { line, text, bytes: text.length + 1 };
  }
}

/** A run over `texts` with nothing on disk and no signal; `extra` replaces any part. */
export function lineRun(texts: readonly string[], extra: Partial<LineRun> = {}): LineRun {
  return {
    lines: linesOf(texts),
    progress: silentProgress,
    tally: new Tally(),
    settled: new SettledLines(),
    signal: new AbortController().signal,
    ...extra,
  };
}

/** Where a run's failures go: each printed line is pushed to `logged`. */
export function reportInto(logged: string[]): Pick<LineRun, 'settled'> {
  return { settled: new SettledLines(failurePrinter((line) => logged.push(line))) };
}

/** A run's checkpoint at `path`, resuming from `stored` when given. */
export function checkpointAt(path: string, stored?: CheckpointState): Partial<LineRun> {
  const settled = new SettledLines(() => {}, stored);
  const input = { path: '/in.ndjson', size: 0, sha256: '' };
  return { settled, save: () => saveCheckpoint(path, { version: 3, input, ...settled.state }) };
}
