/**
 * The spec as a validator: finds the operation for a method and path, and checks request and
 * response bodies against its schemas. The simulator validates requests with it (strictly, or with
 * the tolerances of ./leniency.ts), and the contract and property tests check the client's requests
 * and the mappers' payloads with it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import type { components } from '../../generated/kustomer.js';
import { type FormatCheck, specFormats } from './formats.js';
import { type CompiledTemplate, compileTemplate, matchTemplate } from './paths.js';

export type SchemaName = keyof components['schemas'];

export interface SchemaIssue {
  /** JSON pointer of the offending value within the body, `''` for the body itself. */
  path: string;
  message: string;
  /** The JSON Schema keyword that failed, such as `maxLength` or `format`. */
  keyword: string;
  /** The failing schema's parameters, such as `{ format: 'phone-number' }`. */
  params?: Record<string, unknown>;
  /** The offending value. */
  value?: unknown;
}

interface SpecOperation {
  operationId: string;
  method: string;
  /** The spec's path template, such as `/v1/customers/email={email}`. */
  pathTemplate: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
}

export interface KustomerSpec {
  /** The operation a request is for, or undefined when the spec has none. */
  matchOperation(method: string, pathname: string): SpecOperation | undefined;
  /** Problems with a request body; an empty list when it is valid. */
  validateRequestBody(operation: SpecOperation, body: unknown): SchemaIssue[];
  /** Problems with a response: an undocumented status, or a body that does not fit its schema. */
  validateResponse(operation: SpecOperation, status: number, body: unknown): SchemaIssue[];
  /** Problems with a value against one of the spec's named schemas. */
  validate(schema: SchemaName, value: unknown): SchemaIssue[];
}

const SPEC_ID = 'kustomer-spec';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

interface RawOperation {
  operationId: string;
  requestBody?: { content?: Record<string, unknown> };
  responses: Record<string, unknown>;
}

interface Route {
  method: string;
  template: string;
  compiled: CompiledTemplate;
  pointer: string;
  operation: RawOperation;
}

const compiled = new Map<object, KustomerSpec>();
const SPEC_FORMATS: Readonly<Record<string, FormatCheck>> = {};

/**
 * The spec shipped with this package, parsed and compiled once per process and set of formats
 * (`formats` replaces format checks by name).
 */
export function loadKustomerSpec(
  formats: Readonly<Record<string, FormatCheck>> = SPEC_FORMATS,
): KustomerSpec {
  let spec = compiled.get(formats);
  if (!spec) {
    spec = compileSpec(readFileSync(specPath(), 'utf8'), formats);
    compiled.set(formats, spec);
  }
  return spec;
}

/** Where `spec/kustomer.openapi.yaml` is, through the package's own exports map. */
function specPath(): string {
  return createRequire(import.meta.url).resolve('kustomer-destination/spec/kustomer.openapi.yaml');
}

/** Compiles the spec; `formats` replaces the format checks of ./formats.ts by name. */
function compileSpec(
  yamlText: string,
  formats: Readonly<Record<string, FormatCheck>> = {},
): KustomerSpec {
  const document = parse(yamlText) as {
    paths: Record<string, Record<string, RawOperation>>;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, verbose: true });
  for (const [name, check] of Object.entries({ ...specFormats, ...formats })) {
    ajv.addFormat(name, check);
  }
  ajv.addSchema(document as object, SPEC_ID);

  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (pointer: string): ValidateFunction => {
    let fn = validators.get(pointer);
    if (!fn) {
      fn = ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
      validators.set(pointer, fn);
    }
    return fn;
  };
  const run = (pointer: string, value: unknown): SchemaIssue[] => {
    const fn = validatorFor(pointer);
    return fn(value) ? [] : toIssues(fn.errors);
  };

  const routes = buildRoutes(document.paths);

  return {
    matchOperation(method, pathname) {
      const lower = method.toLowerCase();
      for (const route of routes) {
        if (route.method !== lower) continue;
        const params = matchTemplate(route.compiled, pathname);
        if (!params) continue;
        return {
          operationId: route.operation.operationId,
          method: lower,
          pathTemplate: route.template,
          params,
        };
      }
      return undefined;
    },
    validateRequestBody(operation, body) {
      const route = findRoute(routes, operation);
      const content = route.operation.requestBody?.content;
      if (!content) {
        return body === undefined
          ? []
          : [{ path: '', message: 'the operation takes no body', keyword: 'requestBody' }];
      }
      return run(`${route.pointer}/requestBody/content/application~1json/schema`, body);
    },
    validateResponse(operation, status, body) {
      const route = findRoute(routes, operation);
      const key = responseKey(route.operation.responses, status);
      if (!key)
        return [
          {
            path: '',
            message: `status ${status} is not documented for ${route.operation.operationId}`,
            keyword: 'responses',
          },
        ];
      const base = `${route.pointer}/responses/${key}`;
      const resolved = resolveResponse(document, route.operation.responses[key]);
      const schemaPointer = resolved.pointer ?? base;
      if (!resolved.hasJson) {
        return body === undefined || body === null || body === ''
          ? []
          : [{ path: '', message: `status ${status} has no body in the spec`, keyword: 'content' }];
      }
      return run(`${schemaPointer}/content/application~1json/schema`, body);
    },
    validate(schema, value) {
      return run(`/components/schemas/${schema}`, value);
    },
  };
}

function buildRoutes(paths: Record<string, Record<string, RawOperation>>): Route[] {
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      routes.push({
        method,
        template,
        compiled: compileTemplate(template),
        pointer: `/paths/${escapePointer(template)}/${method}`,
        operation,
      });
    }
  }
  // `/v1/customers/email={email}` must win over `/v1/customers/{id}`: the most literal route first.
  return routes.sort((a, b) => b.compiled.literalLength - a.compiled.literalLength);
}

function findRoute(routes: Route[], operation: SpecOperation): Route {
  const route = routes.find(
    (r) => r.template === operation.pathTemplate && r.method === operation.method,
  );
  if (!route) throw new Error(`unknown operation ${operation.method} ${operation.pathTemplate}`);
  return route;
}

function responseKey(responses: Record<string, unknown>, status: number): string | undefined {
  const exact = String(status);
  if (exact in responses) return exact;
  const range = `${exact[0]}XX`;
  if (range in responses) return range;
  return 'default' in responses ? 'default' : undefined;
}

function resolveResponse(
  document: unknown,
  response: unknown,
): { pointer?: string; hasJson: boolean } {
  let pointer: string | undefined;
  let node = response as { $ref?: string; content?: Record<string, unknown> } | undefined;
  if (node?.$ref?.startsWith('#')) {
    pointer = node.$ref.slice(1);
    node = pointerGet(document, pointer) as typeof node;
  }
  const hasJson = Boolean(node?.content?.['application/json']);
  return pointer === undefined ? { hasJson } : { pointer, hasJson };
}

function pointerGet(document: unknown, pointer: string): unknown {
  let node: unknown = document;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toIssues(errors: ErrorObject[] | null | undefined): SchemaIssue[] {
  return (errors ?? []).map((e) => ({
    path: e.instancePath,
    message: unknownKey(e) ?? e.message ?? 'is invalid',
    keyword: e.keyword,
    params: e.params,
    value: e.data,
  }));
}

/** The message for a key the schema does not allow, naming the key. */
function unknownKey(e: ErrorObject): string | undefined {
  const params = e.params as { additionalProperty?: unknown; unevaluatedProperty?: unknown };
  const key = params.additionalProperty ?? params.unevaluatedProperty;
  return key === undefined ? undefined : `${e.message ?? 'invalid'}: ${String(key)}`;
}
