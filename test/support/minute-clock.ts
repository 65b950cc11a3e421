/**
 * The system clock moved back to the start of the current minute. The simulator's rate window is a
 * whole minute of its clock (src/simulator/rate-window.ts), so a real-time test that counts 429s
 * gets a full minute of one window instead of straddling a minute's end at some times of day.
 */
import { type Clock, systemClock } from '../../src/clock.js';

export function clockAtMinuteStart(): Clock {
  const shift = Date.now() % 60_000;
  return { ...systemClock, now: () => Date.now() - shift };
}
