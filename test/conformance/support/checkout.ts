/**
 * Reads RudderStack's Kustomer cases straight from a rudder-transformer checkout
 * (https://github.com/rudderlabs/rudder-transformer, `test/integrations/destinations/kustomer/`), where
 * they are TypeScript modules: `processor/data.ts` and `router/data.ts` export `data`, `network.ts`
 * exports `networkCallsData`, and the data files import `../maskedSecrets`. tsx loads them as they
 * are, and this module turns them into the JSON form the suites read. Nothing is copied into this
 * repository: rudder-transformer is under the Elastic License 2.0.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';
import type { DerivedLookup, LookupMock, ProcessorCase, RouterCase } from './load-cases.js';

/** Where the Kustomer cases sit inside a rudder-transformer checkout. */
export const CHECKOUT_CASES_PATH = 'test/integrations/destinations/kustomer';

/** RudderStack's default host when `baseEndpoint` is not set (`config.js`). */
const DEFAULT_BASE = 'https://api.kustomerapp.com';

/**
 * The folder holding `processor/data.ts`, given either a checkout's root or that folder itself;
 * undefined when `dir` is neither (for example, the JSON form).
 */
export function checkoutCasesDir(dir: string): string | undefined {
  for (const candidate of [dir, path.join(dir, CHECKOUT_CASES_PATH)]) {
    if (existsSync(path.join(candidate, 'processor', 'data.ts'))) return candidate;
  }
  return undefined;
}

interface UpstreamCase {
  description: string;
  input: { request: { body: unknown } };
  output: { response: { status: number; body: unknown } };
}

interface UpstreamNetworkCall {
  httpReq: { url: string; method?: string };
  httpRes: { status: number; data?: unknown };
}

type Message = Record<string, unknown>;
type Config = Record<string, unknown>;

export interface CheckoutCases {
  processor: ProcessorCase[];
  router: RouterCase[];
  lookups: LookupMock[];
}

/** Loads and converts the three modules; a module that fails to load throws with the reason. */
export function loadCheckout(casesDir: string): CheckoutCases {
  const lookups = load<UpstreamNetworkCall[]>(casesDir, 'network.ts', 'networkCallsData').map(
    ({ httpReq, httpRes }): LookupMock => ({
      method: httpReq.method ?? 'GET',
      url: httpReq.url,
      status: httpRes.status,
      // Upstream's mock replies with `data` only; `error` in httpRes is never sent.
      body: httpRes.data ?? null,
    }),
  );
  const processor = load<UpstreamCase[]>(casesDir, 'processor/data.ts', 'data').map((c, index) =>
    processorCase(c, index, lookups),
  );
  const router = load<UpstreamCase[]>(casesDir, 'router/data.ts', 'data').map((c) =>
    routerCase(c, lookups),
  );
  return { processor, router, lookups };
}

function load<T>(casesDir: string, file: string, exported: string): T {
  const full = path.join(casesDir, file);
  let module: Record<string, unknown>;
  try {
    module = tsxRequire(full, import.meta.url) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Could not load ${full}: ${reason} (if a package is missing, run npm ci in the rudder-transformer checkout)`,
    );
  }
  const value = module[exported];
  if (!Array.isArray(value)) throw new Error(`${full} does not export an array named ${exported}`);
  return value as T;
}

function processorCase(upstream: UpstreamCase, index: number, mocks: readonly LookupMock[]) {
  const [input] = upstream.input.request.body as {
    message: Message;
    destination: { Config: Config };
  }[];
  const [element] = upstream.output.response.body as Record<string, unknown>[];
  if (input === undefined || element === undefined) {
    throw new Error(`processor case ${upstream.description} has no input or no output element`);
  }
  const statusCode = element.statusCode as number;
  const expected: Record<string, unknown> = {
    statusCode,
    httpStatus: upstream.output.response.status,
  };
  if ('output' in element) {
    expected.output = element.output;
    // The JSON form's simplified HTTP request, for suites that compare bodies only.
    const { method, endpoint, headers, params, body } = element.output as Record<string, unknown>;
    expected.request = {
      method,
      endpoint,
      headers,
      params,
      body: { JSON: (body as Message)?.JSON },
    };
  }
  if ('error' in element) expected.error = { statusCode, message: element.error };
  const eventType = String(input.message.type);
  return {
    name: `processor/${upstream.description}`,
    description: summary(eventType, input.destination.Config, element, index),
    eventType,
    input,
    expected,
    derived: { lookups: referenceLookups(input.message, input.destination.Config, mocks) },
  } as ProcessorCase;
}

function routerCase(upstream: UpstreamCase, mocks: readonly LookupMock[]): RouterCase {
  const body = upstream.input.request.body as RouterCase['input'];
  const lookupsByJobId: Record<string, DerivedLookup[]> = {};
  for (const event of body.input) {
    const jobId = String(event.metadata?.jobId);
    const config = (event.destination?.Config ?? {}) as Config;
    lookupsByJobId[jobId] = referenceLookups(event.message as Message, config, mocks);
  }
  const types = body.input.map(
    (e) =>
      `jobId ${String(e.metadata?.jobId)}: ${String((e.message as Message | undefined)?.type)}`,
  );
  return {
    name: `router/${upstream.description}`,
    description: `router batch of ${body.input.length} events (${types.join('; ')})`,
    input: body,
    expected: {
      httpStatus: upstream.output.response.status,
      output: (upstream.output.response.body as { output: RouterCase['expected']['output'] })
        .output,
    },
    derived: { lookupsByJobId },
  };
}

/** `identify [config: genericPage=true] -> POST https://…/v1/customers`, for the test titles. */
function summary(type: string, config: Config, element: Record<string, unknown>, index: number) {
  const flags = Object.entries(config)
    .filter(([key]) => key !== 'apiKey')
    .map(([key, value]) => `${key}=${String(value)}`);
  const withFlags = flags.length > 0 ? `${type} [config: ${flags.join(', ')}]` : type;
  const request = element.output as { method?: string; endpoint?: string } | undefined;
  const outcome =
    request === undefined
      ? `error ${String(element.statusCode)}`
      : `${String(request.method)} ${String(request.endpoint)}`;
  return `${withFlags} -> ${outcome} (upstream case ${index})`;
}

/**
 * The GET lookups RudderStack's `transform.js` makes for a message, each with the status the mock
 * table answers (docs/rudder-contract.md §6, "Identify"): none for a kustomerId, then email, the
 * user id and the anonymousId in turn, stopping at the first answer that is not a 404. Values go
 * into the URL unencoded, as upstream writes them.
 */
export function referenceLookups(
  message: Message,
  config: Config,
  mocks: readonly LookupMock[],
): DerivedLookup[] {
  if (String(message.type).toLowerCase() !== 'identify') return [];
  if (kustomerId(message) !== undefined) return [];
  const base =
    typeof config.baseEndpoint === 'string' && config.baseEndpoint !== ''
      ? config.baseEndpoint
      : DEFAULT_BASE;
  const steps = [
    ['email', firstValue(message, EMAIL_PATHS)],
    ['externalId', firstValue(message, USER_ID_ONLY_PATHS)],
    ['externalId', firstValue(message, ['anonymousId'])],
  ] as const;
  const lookups: DerivedLookup[] = [];
  for (const [by, value] of steps) {
    // transform.js tests each value for truthiness before looking it up.
    if (!value) continue;
    const url = `${base}/v1/customers/${by}=${String(value)}`;
    const mock = mocks.find((m) => m.method === 'GET' && m.url === url);
    // No mock: upstream's mock adapter throws, which ends the chain like any non-404 answer.
    const mockStatus = mock?.status ?? 0;
    lookups.push({ method: 'GET', url, mockStatus });
    if (mockStatus !== 404) break;
  }
  return lookups;
}

/** RudderStack's generic `email` and `userIdOnly` paths (docs/rudder-contract.md §5). */
const EMAIL_PATHS = [
  'traits.email',
  'context.traits.email',
  'properties.email',
  'context.externalId.0.id',
];
const USER_ID_ONLY_PATHS = [
  'userId',
  'traits.userId',
  'traits.id',
  'context.traits.userId',
  'context.traits.id',
];

function kustomerId(message: Message): unknown {
  const ids = (message.context as Message | undefined)?.externalId;
  if (!Array.isArray(ids)) return undefined;
  const entry = ids.find((id: unknown) => (id as Message | null)?.type === 'kustomerId') as
    | Message
    | undefined;
  return entry?.id ? entry.id : undefined;
}

/** The first value that is truthy, `false` or `0` (`getFieldValueFromMessage`). */
function firstValue(message: Message, paths: readonly string[]): unknown {
  for (const dotted of paths) {
    const value = dotted
      .split('.')
      .reduce<unknown>((node, key) => (node as Message | null | undefined)?.[key], message);
    if (value || value === false || value === 0) return value;
  }
  return undefined;
}
