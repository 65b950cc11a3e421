/**
 * One table for every figure, each next to its target: rows are added as the sections finish and
 * printed once at the end, and the same rows go to bench/results.json with the raw results.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { alignedLine, columnWidths } from './harness.js';

export interface Row {
  section: string;
  measure: string;
  value: number;
  unit: string;
  /** The target as text, such as `≤ 1.05`; absent for figures given for reading only. */
  target?: string;
  met?: boolean;
}

export class Report {
  readonly rows: Row[] = [];

  /** A figure with a target: `max` means at most, `min` at least. */
  check(
    section: string,
    measure: string,
    value: number,
    unit: string,
    bound: { max: number } | { min: number },
  ): void {
    const met = 'max' in bound ? value <= bound.max : value >= bound.min;
    const target = 'max' in bound ? `≤ ${bound.max}` : `≥ ${bound.min}`;
    this.rows.push({ section, measure, value, unit, target: `${target} ${unit}`.trim(), met });
  }

  /** A figure to read, with no target. */
  info(section: string, measure: string, value: number, unit: string): void {
    this.rows.push({ section, measure, value, unit });
  }

  /** The rows by section (sections may run in another order), in the order they came within one. */
  ordered(): Row[] {
    return this.rows.toSorted((a, b) => a.section.localeCompare(b.section));
  }

  print(): void {
    const cells = this.ordered().map((r) => [
      r.section,
      r.measure,
      `${format(r.value)} ${r.unit}`.trim(),
      r.target ?? '',
      r.met === undefined ? '' : r.met ? 'met' : 'MISSED',
    ]);
    const head = ['§', 'measure', 'value', 'target', ''];
    const widths = columnWidths([head, ...cells]);
    // The value column right-aligned.
    const line = (c: string[]) => alignedLine(c, widths, (i) => i === 2);
    console.log(line(head));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const c of cells) console.log(line(c));
  }

  /**
   * Merges a run of some sections into the results file at `path`: this report's rows replace the
   * rows of the same measures, `results` replace the entries of the same keys, and every key is
   * dated in `sectionDates`; the rest of the earlier run stays.
   */
  mergeInto(path: string, results: Record<string, unknown>): void {
    const previous = existsSync(path)
      ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)
      : {};
    const measures = new Set(this.rows.map((row) => row.measure));
    const kept = ((previous.rows as Row[] | undefined) ?? []).filter(
      (row) => !measures.has(row.measure),
    );
    this.rows.unshift(...kept);
    const dates = { ...(previous.sectionDates as Record<string, string> | undefined) };
    for (const key of Object.keys(results)) dates[key] = new Date().toISOString();
    const merged = { ...(previous.results as Record<string, unknown> | undefined), ...results };
    this.write(path, { ...previous, sectionDates: dates, results: merged });
    console.log(`results merged into ${path}`);
  }

  /** Writes the JSON, then lets Biome format it, so that `npm run lint` passes after a run. */
  write(path: string, extra: Record<string, unknown>): void {
    writeFileSync(path, `${JSON.stringify({ ...extra, rows: this.ordered() }, null, 2)}\n`);
    const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
    spawnSync(process.execPath, [biome, 'format', '--write', path], { stdio: 'ignore' });
  }
}

/** Integers as they are; others to about three significant figures: 1.02, 0.413, 1,577, 98.7. */
function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const digits =
    Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
