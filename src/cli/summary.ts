/** The end-of-run summary: aligned text for people, JSON for scripts. */
import { customSuffixes } from '../../generated/limits.js';
import type { RunSummary } from './tally.js';

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
 * Rows indented by two spaces, their columns aligned and three spaces apart; by default a name,
 * a count (right-aligned) and notes. Rows may be shorter than others.
 */
export function formatTable(
  rows: readonly (readonly string[])[],
  options: { align?: readonly ('left' | 'right')[] } = {},
): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) => {
      const cells = row.map((cell, i) => {
        const align = options.align?.[i] ?? (i === 1 ? 'right' : 'left');
        const width = widths[i] ?? 0;
        return align === 'left' ? cell.padEnd(width) : cell.padStart(width);
      });
      return `  ${cells.join('   ')}`.trimEnd();
    })
    .join('\n');
}

/** How a command names what a line holds (`users`), what it did (`Processed`) and `removed`. */
export interface SummaryWords {
  noun: string;
  done: string;
  removed?: string;
}

export const EVENT_WORDS: SummaryWords = { noun: 'events', done: 'Delivered' };
/** Warning kinds listed before the rest are only counted. */
const MAX_WARNING_KINDS = 10;

/** The end-of-run summary for people (stderr). */
export function formatSummary(
  s: RunSummary,
  options: { dryRun?: boolean; words?: SummaryWords; checkpoint?: boolean } = {},
): string {
  const words = options.words ?? EVENT_WORDS;
  const dryRun = options.dryRun === true;
  const rows = dryRun ? dryRunRows(s) : countRows(s, words);
  if (s.skipped > 0) rows.push(['skipped', formatCount(s.skipped), '(settled by an earlier run)']);
  if (s.warnings > 0) rows.push(['warnings', formatCount(s.warnings)]);
  rows.push(['elapsed', formatDuration(s.elapsedMs)]);

  const lines = headline(s, words, dryRun, options.checkpoint === true);
  lines.push(formatTable(rows));
  const failures = Object.entries(s.failures);
  if (failures.length > 0) {
    lines.push('Failures by kind');
    lines.push(
      formatTable(
        failures.map(([kind, f]) => [kind, formatCount(f.count), ...(f.hint ? [f.hint] : [])]),
      ),
    );
  }
  lines.push(...warningLines(s.warningKinds));
  const notSent = Object.entries(s.notSent);
  for (const [name, n] of notSent) lines.push(`not sent: ${name} × ${formatCount(n)}`);
  const [first] = notSent;
  if (first !== undefined) lines.push(customAttributesHint(first[0]));
  return `${lines.join('\n')}\n`;
}

function countRows(s: RunSummary, words: SummaryWords): string[][] {
  const rows = [['sent', formatCount(s.sent)]];
  for (const [action, n] of Object.entries(s.actions)) rows.push([label(action), formatCount(n)]);
  if (s.companies !== undefined) {
    const { created, updated, linked } = s.companies;
    rows.push(['companies created', formatCount(created)]);
    rows.push(['companies updated', formatCount(updated), '(by group events)']);
    rows.push(['customers linked', formatCount(linked), '(to a company, by group or identify)']);
  }
  if (words.removed) rows.push([words.removed, formatCount(s.removed)]);
  rows.push(['failed', formatCount(s.failed)]);
  rows.push(['invalid', formatCount(s.invalid), '(never sent: not JSON or not valid)']);
  rows.push(['retried', formatCount(s.retried)], ['requests', formatCount(s.requests)]);
  if (s.uncertain > 0) {
    rows.push([
      'uncertain',
      formatCount(s.uncertain),
      '(writes sent with no answer: may have landed)',
    ]);
  }
  return rows;
}

function dryRunRows(s: RunSummary): string[][] {
  return [
    ['planned', formatCount(delivered(s))],
    ['requests', formatCount(s.requests), '(planned; none sent)'],
    ['invalid', formatCount(s.invalid)],
  ];
}

/** `notFound` → `not found` */
function label(action: string): string {
  return action.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

/** Warning kinds a flag would have avoided, and what to say (src/adapter/meta.ts drops these). */
const WARNING_HINTS: readonly [RegExp, string][] = [
  [
    / is not a number or string: dropped$/,
    '--advanced-transform sends booleans, objects and arrays as text',
  ],
];

function withHint(kind: string): string {
  const hint = WARNING_HINTS.find(([pattern]) => pattern.test(kind))?.[1];
  return hint === undefined ? kind : `${kind} (${hint})`;
}

/** How to send a trait no rule sends: as a custom attribute, named with its type's suffix. */
function customAttributesHint(path: string): string {
  const trait = path.replace(/^(context\.)?traits\./, '');
  const example = JSON.stringify({ [trait]: `${trait.replace(/\W/g, '')}Str` });
  return `  to send traits as Kustomer custom attributes: --custom-attributes '${example}' (the name ends in its type: ${Object.keys(customSuffixes).join(', ')})`;
}

function warningLines(kinds: Record<string, number>): string[] {
  const all = Object.entries(kinds);
  if (all.length === 0) return [];
  const rows = all.slice(0, MAX_WARNING_KINDS).map(([kind, n]) => [formatCount(n), withHint(kind)]);
  if (all.length > rows.length) {
    rows.push(['', `… and ${formatCount(all.length - rows.length)} more kinds`]);
  }
  return [
    'Warnings by kind (values corrected or dropped so that Kustomer accepts the item)',
    formatTable(rows, { align: ['right', 'left'] }),
  ];
}

function delivered(s: RunSummary): number {
  return Object.values(s.actions).reduce((a, b) => a + b, 0);
}

function headline(
  s: RunSummary,
  words: SummaryWords,
  dryRun: boolean,
  checkpoint: boolean,
): string[] {
  const total = s.sent + s.invalid;
  const of = `${formatCount(delivered(s))} of ${formatCount(total)} ${words.noun}`;
  const { read, settled, unsettled } = s.lines;
  // Only a checkpoint makes a rerun resume: without one it starts again from the first line.
  const rerun = checkpoint
    ? 'rerun with the same --checkpoint to resume'
    : `no --checkpoint: a rerun sends every line again; run with --checkpoint FILE to resume instead`;
  const settling = `${formatCount(settled)} of ${formatCount(read)} lines read settled; ${formatCount(unsettled)} did not (${rerun})`;
  if (s.stopped) {
    const stopped = `Stopped after ${formatCount(total)} ${words.noun}: ${s.stopped}`;
    return unsettled > 0 ? [stopped, settling] : [stopped];
  }
  if (s.interrupted) {
    return [`Interrupted by ${s.interrupted}: ${words.done.toLowerCase()} ${of}`, settling];
  }
  if (total === 0 && s.skipped > 0) {
    return ['Nothing left to send: an earlier run settled every line (--checkpoint)'];
  }
  if (dryRun) return [`Dry run: planned ${of}; nothing was sent`];
  return [`${words.done} ${of}`];
}

/**
 * The end-of-run summary for scripts (stdout with `--json`): actions at the top level, and `removed`
 * only for a command that removes.
 */
export function formatSummaryJson(s: RunSummary, words: SummaryWords = EVENT_WORDS): string {
  const { actions, removed, ...rest } = s;
  const out =
    words.removed === undefined ? { ...actions, ...rest } : { ...actions, removed, ...rest };
  return `${JSON.stringify(out)}\n`;
}
