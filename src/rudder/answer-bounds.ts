/**
 * Bounds on what the transformer builds for one request (docs/reliability.md §8): a body of a
 * million tiny elements (`[1,1,…]`, 2 MB) would otherwise get a million error answers, about 112
 * times its size; and one element whose metadata nests thousands of levels deep cannot be
 * serialised, which turned the whole batch into a 500 that rudder-server retries forever.
 */
import { HttpProblem } from './http-body.js';
import type { ProcessorOutput } from './types.js';

/**
 * Events in one transformer request. rudder-server sends batches of at most a few hundred
 * (its `transformBatchSize`, default 200); ten thousand leaves room and bounds the answer.
 */
const MAX_EVENTS_PER_REQUEST = 10_000;

/** An error text longer than this is cut: the answer stays proportional to the request. */
const MAX_ERROR_CHARS = 1_000;

export function checkEventCount(count: number): void {
  if (count > MAX_EVENTS_PER_REQUEST) {
    throw new HttpProblem(
      413,
      `A request carries at most ${MAX_EVENTS_PER_REQUEST} events; this one carries ${count}: send smaller batches`,
    );
  }
}

/**
 * Each element as it can be sent: an error text cut short, and an element that cannot be
 * serialised (metadata nested too deep) answered on its own as a 400, its metadata dropped.
 */
export function boundedOutputs(outputs: readonly ProcessorOutput[]): ProcessorOutput[] {
  return outputs.map((output) => {
    const bounded =
      'error' in output && output.error.length > MAX_ERROR_CHARS
        ? { ...output, error: `${output.error.slice(0, MAX_ERROR_CHARS)}…` }
        : output;
    try {
      JSON.stringify(bounded.metadata);
      return bounded;
    } catch {
      return {
        statusCode: 400,
        error: 'The event metadata cannot be answered: it is nested too deep to serialise',
        statTags: {
          errorCategory: 'dataValidation',
          errorType: 'instrumentation',
          destType: 'KUSTOMER',
          module: 'destination',
          implementation: 'native',
          feature: 'processor',
        },
      };
    }
  });
}
