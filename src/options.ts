/**
 * Unknown option keys are refused, with the closest known key as a hint: in plain JavaScript a
 * typo such as `baseURL` or `regoin` would otherwise be ignored, and test traffic would go to the
 * real Kustomer.
 */
import { ConfigurationError } from './errors.js';

/**
 * Throws `ConfigurationError` for the first own key of `options` that is not in `known`; returns
 * the options to read from: a copy of the own properties only, with no prototype, so nothing set
 * on `Object.prototype` (prototype pollution elsewhere in the process) can pass for an option such
 * as `baseUrl` or `allowInsecureBaseUrl`.
 */
export function refuseUnknownOptions<T extends object>(
  options: T,
  known: readonly string[],
  owner: string,
  prefix = '',
): T {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const hint = closestKey(key, known);
    throw new ConfigurationError(
      `${owner} has no option ${prefix}${key}${hint === undefined ? '' : `: did you mean ${prefix}${hint}?`}`,
      { option: `${prefix}${key}` },
    );
  }
  return ownOptions(options);
}

/** The own enumerable properties of `options`, on an object with no prototype. */
export function ownOptions<T extends object>(options: T): T {
  return Object.assign(Object.create(null) as T, options);
}

/**
 * The known key a name is most likely a typo of: the same letters in another case, or at most a
 * third of its letters changed (Damerau–Levenshtein distance, capped at 3).
 */
export function closestKey(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  for (const candidate of known) {
    if (candidate.toLowerCase() === lower) return candidate;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, at(i - 2, j - 2) + 1);
      }
      const row = rows[i];
      if (row) row[j] = d;
    }
  }
  return at(a.length, b.length);
}
