import { ConfigurationError } from '../../src/errors.js';

/** The ConfigurationError that `run` throws; fails the test when it throws nothing or another error. */
export function configurationErrorOf(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}
