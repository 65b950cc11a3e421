/**
 * How big the heaviest suites run. `npm test` runs them at a size that keeps it within a few
 * minutes; `.ci/run` sets `KUSTOMER_TEST_SCALE=full` for the sizes the issues name (1,000 property
 * cases per test, a 10,000-user bulk backfill killed twice, 5,000 events killed five times, 2,000
 * events under random faults).
 */
const given = process.env.KUSTOMER_TEST_SCALE;
if (given !== undefined && given !== '' && given !== 'full' && given !== 'quick') {
  throw new Error(`KUSTOMER_TEST_SCALE must be "full" or "quick", not ${JSON.stringify(given)}`);
}

const FULL_SCALE = given === 'full';

/** `quick` in `npm test`, `full` where KUSTOMER_TEST_SCALE=full. */
export function scaled(quick: number, full: number): number {
  return FULL_SCALE ? full : quick;
}
