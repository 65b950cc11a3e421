/**
 * `kustomer-destination/rudder`: the rudder-transformer contract for Kustomer
 * (docs/rudder-contract.md §1–4, and §8 for user deletion), as functions and as a node:http handler.
 */

export { CustomerMemory, type CustomerMemoryOptions } from './customer-memory.js';
export { type DeletionResponse, processDeleteUsers } from './delete-users.js';
export {
  createTransformerHandler,
  type TransformerHandler,
  type TransformerHandlerOptions,
} from './http-handler.js';
export { processorTransform } from './processor.js';
export { routerTransform } from './router.js';
export type {
  CompactedBody,
  ErrorCategory,
  ErrorType,
  ProcessorFailure,
  ProcessorOutput,
  ProcessorSuccess,
  RouterBody,
  RouterFailure,
  RouterOutput,
  RouterResponse,
  RouterSuccess,
  RudderDestination,
  RudderMetadata,
  RudderRequest,
  StatTags,
  TransformerInput,
  TransformOptions,
} from './types.js';
