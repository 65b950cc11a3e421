/**
 * An msw server for contract tests that holds both sides to the spec: every request must be a
 * documented operation with a valid body, and every mocked answer a documented status with a valid
 * body. Unhandled requests are errors. `useSpecServer()` wires it into vitest and fails a test that
 * left a violation behind.
 */
import type { RequestHandler } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { createOpenApiHttp } from 'openapi-msw';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { paths } from '../../../generated/kustomer.js';
import { loadKustomerSpec } from '../../../src/simulator/openapi.js';

interface SpecViolation {
  side: 'request' | 'response';
  method: string;
  url: string;
  message: string;
}

/** A request the server saw, as it arrived. */
interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The parsed JSON body, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** The spec's operation id, when the request matched one. */
  operationId: string | undefined;
}

export interface SpecServer {
  readonly server: SetupServer;
  /** Adds handlers for the current test (they are reset after each test). */
  use(...handlers: RequestHandler[]): void;
  /** Every request seen since the last reset, in arrival order, once their bodies are read. */
  recorded(): Promise<RecordedRequest[]>;
  /** Waits for pending body checks, then returns every violation since the last reset. */
  settle(): Promise<SpecViolation[]>;
  /** Drops recorded requests and violations and removes per-test handlers. */
  reset(): void;
}

/** Typed msw handlers for any base URL: `specHttp(base).get('/v1/customers/{id}', …)`. */
export function specHttp(baseUrl: string) {
  return createOpenApiHttp<paths>({ baseUrl });
}

function createSpecServer(...handlers: RequestHandler[]): SpecServer {
  const spec = loadKustomerSpec();
  const server = setupServer(...handlers);
  const requests: RecordedRequest[] = [];
  const violations: SpecViolation[] = [];
  const pending = new Set<Promise<void>>();

  const violation = (side: SpecViolation['side'], request: Request, message: string) => {
    violations.push({ side, method: request.method, url: request.url, message });
  };
  const track = (side: SpecViolation['side'], request: Request, check: () => Promise<void>) => {
    const work = check().then(
      () => undefined,
      (error: unknown) => violation(side, request, `could not be checked: ${String(error)}`),
    );
    pending.add(work);
    void work.then(() => pending.delete(work));
  };

  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    const operation = spec.matchOperation(request.method, url.pathname);
    // Recorded now, so the order is the order of arrival; the body follows.
    const record: RecordedRequest = {
      method: request.method,
      url,
      headers: new Headers(request.headers),
      body: undefined,
      operationId: operation?.operationId,
    };
    requests.push(record);
    if (!operation) {
      violation(
        'request',
        request,
        `no operation in the spec for ${request.method} ${url.pathname}`,
      );
    }
    const copy = request.clone();
    track('request', request, async () => {
      const body = await readBody(copy);
      record.body = body.value;
      if (!operation) return;
      if (body.unparsable) violation('request', request, 'the body is not JSON');
      for (const issue of spec.validateRequestBody(operation, body.value)) {
        violation('request', request, `body${issue.path} ${issue.message}`);
      }
    });
  });

  server.events.on('response:mocked', ({ request, response }) => {
    // HttpResponse.error() stands for a dropped connection: there is no answer to check.
    if (response.type === 'error') return;
    const operation = spec.matchOperation(request.method, new URL(request.url).pathname);
    if (!operation) return;
    track('response', request, async () => {
      const body = await readBody(response.clone());
      if (body.unparsable) violation('response', request, `${response.status} body is not JSON`);
      for (const issue of spec.validateResponse(operation, response.status, body.value)) {
        violation('response', request, `${response.status} body${issue.path} ${issue.message}`);
      }
    });
  });

  const settled = async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  };

  return {
    server,
    use: (...extra) => server.use(...extra),
    async recorded() {
      await settled();
      return [...requests];
    },
    async settle() {
      await settled();
      return [...violations];
    },
    reset() {
      server.resetHandlers();
      requests.length = 0;
      violations.length = 0;
    },
  };
}

/**
 * Starts a spec server for the file (`onUnhandledRequest: 'error'`), checks after each test that
 * no request or answer broke the spec, and closes it after the file.
 */
export function useSpecServer(...handlers: RequestHandler[]): SpecServer {
  const specServer = createSpecServer(...handlers);
  beforeAll(() => specServer.server.listen({ onUnhandledRequest: 'error' }));
  afterEach(async () => {
    const violations = await specServer.settle();
    specServer.reset();
    expect(violations, 'requests and answers must follow spec/kustomer.openapi.yaml').toEqual([]);
  });
  afterAll(() => specServer.server.close());
  return specServer;
}

async function readBody(
  message: Request | Response,
): Promise<{ value: unknown; unparsable: boolean }> {
  const text = await message.text();
  if (text === '') return { value: undefined, unparsable: false };
  try {
    return { value: JSON.parse(text), unparsable: false };
  } catch {
    return { value: text, unparsable: true };
  }
}
