/** What the CLI unit tests share: input lines without files, and a progress bar that draws nothing. */
import { FailureReport } from '../../../src/cli/dead-letter.js';
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
    report: new FailureReport(() => {}),
    signal: new AbortController().signal,
    deadLetter: undefined,
    checkpoint: undefined,
    checkpointPath: undefined,
    ...extra,
  };
}
