/**
 * The org's defined custom attributes, when a test names them: Kustomer's documents do not say
 * whether a customer body naming an attribute the org never defined is refused
 * (docs/kustomer-api.md §11), so by default the simulator accepts any suffix-typed name, and with
 * `customAttributes` it refuses the others with a 400, as an org that does refuse them would.
 */
import type { BodyCheck } from './leniency.js';

export function withDefinedAttributes(
  check: BodyCheck,
  defined: ReadonlySet<string> | undefined,
): BodyCheck {
  if (defined === undefined) return check;
  return (schema, body) => {
    const issues = check(schema, body);
    if (schema !== 'CustomerBody' || body === null || typeof body !== 'object') return issues;
    const custom = (body as { custom?: unknown }).custom;
    if (custom === null || typeof custom !== 'object') return issues;
    for (const name of Object.keys(custom)) {
      if (defined.has(name)) continue;
      issues.push({
        path: `/custom/${name}`,
        message: 'is not a custom attribute this org has defined for customers',
        keyword: 'customAttribute',
      });
    }
    return issues;
  };
}
