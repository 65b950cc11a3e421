/**
 * `kustomer-destination`: deliver RudderStack events to Kustomer. The transformer contract is in
 * `kustomer-destination/rudder`, the simulator in `kustomer-destination/testing`.
 */
export type {
  Context,
  GroupEvent,
  IdentifyEvent,
  PageEvent,
  RudderEvent,
  ScreenEvent,
  TrackEvent,
  Traits,
} from './adapter/events.js';
export {
  mapEvent,
  mapGroup,
  mapIdentify,
  mapPage,
  mapScreen,
  mapTrack,
} from './adapter/index.js';
export type {
  CustomerLookup,
  MappedEvent,
  MappedGroup,
  MappedIdentify,
  MappedTracking,
  MapperOptions,
  RudderEventType,
  RudderMessage,
} from './adapter/types.js';
export type { KustomerCall, KustomerOperation } from './client/calls.js';
export { createKustomerClient } from './client/index.js';
export type {
  AttemptInfo,
  CallOptions,
  KustomerClient,
  KustomerClientOptions,
  Region,
  RetryPolicy,
  UpdateOptions,
} from './client/types.js';
export type { Clock } from './clock.js';
export type {
  BatchProgress,
  DeletionPlan,
  DeletionResult,
  DeliveryError,
  DeliveryPlan,
  DeliveryResult,
  DestinationConfig,
  KustomerDestination,
  Logger,
  SendBatchOptions,
  UserToDelete,
} from './delivery/types.js';
export { createKustomerDestination } from './destination.js';
export {
  ConfigurationError,
  InvalidEventError,
  KustomerApiError,
  KustomerError,
  type RedactedRequest,
} from './errors.js';
export type {
  CustomerBody,
  CustomerResource,
  IdentityEventBody,
  TrackingIdentityResource,
} from './payloads.js';
