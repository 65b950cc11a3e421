/**
 * Resumable progress for `--checkpoint`: the highest line L such that every line up to L is
 * settled, plus the settled lines above L (lines settle out of order). A checkpoint belongs to one
 * input, its path, size and SHA-256, so a replaced or edited file is refused rather than skipped
 * (docs/reliability.md §4); a resumed run sends nothing before the stopped run's writes are done.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
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

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** Tracks settled lines; pure, so that resume logic can be tested without files. */
export class CheckpointTracker {
  readonly input: InputIdentity;
  #through: number;
  readonly #above: Set<number>;

  /** How long after a save the run's writes may still land; 0 records nothing. */
  holdMs = 0;

  constructor(state: Pick<CheckpointState, 'input' | 'settledThrough' | 'settledAbove'>) {
    this.input = state.input;
    this.#through = state.settledThrough;
    this.#above = new Set(state.settledAbove.filter((line) => line > state.settledThrough));
    this.#advance();
  }

  static fresh(input: InputIdentity): CheckpointTracker {
    return new CheckpointTracker({ input, settledThrough: 0, settledAbove: [] });
  }

  isSettled(line: number): boolean {
    return line <= this.#through || this.#above.has(line);
  }

  settle(line: number): void {
    if (this.isSettled(line)) return;
    this.#above.add(line);
    this.#advance();
  }

  get settledThrough(): number {
    return this.#through;
  }

  toState(): CheckpointState {
    return {
      version: 3,
      input: this.input,
      settledThrough: this.#through,
      settledAbove: [...this.#above].sort((a, b) => a - b),
      ...(this.holdMs > 0 ? { quietAt: Date.now() + this.holdMs } : {}),
    };
  }

  #advance(): void {
    while (this.#above.delete(this.#through + 1)) this.#through += 1;
  }
}

/** Checks that parsed JSON is a checkpoint this version wrote. */
export function parseCheckpoint(text: string, path: string): CheckpointState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CheckpointError(`${path} is not a checkpoint file (invalid JSON)`);
  }
  const { version, input, settledThrough, settledAbove, quietAt } = fieldsOf(value);
  if (version === 2) {
    throw new CheckpointError(
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
    throw new CheckpointError(`${path} is not a checkpoint file written by this version`);
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
    if (isNotFound(error)) return undefined;
    throw new CheckpointError(`cannot read checkpoint ${path}: ${messageOf(error)}`);
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

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

/** The checkpoint is rewritten this often while the run lasts, so a kill is never long after a save. */
export const HEARTBEAT_MS = 1_000;

/**
 * The checkpoint at `path` when it belongs to `file` (a resumed run), else a fresh one. A write
 * sent up to a heartbeat after a save may land until the lost-write hold after it was sent, so each
 * save records that time (docs/reliability.md §3).
 */
export function openCheckpoint(
  path: string,
  file: string,
  size: number,
  lostWriteHoldMs: number,
): { tracker: CheckpointTracker; resumed: boolean; quietAt?: number } {
  const identity = inputIdentity(resolve(file), size);
  let state: CheckpointState | undefined;
  try {
    state = loadCheckpoint(path);
  } catch (error) {
    throw error instanceof CheckpointError ? new UsageError(error.message) : error;
  }
  const mismatch = state && identityMismatch(state.input, identity);
  if (mismatch)
    throw new UsageError(`checkpoint ${path} ${mismatch}; use another --checkpoint file`);
  const tracker = state ? new CheckpointTracker(state) : CheckpointTracker.fresh(identity);
  tracker.holdMs = lostWriteHoldMs + HEARTBEAT_MS;
  if (state?.quietAt === undefined) return { tracker, resumed: state !== undefined };
  return { tracker, resumed: true, quietAt: state.quietAt };
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
