/** Moved to src/simulator/openapi.ts; kept until the tests that import it from here move too. */
export * from '../simulator/openapi.js';
