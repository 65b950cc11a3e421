/** Counting what each line came to, for `send` and `delete` alike. */
import type { DeliveryError } from '../delivery/types.js';
import type { Signal } from './io.js';

/** What one item came to, in the terms every command counts. */
export type Outcome = (
  | {
      ok: true;
      /** `created`, `updated`, `tracked`, `deleted`, `notFound`, … */
      action: string;
      removed?: number;
      /** What became of the company the customer was linked to (`created`, `updated`, `found`). */
      company?: { action: string };
    }
  | { ok: false; error: DeliveryError }
) & {
  requests: number;
  retries: number;
  uncertain?: number;
  warnings?: readonly string[];
  notSent?: readonly string[];
};

/** What a run came to: `--json` prints it, its actions at the top level. */
export type RunSummary = ReturnType<Tally['summary']>;

/** Names of errors for items that never reached Kustomer. */
const INVALID = new Set(['InvalidEventError', 'InvalidJsonError', 'LineTooLongError']);

/** Whether the item was refused before any request. */
export function isInvalid(error: DeliveryError): boolean {
  return INVALID.has(error.name);
}

/**
 * A failure's kind, fit for grouping: the error's name plus its HTTP status, or for a request that
 * got no answer, why (`timeout`, `network error ECONNREFUSED`).
 */
export function failureKind(error: DeliveryError): string {
  if (error.status === undefined) return error.name;
  if (error.status !== 0) return `${error.name} ${error.status}`;
  if (error.code === 'timeout') return `${error.name} timeout`;
  const system = systemCode(error.message);
  return `${error.name} network error${system === undefined ? '' : ` ${system}`}`;
}

/** A Node system error code (`ECONNREFUSED`, `ENOTFOUND`) named in a message. */
export function systemCode(message: string): string | undefined {
  return /\b(E[A-Z][A-Z_]{2,})\b/.exec(message)?.[1];
}

/**
 * A warning (`path value reason`, src/adapter/warnings.ts) with its values masked, so one rule
 * broken by many events counts once and no personal value reaches the summary.
 */
export function warningKind(warning: string): string {
  return warning
    .replace(/"(?:[^"\\]|\\.)*"…?/g, '"…"')
    .replace(/^(\S+) (?:-?\d[\d.e+-]*|true|false) /, '$1 … ');
}

/** At most this many kinds are kept per map; the rest are counted together. */
const MAX_KINDS = 100;
const OTHER_KINDS = '(other kinds)';

function countInto(counts: Map<string, number>, kind: string): void {
  const key = counts.has(kind) || counts.size < MAX_KINDS ? kind : OTHER_KINDS;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Most frequent first, then by name. */
export function sorted(counts: Map<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export class Tally {
  readonly #hintFor: (error: DeliveryError) => string | undefined;
  readonly #actions = new Map<string, number>();
  readonly #warningKinds = new Map<string, number>();
  readonly #failures = new Map<string, number>();
  readonly #hints = new Map<string, string>();
  readonly #notSent = new Map<string, number>();
  #n = { sent: 0, removed: 0, failed: 0, invalid: 0, retried: 0, requests: 0 };
  #more = { uncertain: 0, warnings: 0 };
  /** Lines read and settled by this run, and `skipped`: settled by an earlier one. */
  readonly lines = { read: 0, settled: 0, skipped: 0 };
  readonly #companies = { created: 0, updated: 0, linked: 0 };

  /** `actions` are listed in this order, even at 0. */
  constructor(
    actions: readonly string[] = ['created', 'updated', 'tracked'],
    hintFor: (error: DeliveryError) => string | undefined = () => undefined,
  ) {
    for (const action of actions) this.#actions.set(action, 0);
    this.#hintFor = hintFor;
  }

  /** The counts the progress bar shows. */
  get counts(): { events: number; failed: number; invalid: number } {
    return { events: this.#n.sent, failed: this.#n.failed, invalid: this.#n.invalid };
  }

  record(outcome: Outcome): void {
    const n = this.#n;
    n.requests += outcome.requests;
    n.retried += outcome.retries;
    this.#more.uncertain += outcome.uncertain ?? 0;
    for (const warning of outcome.warnings ?? []) {
      this.#more.warnings += 1;
      countInto(this.#warningKinds, warningKind(warning));
    }
    for (const name of outcome.notSent ?? []) countInto(this.#notSent, name);
    if (outcome.ok) {
      n.sent += 1;
      n.removed += outcome.removed ?? 0;
      countInto(this.#actions, outcome.action);
      const action = outcome.company?.action;
      if (action === undefined) return;
      this.#companies.linked += 1;
      if (action === 'created' || action === 'updated') this.#companies[action] += 1;
      return;
    }
    if (isInvalid(outcome.error)) n.invalid += 1;
    else {
      n.sent += 1;
      n.failed += 1;
    }
    const kind = failureKind(outcome.error);
    countInto(this.#failures, kind);
    if (!this.#hints.has(kind)) {
      const hint = this.#hintFor(outcome.error);
      if (hint !== undefined) this.#hints.set(kind, hint);
    }
  }

  /**
   * `sent` items went to Kustomer, `invalid` lines never did (not JSON, too long, not an item);
   * `uncertain` writes got no answer and may have landed; `skipped` lines an earlier run settled;
   * `lines.unsettled` were in flight when the run stopped; `stopped` says why it gave up on its own.
   */
  summary(elapsedMs: number, end: { interrupted?: Signal; stopped?: string } = {}) {
    const { read, settled, skipped } = this.lines;
    const failures: Record<string, { count: number; hint?: string }> = {};
    for (const [kind, count] of sorted(this.#failures)) {
      const hint = this.#hints.get(kind);
      failures[kind] = hint === undefined ? { count } : { count, hint };
    }
    const companies = this.#companies.linked > 0 ? { companies: { ...this.#companies } } : {};
    return {
      ...this.#n,
      uncertain: this.#more.uncertain,
      skipped,
      warnings: this.#more.warnings,
      ...companies,
      actions: Object.fromEntries(this.#actions),
      warningKinds: Object.fromEntries(sorted(this.#warningKinds)),
      failures,
      notSent: Object.fromEntries(sorted(this.#notSent)),
      lines: { read, settled, unsettled: read - settled },
      elapsedMs,
      ...end,
    };
  }
}
