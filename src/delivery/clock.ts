/** Time as the destination sees it; injectable so tests can run rate windows in virtual time. */
import { sleep } from '../client/options.js';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };
