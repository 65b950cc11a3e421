/**
 * Every call made with a caller's signal adds an abort listener for each attempt and each wait,
 * and removes it afterwards. Calls running at once on one signal (a batch at concurrency 32) hold
 * that many listeners at once; Node's default limit of 10 then prints a
 * `MaxListenersExceededWarning` although nothing leaks. The limit is lifted once per signal.
 */
import { setMaxListeners } from 'node:events';

const lifted = new WeakSet<AbortSignal>();

export function allowConcurrentListeners(signal: AbortSignal | undefined): void {
  if (signal === undefined || lifted.has(signal)) return;
  lifted.add(signal);
  setMaxListeners(0, signal);
}
