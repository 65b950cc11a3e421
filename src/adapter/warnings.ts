/**
 * The one warnings collector every mapper writes to, and how warnings show values and paths.
 */

const SHOWN = 40;

/** A short description of a value for a warning: strings quoted and cut, others by kind. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > SHOWN ? `${value.slice(0, SHOWN)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '(null)';
  if (Array.isArray(value)) return '(an array)';
  return typeof value === 'object' || typeof value === 'undefined'
    ? `(an ${typeof value})`
    : `(a ${typeof value})`;
}

/** A child path as warnings show it, keys cut like values. */
export function childPath(parent: string, key: string): string {
  return `${parent}.${key.length > SHOWN ? `${key.slice(0, SHOWN)}…` : key}`;
}

/**
 * The one place warnings are made. A warning means a value was dropped or changed in meaning;
 * a documented clean-up (docs/deviations.md D4, D12) is not one.
 */
export class Warnings {
  readonly list: string[] = [];

  /** `traits.gender "x" is not m or f: dropped`. Returns undefined, for `return w.drop(...)`. */
  drop(path: string, value: unknown, why: string): undefined {
    this.list.push(`${path} ${show(value)} ${why}: dropped`);
    return undefined;
  }

  /** A warning about several values at once. */
  note(text: string): void {
    this.list.push(text);
  }

  /** A value sent with another meaning, such as an unknown phone type sent as `other`. */
  change(path: string, value: unknown, how: string): void {
    this.list.push(`${path} ${show(value)} ${how}`);
  }
}
