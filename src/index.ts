export type {
  CustomerLookup,
  CustomerPlan,
  EventPlan,
  MapperOptions,
  RudderEvent,
  RudderEventType,
  TrackingPlan,
} from './adapter/types.js';
export type {
  AttemptInfo,
  CallOptions,
  CustomerBody,
  CustomerResource,
  IdentityEventBody,
  KustomerClient,
  KustomerClientOptions,
  Region,
  RequestGate,
  RetryPolicy,
  TrackingIdentityResource,
  UpdateOptions,
} from './client/types.js';
export {
  ConfigurationError,
  InvalidEventError,
  KustomerApiError,
  KustomerError,
  type RedactedRequest,
} from './errors.js';
