/**
 * Fault rules: which request to break, and how. Rules are tried in the order they were added; the
 * first that fires answers, and the rules after it do not see that request.
 */
import type { FaultRule } from './types.js';

export interface Faults {
  /** Adds a rule; the returned function removes it. */
  add(rule: FaultRule): () => void;
  /** The rule to apply to this request, if one fires; counts the request for every rule it meets. */
  next(method: string, decodedPath: string): FaultRule | undefined;
  /** Removes every rule. */
  clear(): void;
  /** The rules in force, in order, with how often each has fired (copies). */
  list(): { rule: FaultRule; fired: number }[];
}

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  fired: number;
}

export function createFaults(): Faults {
  let rules: ActiveRule[] = [];

  return {
    add(rule) {
      const active: ActiveRule = { rule: copyRule(rule), seen: 0, fired: 0 };
      rules.push(active);
      return () => {
        rules = rules.filter((r) => r !== active);
      };
    },
    next(method, decodedPath) {
      for (const active of rules) {
        const { rule } = active;
        if (rule.times !== undefined && active.fired >= rule.times) continue;
        if (!appliesTo(rule, method, decodedPath)) continue;
        active.seen += 1;
        if (active.seen % Math.max(1, Math.floor(rule.everyNth ?? 1)) !== 0) continue;
        active.fired += 1;
        return rule;
      }
      return undefined;
    },
    clear() {
      rules = [];
    },
    list: () => rules.map(({ rule, fired }) => ({ rule: copyRule(rule), fired })),
  };
}

function appliesTo(rule: FaultRule, method: string, decodedPath: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return decodedPath.startsWith(rule.path);
  return rule.path.test(decodedPath);
}

/** A private copy; a global or sticky RegExp would carry `lastIndex` from one request to the next. */
function copyRule(rule: FaultRule): FaultRule {
  const copy = { ...rule };
  if (rule.path instanceof RegExp)
    copy.path = new RegExp(rule.path.source, rule.path.flags.replace(/[gy]/g, ''));
  return copy;
}
