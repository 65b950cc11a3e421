/**
 * `POST /routerTransform` (docs/rudder-contract.md §2): Kustomer does not batch, so each event becomes its
 * own un-batched request (`simpleProcessRouterDest`), except that identifies merged under docs/deviations.md D8 share
 * one output whose `metadata` lists every job it answers for.
 */
import { statTagsFor } from './errors.js';
import { destinationOf, metadataOf, type Outcome, transformEvents } from './processor.js';
import type {
  RouterBody,
  RouterOutput,
  RouterResponse,
  RudderMetadata,
  TransformerInput,
  TransformOptions,
} from './types.js';

export async function routerTransform(
  body: RouterBody,
  options: TransformOptions = {},
): Promise<RouterResponse> {
  const input: unknown = body?.input;
  if (!Array.isArray(input) || input.length === 0) {
    // The controller's `checkInvalidRtTfEvents` answer, metadata replaced by the destType (docs/rudder-contract.md §2).
    return {
      output: [
        {
          metadata: [{ destType: body?.destType }],
          batched: false,
          statusCode: 400,
          error: 'Invalid event array',
        },
      ],
    };
  }
  const inputs: readonly TransformerInput[] = input;
  const outcomes = await transformEvents(inputs, options, isTransformed);
  const output: RouterOutput[] = [];
  outcomes.forEach((outcome, index) => {
    const routed = routerOutput(inputs, index, outcome);
    if (routed !== undefined) output.push(routed);
  });
  return { output };
}

/** An input whose message has a truthy `statusCode` was transformed already (docs/rudder-contract.md §7.17). */
function isTransformed(input: TransformerInput | undefined): boolean {
  const message = typeof input === 'object' && input !== null ? input.message : undefined;
  return (
    typeof message === 'object' && message !== null && Boolean(Reflect.get(message, 'statusCode'))
  );
}

function routerOutput(
  inputs: readonly TransformerInput[],
  index: number,
  outcome: Outcome,
): RouterOutput | undefined {
  const input = inputs[index];
  const metadata = metadataOf(input);
  const destination = destinationOf(input);
  switch (outcome.kind) {
    case 'passThrough':
      return {
        batchedRequest: input?.message,
        metadata: [metadata],
        batched: false,
        statusCode: 200,
        destination,
      };
    case 'request': {
      const metadatas: (RudderMetadata | undefined)[] = [metadata];
      for (const merged of outcome.merged ?? []) metadatas.push(metadataOf(inputs[merged]));
      // Several requests for one event go as an array, which rudder-server sends in order
      // (docs/rudder-contract.md §12, for transformAt "router").
      const batchedRequest =
        outcome.before === undefined ? outcome.request : [...outcome.before, outcome.request];
      return {
        batchedRequest,
        metadata: metadatas,
        batched: false,
        statusCode: 200,
        destination,
      };
    }
    case 'merged':
      // Answered by its leader's output (docs/deviations.md D8): every jobId still appears exactly once.
      return undefined;
    case 'error':
      return {
        metadata: [metadata],
        batched: false,
        statusCode: outcome.error.status,
        error: outcome.error.message,
        statTags: statTagsFor(outcome.error, 'router', metadata),
        destination,
      };
  }
}
