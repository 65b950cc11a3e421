/**
 * Counting delivery results and printing them: aligned text for people, JSON for scripts.
 */
import type { DeliveryError, DeliveryResult } from '../delivery/types.js';

export interface SendSummary {
  /** Events handed to the destination. */
  sent: number;
  created: number;
  updated: number;
  tracked: number;
  /** Events not delivered: failed deliveries plus invalid lines. */
  failed: number;
  /** Of `failed`, lines that were not JSON or not a valid event. */
  invalid: number;
  /** HTTP attempts that repeated an earlier one. */
  retried: number;
  /** HTTP attempts in all. */
  requests: number;
  /** Lines an earlier run had settled (`--checkpoint`). */
  skipped: number;
  warnings: number;
  /** Failed events per reason (`KustomerApiError 503`, `InvalidEventError`, …). */
  failures: Record<string, number>;
  elapsedMs: number;
  /** Set when a signal stopped the run early. */
  interrupted?: 'SIGINT' | 'SIGTERM';
}

/** A reason fit for grouping: the error's name, plus its HTTP status when there was one. */
export function reasonOf(error: DeliveryError): string {
  return error.status === undefined ? error.name : `${error.name} ${error.status}`;
}

/** Whether the destination refused the event itself, before any request. */
export function isInvalidEvent(error: DeliveryError): boolean {
  return error.name === 'InvalidEventError' || error.name === 'InvalidJsonError';
}

export class Tally {
  readonly #s: Omit<SendSummary, 'elapsedMs' | 'interrupted'> = {
    sent: 0,
    created: 0,
    updated: 0,
    tracked: 0,
    failed: 0,
    invalid: 0,
    retried: 0,
    requests: 0,
    skipped: 0,
    warnings: 0,
    failures: {},
  };

  get sent(): number {
    return this.#s.sent;
  }

  get failed(): number {
    return this.#s.failed;
  }

  /** Counts the result of an event handed to the destination. */
  record(result: DeliveryResult): void {
    const s = this.#s;
    s.sent += 1;
    s.requests += result.requests;
    s.retried += result.retries;
    s.warnings += result.warnings.length;
    if (result.ok) s[result.action] += 1;
    else this.#fail(result.error);
  }

  /** Counts a line that never reached the destination (not JSON). */
  recordUnreadable(error: DeliveryError): void {
    this.#fail(error);
  }

  recordSkipped(): void {
    this.#s.skipped += 1;
  }

  summary(elapsedMs: number, interrupted?: 'SIGINT' | 'SIGTERM'): SendSummary {
    const out: SendSummary = { ...this.#s, failures: { ...this.#s.failures }, elapsedMs };
    if (interrupted !== undefined) out.interrupted = interrupted;
    return out;
  }

  #fail(error: DeliveryError): void {
    const s = this.#s;
    s.failed += 1;
    if (isInvalidEvent(error)) s.invalid += 1;
    const reason = reasonOf(error);
    s.failures[reason] = (s.failures[reason] ?? 0) + 1;
  }
}

/** `1,234` */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `850 ms`, `3.4 s`, `2 min 5 s` */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Aligns rows into columns separated by three spaces. By default the first column is left-aligned
 * and the others (counts) right-aligned; rows may be shorter than others.
 */
export function formatTable(
  rows: readonly (readonly string[])[],
  options: { indent?: number; align?: readonly ('left' | 'right')[] } = {},
): string {
  const indent = ' '.repeat(options.indent ?? 2);
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) => {
      const cells = row.map((cell, i) => {
        const align = options.align?.[i] ?? (i === 0 ? 'left' : 'right');
        const width = widths[i] ?? 0;
        return align === 'left' ? cell.padEnd(width) : cell.padStart(width);
      });
      return `${indent}${cells.join('   ')}`.trimEnd();
    })
    .join('\n');
}

/** The end-of-run summary for people (stderr). */
export function formatSummary(s: SendSummary, options: { dryRun?: boolean } = {}): string {
  const delivered = s.created + s.updated + s.tracked;
  const total = s.sent + failedUnsent(s);
  const rows: string[][] = options.dryRun
    ? [
        ['planned', formatCount(delivered)],
        ['requests', formatCount(s.requests), '(planned; none sent)'],
      ]
    : [
        ['sent', formatCount(s.sent)],
        ['created', formatCount(s.created)],
        ['updated', formatCount(s.updated)],
        ['tracked', formatCount(s.tracked)],
      ];
  rows.push([
    'failed',
    formatCount(s.failed),
    ...(s.invalid > 0 ? [`(${formatCount(s.invalid)} invalid)`] : []),
  ]);
  if (!options.dryRun) {
    rows.push(['retried', formatCount(s.retried)], ['requests', formatCount(s.requests)]);
  }
  if (s.skipped > 0) {
    rows.push(['skipped', formatCount(s.skipped), '(settled by an earlier run)']);
  }
  if (s.warnings > 0) rows.push(['warnings', formatCount(s.warnings)]);
  rows.push(['elapsed', formatDuration(s.elapsedMs)]);

  const lines = [headline(s, delivered, total, options.dryRun === true)];
  lines.push(formatTable(rows, { align: ['left', 'right', 'left'] }));
  const reasons = Object.entries(s.failures).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    lines.push('Failures by reason');
    lines.push(formatTable(reasons.map(([reason, n]) => [reason, formatCount(n)])));
  }
  return `${lines.join('\n')}\n`;
}

function headline(s: SendSummary, delivered: number, total: number, dryRun: boolean): string {
  if (s.interrupted) {
    return `Interrupted by ${s.interrupted}: delivered ${formatCount(delivered)} of ${formatCount(s.sent)} events sent`;
  }
  if (total === 0 && s.skipped > 0) {
    return 'Nothing left to send: an earlier run settled every line (--checkpoint)';
  }
  if (dryRun) {
    return `Dry run: planned ${formatCount(delivered)} of ${formatCount(total)} events; nothing was sent`;
  }
  return `Delivered ${formatCount(delivered)} of ${formatCount(total)} events`;
}

/** The end-of-run summary for scripts (stdout with `--json`). */
export function formatSummaryJson(s: SendSummary): string {
  return `${JSON.stringify(s)}\n`;
}

/** Failed lines that never reached the destination: they are in `failed` but not in `sent`. */
function failedUnsent(s: SendSummary): number {
  return s.failures.InvalidJsonError ?? 0;
}
