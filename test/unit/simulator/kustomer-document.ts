/**
 * Kustomer's own OpenAPI document for the operations the simulator serves, read (never copied) from
 * the reference folder beside the repository, to check the simulator's answers against what
 * Kustomer documents. Absent outside the project's workspace; required where ../../support/shared-data.ts says so.
 *
 * The document's own defects that the check tolerates (they are not faults of an answer):
 * - `required` lists copied from a single example: a field the example happened to have is
 *   "required" even where a new customer has no such value (`birthdayAt`, `lastMessageIn`, …).
 * - `nullable` only where the example happened to hold null: an unset field answered as null is
 *   allowed where the document declares a bare type.
 * - No error responses at all: error answers are checked against our spec's ErrorBody instead.
 * - `POST /tracking/event` declares a text/plain body on a 204: the 204 is checked without a body.
 * - The bulk job status calls (`/v1/bulk/{id}`, `/v1/bulk/{id}/batches`) are not in the document
 *   at all (our spec has them from the developer guide): their answers are checked against our spec only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { type CompiledTemplate, compileTemplate } from '../../../src/simulator/paths.js';
import { SHARED_DATA_VARIABLE, sharedDataRequired } from '../../support/shared-data.js';

const LOCATION = fileURLToPath(
  new URL('../../../../shared/reference/kustomer-oas-subset.json', import.meta.url),
);

export const kustomerDocumentPresent = existsSync(LOCATION);

if (!kustomerDocumentPresent && sharedDataRequired) {
  throw new Error(
    `Kustomer's reference document is missing (${SHARED_DATA_VARIABLE}=1): ${LOCATION}`,
  );
}

interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

interface Route {
  method: string;
  compiled: CompiledTemplate;
  operation: Operation;
}

let routes: Route[] | undefined;
const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
const validators = new Map<object, ValidateFunction>();

function loadRoutes(): Route[] {
  const document = JSON.parse(readFileSync(LOCATION, 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
  };
  const found: Route[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!operation?.responses) continue;
      // The document's paths are relative to its server, https://api.kustomerapp.com/v1.
      const compiled = compileTemplate(`/v1${template}`);
      found.push({ method: method.toUpperCase(), compiled, operation });
    }
  }
  return found.sort((a, b) => b.compiled.literalLength - a.compiled.literalLength);
}

/** Why an answer is not one Kustomer's document shows, modulo the defects listed above. */
export function kustomerResponseIssues(
  method: string,
  pathname: string,
  status: number,
  body: unknown,
): string[] {
  if (status >= 400 || pathname.startsWith('/v1/bulk/')) return [];
  routes ??= loadRoutes();
  const route = routes.find((r) => r.method === method && r.compiled.pattern.test(pathname));
  if (!route) return [`Kustomer's document has no ${method} ${pathname}`];
  const response = route.operation.responses[String(status)];
  if (!response) return [`${route.operation.operationId} documents no ${status}`];
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return body === undefined ? [] : [`${status} has no JSON body in the document`];
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).filter((e) => !tolerated(e)).map(describe);
}

function tolerated(error: ErrorObject): boolean {
  if (error.keyword === 'required') return true;
  return error.keyword === 'type' && error.data === null;
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}`;
}
