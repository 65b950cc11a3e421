/**
 * Whether the data beside the repository (../shared: RudderStack's conformance cases, Kustomer's
 * reference document) must be there. `.ci/run` sets KUSTOMER_REQUIRE_SHARED_DATA=1, so its runs
 * cannot pass by skipping; everywhere else — a fork's CI with CI=true included — a missing folder
 * skips those suites with a notice, since the data is not part of this repository (its licence
 * forbids copying it here).
 */
export const SHARED_DATA_VARIABLE = 'KUSTOMER_REQUIRE_SHARED_DATA';

export const sharedDataRequired = process.env[SHARED_DATA_VARIABLE] === '1';
