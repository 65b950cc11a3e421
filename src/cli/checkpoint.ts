/**
 * Resumable progress for `--checkpoint`: the highest line L such that every line up to L is
 * settled, plus the settled lines above L (lines settle out of order). A checkpoint belongs to one
 * input, its path, size and SHA-256, so a replaced or edited file is refused rather than skipped
 * (docs/reliability.md §4); a resumed run sends nothing before the stopped run's writes are done.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Failure } from './dead-letter.js';
import { fieldsOf, isLineNumber } from './ndjson.js';
import { messageOf, UsageError } from './options.js';

/** Which input a checkpoint belongs to. */
export interface InputIdentity {
  /** The resolved path. */
  path: string;
  size: number;
  /** SHA-256 of the whole file, hex. */
  sha256: string;
}

/** How much of the input is read into the hash at a time: memory stays flat whatever the size. */
const CHUNK_BYTES = 1024 * 1024;

export interface CheckpointState {
  /** 3 since the identity hashes the whole input (2 hashed its first 64 KiB). */
  version: 3;
  input: InputIdentity;
  /** Every line from 1 to here is settled. */
  settledThrough: number;
  /** Settled lines above `settledThrough`, ascending. */
  settledAbove: number[];
  /**
   * Epoch ms before which a resumed run sends nothing: a write of the run that wrote this may have
   * been sent unanswered and land until then (docs/reliability.md §4).
   */
  quietAt?: number;
}

/**
 * The lines settled so far: every line up to `settledThrough`, and those above it (lines settle out
 * of order). A failure waits here until every line before it has settled, then goes to `inOrder`,
 * so that failures print in line order; the same numbers are what a checkpoint stores.
 */
export class SettledLines {
  #through: number;
  /** Settled lines above `#through`, with the failure not yet handed over (null: none). */
  readonly #above = new Map<number, Failure | null>();
  readonly #inOrder: (line: number, failure: Failure) => void;

  constructor(
    inOrder: (line: number, failure: Failure) => void = () => {},
    stored: Pick<CheckpointState, 'settledThrough' | 'settledAbove'> = {
      settledThrough: 0,
      settledAbove: [],
    },
  ) {
    this.#inOrder = inOrder;
    this.#through = stored.settledThrough;
    for (const line of stored.settledAbove) if (line > this.#through) this.#above.set(line, null);
    this.#advance();
  }

  isSettled(line: number): boolean {
    return line <= this.#through || this.#above.has(line);
  }

  settle(line: number, failure?: Failure): void {
    if (this.isSettled(line)) return;
    this.#above.set(line, failure ?? null);
    this.#advance();
  }

  /** Hands over the failures that wait behind lines that never settled (a stopped run). */
  flush(): void {
    for (const [line, failure] of [...this.#above].sort((a, b) => a[0] - b[0])) {
      if (failure) this.#inOrder(line, failure);
      this.#above.set(line, null);
    }
  }

  get state(): Pick<CheckpointState, 'settledThrough' | 'settledAbove'> {
    const settledAbove = [...this.#above.keys()].sort((a, b) => a - b);
    return { settledThrough: this.#through, settledAbove };
  }

  #advance(): void {
    for (let next = this.#through + 1; this.#above.has(next); next += 1) {
      const failure = this.#above.get(next);
      this.#above.delete(next);
      this.#through = next;
      if (failure) this.#inOrder(next, failure);
    }
  }
}

/** Checks that parsed JSON is a checkpoint this version wrote. */
export function parseCheckpoint(text: string, path: string): CheckpointState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not a checkpoint file (invalid JSON)`);
  }
  const { version, input, settledThrough, settledAbove, quietAt } = fieldsOf(value);
  if (version === 2) {
    throw new UsageError(
      `${path} was written by an earlier version, which identified the input by its first 64 KiB only: finish that run with the earlier version, or delete the checkpoint to start over`,
    );
  }
  const lines = Array.isArray(settledAbove) ? settledAbove : [undefined];
  if (
    version !== 3 ||
    !isIdentity(input) ||
    !isLineNumber(settledThrough, 0) ||
    !lines.every((line): line is number => isLineNumber(line, 1))
  ) {
    throw new UsageError(`${path} is not a checkpoint file written by this version`);
  }
  const quiet = typeof quietAt === 'number' && Number.isFinite(quietAt) ? { quietAt } : {};
  return { version, input, settledThrough, settledAbove: lines, ...quiet };
}

/** Loads the checkpoint at `path`, or `undefined` when there is none yet. */
export function loadCheckpoint(path: string): CheckpointState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (fieldsOf(error).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read checkpoint ${path}: ${messageOf(error)}`);
  }
  return parseCheckpoint(text, path);
}

/**
 * Writes the checkpoint atomically (temp file + rename), synchronously: the file on disk always
 * matches what has settled, so a SIGKILL costs at most the events in flight.
 */
export function saveCheckpoint(path: string, state: CheckpointState): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state)}\n`);
  renameSync(temp, path);
}

/**
 * A regular file as it is now: `size` as the caller saw it, and its whole content hashed a chunk at
 * a time (about 0.15 s per 100 MB from the page cache, docs/reliability.md §4).
 */
export function inputIdentity(path: string, size: number): InputIdentity {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
    }
    return { path, size, sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/** Why a checkpoint does not belong to this input, or undefined when it does. */
export function identityMismatch(
  stored: InputIdentity,
  current: InputIdentity,
): string | undefined {
  if (stored.path !== current.path) return `belongs to ${stored.path}, not ${current.path}`;
  if (stored.size !== current.size || stored.sha256 !== current.sha256) {
    const what = stored.size !== current.size ? 'its size differs' : 'its content differs';
    return `belongs to another version of ${current.path}: the file changed since the checkpoint was written (${what})`;
  }
  return undefined;
}

function isIdentity(value: unknown): value is InputIdentity {
  const { path, size, sha256 } = fieldsOf(value);
  return typeof path === 'string' && isLineNumber(size, 0) && typeof sha256 === 'string';
}

/** The checkpoint is rewritten this often while the run lasts, so a kill is never long after a save. */
export const HEARTBEAT_MS = 1_000;

/**
 * The checkpoint at `path` when it belongs to `file` (a resumed run), and how to save `settled` to
 * it. A write sent up to a heartbeat after a save may land until the lost-write hold after it was
 * sent, so each save records that time (docs/reliability.md §3).
 */
export function openCheckpoint(
  path: string,
  file: string,
  size: number,
  lostWriteHoldMs: number,
): { stored?: CheckpointState; save: (settled: SettledLines) => void } {
  const input = inputIdentity(resolve(file), size);
  const stored = loadCheckpoint(path);
  const mismatch = stored && identityMismatch(stored.input, input);
  if (mismatch)
    throw new UsageError(`checkpoint ${path} ${mismatch}; use another --checkpoint file`);
  const holdMs = lostWriteHoldMs + HEARTBEAT_MS;
  const save = (settled: SettledLines) =>
    saveCheckpoint(path, { version: 3, input, ...settled.state, quietAt: Date.now() + holdMs });
  return stored ? { stored, save } : { save };
}

/**
 * `run`, whose first call waits until `quietAt`: writes of a killed or stopped run that may still
 * land must not land after this run's writes for the same user.
 */
export function afterQuiet<A extends unknown[], R>(
  run: (...args: A) => Promise<R>,
  quietAt: number | undefined,
): (...args: A) => Promise<R> {
  if (quietAt === undefined) return run;
  let quiet: Promise<void> | undefined;
  return async (...args) => {
    quiet ??= new Promise((done) => setTimeout(done, Math.max(0, quietAt - Date.now())));
    await quiet;
    return run(...args);
  };
}
