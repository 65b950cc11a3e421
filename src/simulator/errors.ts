/**
 * The simulator's error answers. Kustomer documents two error shapes and clients read either
 * (docs/kustomer-api.md §4): `{ code, message, meta }`, and JSON:API's `{ status, code, title,
 * detail, source }` (https://jsonapi.org/format/#error-objects). Every item carries both, so a
 * client reading `title` and `status` and one reading `code` and `message` each see the error.
 */
import type { components } from '../../generated/kustomer.js';
import type { SchemaIssue } from './openapi.js';

type Schemas = components['schemas'];
export type ErrorBody = Schemas['ErrorBody'];
/** An item in both of Kustomer's shapes at once. */
type ErrorItem = Schemas['KustomerErrorObject'] & Schemas['JsonApiErrorObject'];

/** Kustomer's code and the HTTP reason phrase for each status the simulator answers with. */
const KINDS: Record<number, { code: string; title: string }> = {
  400: { code: 'bad_request', title: 'Bad Request' },
  401: { code: 'unauthorized', title: 'Unauthorized' },
  403: { code: 'forbidden', title: 'Forbidden' },
  404: { code: 'not_found', title: 'Not Found' },
  409: { code: 'conflict', title: 'Conflict' },
  413: { code: 'payload_too_large', title: 'Payload Too Large' },
  429: { code: 'too_many_requests', title: 'Too Many Requests' },
  500: { code: 'internal_server_error', title: 'Internal Server Error' },
  501: { code: 'not_implemented', title: 'Not Implemented' },
  502: { code: 'bad_gateway', title: 'Bad Gateway' },
  503: { code: 'service_unavailable', title: 'Service Unavailable' },
  504: { code: 'gateway_timeout', title: 'Gateway Timeout' },
};

export interface ErrorDetails {
  /** JSON pointer of the offending value in the body. */
  pointer?: string;
  /** The offending query parameter. */
  parameter?: string;
  meta?: Record<string, unknown>;
}

/** One error item in both shapes. */
function errorItem(status: number, detail: string, details: ErrorDetails = {}): ErrorItem {
  const kind = KINDS[status] ?? { code: 'error', title: `HTTP ${status}` };
  const item: ErrorItem = {
    status: String(status),
    code: kind.code,
    title: kind.title,
    detail,
    message: detail,
  };
  if (details.pointer !== undefined) item.source = { pointer: details.pointer };
  if (details.parameter !== undefined) item.source = { parameter: details.parameter };
  if (details.meta !== undefined) item.meta = details.meta;
  return item;
}

export function errorBody(status: number, detail: string, details?: ErrorDetails): ErrorBody {
  return { errors: [errorItem(status, detail, details)] };
}

/** A 400 with one item per problem, each naming its field (docs/kustomer-api.md §4). */
export function badRequest(issues: readonly SchemaIssue[]): ErrorBody {
  const items = issues.map((issue) =>
    errorItem(400, `${fieldName(issue.path)}: ${issue.message}`, { pointer: issue.path }),
  );
  const [first, ...rest] = items;
  return { errors: first ? [first, ...rest] : [errorItem(400, 'body: invalid', { pointer: '' })] };
}

/** `/event/name` → `event.name`; the body itself is `body`. */
function fieldName(pointer: string): string {
  if (pointer === '') return 'body';
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}
