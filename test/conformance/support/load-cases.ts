/**
 * Loads RudderStack's own Kustomer cases at test time; they are never copied into this repository
 * (rudder-transformer is under the Elastic License 2.0, this package is MIT). Two forms are read:
 * - the JSON form (`processor.json`, `router.json`, `lookups.json`, described by that folder's
 *   README), by default from ../shared/conformance/rudder-transformer-kustomer;
 * - a rudder-transformer checkout, its root or its `test/integrations/destinations/kustomer/`
 *   folder, whose TypeScript case modules are converted on load (./checkout.ts).
 * `KUSTOMER_CONFORMANCE_DIR` points at either. Without the data the suites are skipped with a
 * notice, except where KUSTOMER_REQUIRE_SHARED_DATA=1 (set by .ci/run), where its absence fails the run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type {
  RouterBody,
  RouterOutput,
  RudderRequest,
  TransformerInput,
} from '../../../src/rudder/index.js';
import { SHARED_DATA_VARIABLE, sharedDataRequired } from '../../support/shared-data.js';
import { checkoutCasesDir, loadCheckout } from './checkout.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const CONFORMANCE_DIR =
  process.env.KUSTOMER_CONFORMANCE_DIR ??
  path.resolve(REPO_ROOT, '../shared/conformance/rudder-transformer-kustomer');

/** A GET lookup the reference code makes, as `derived.lookups` lists it (not upstream data). */
export interface DerivedLookup {
  method: string;
  url: string;
  mockStatus: number;
}

export interface ProcessorCase {
  /** `processor/Test N`. */
  name: string;
  description: string;
  eventType: string;
  input: TransformerInput;
  expected: {
    statusCode: number;
    output: RudderRequest & { userId: string };
    httpStatus: number;
  };
  derived: { lookups: DerivedLookup[] };
}

export interface RouterCase {
  /** `router/Test N`. */
  name: string;
  description: string;
  input: RouterBody & { input: TransformerInput[] };
  expected: { httpStatus: number; output: RouterOutput[] };
  derived: { lookupsByJobId: Record<string, DerivedLookup[]> };
}

/** One mocked lookup answer (lookups.json `mocks[]`). */
export interface LookupMock {
  method: string;
  url: string;
  status: number;
  /** The JSON body, or null for none. */
  body: unknown;
}

export interface ConformanceData {
  dir: string;
  processor: ProcessorCase[];
  router: RouterCase[];
  lookups: LookupMock[];
}

/**
 * The cases, or undefined when the folder is absent. A folder with broken files throws. A
 * rudder-transformer checkout is recognised by `processor/data.ts`; anything else is the JSON form.
 */
export function loadConformance(dir = CONFORMANCE_DIR): ConformanceData | undefined {
  if (!existsSync(dir)) return undefined;
  const casesDir = checkoutCasesDir(dir);
  if (casesDir !== undefined) return { dir: casesDir, ...loadCheckout(casesDir) };
  const read = (file: string): unknown => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const processor = read('processor.json') as ProcessorCase[];
  const router = read('router.json') as RouterCase[];
  const lookups = (read('lookups.json') as { mocks: LookupMock[] }).mocks;
  if (!Array.isArray(processor) || !Array.isArray(router) || !Array.isArray(lookups)) {
    throw new Error(`Conformance files in ${dir} are not in the documented shape (see its README)`);
  }
  return { dir, processor, router, lookups };
}

/**
 * `describe` over the loaded cases. Absent folder: a skipped suite and a console warning, or where
 * the data is required (../../support/shared-data.ts) a failing test that says it is missing.
 */
export function describeConformance(title: string, body: (data: ConformanceData) => void): void {
  const data = loadConformance();
  if (data !== undefined) {
    describe(title, () => body(data));
    return;
  }
  const notice = `RudderStack conformance data not found at ${CONFORMANCE_DIR} (set KUSTOMER_CONFORMANCE_DIR to that folder or to a rudder-transformer checkout; see CONTRIBUTING.md, "Conformance tests")`;
  if (sharedDataRequired) {
    describe(title, () => {
      it(`finds the RudderStack conformance data (required by ${SHARED_DATA_VARIABLE}=1)`, () => {
        throw new Error(
          `${notice}; ${SHARED_DATA_VARIABLE}=1 requires the conformance suites to run`,
        );
      });
    });
    return;
  }
  console.warn(`${notice}: skipping "${title}"`);
  describe.skip(title, () => {
    it('replays the RudderStack conformance cases', () => {});
  });
}

/**
 * docs/deviations.md D22: the lookup of the user's own externalId (their userId in these cases) is
 * made first; the others keep RudderStack's order.
 */
export function ownExternalIdFirst(lookups: SeenLookup[], message: unknown): SeenLookup[] {
  const userId = (message as { userId?: unknown } | undefined)?.userId;
  const own = lookups.find((seen) => seen.url.endsWith(`/v1/customers/externalId=${userId}`));
  return own === undefined ? lookups : [own, ...lookups.filter((seen) => seen !== own)];
}

/** URLs compare after percent-decoding both sides: our lookups encode values (docs/deviations.md D1). */
export function decodeUrl(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

interface ReportLine {
  name: string;
  verdict: string;
}

/** Prints `<case>  match` / `<case>  deviation Dn` lines once a file's cases have run. */
function printReport(title: string, lines: readonly ReportLine[]): void {
  const table = lines.map(({ name, verdict }) => `${name}  ${verdict}`);
  console.log([`RudderStack conformance report: ${title}`, ...table].join('\n'));
}

/** A lookup as the mock saw it, URL percent-decoded. */
export interface SeenLookup {
  method: string;
  url: string;
}

export interface LookupMockServer {
  readonly server: SetupServer;
  /** Lookups made since the last reset, in arrival order. */
  readonly calls: SeenLookup[];
  /** Lookups that matched no entry of lookups.json: each one fails its case. */
  readonly unmatched: SeenLookup[];
  /**
   * Company lookups (`GET /v1/companies`), answered with no company: RudderStack's cases have none,
   * and its code never looks one up (docs/deviations.md D18).
   */
  readonly companyLookups: SeenLookup[];
  reset(): void;
}

/**
 * An msw server answering from lookups.json by method and URL, both compared percent-decoded (docs/deviations.md D1).
 * Requests to other hosts or paths are unhandled, which `onUnhandledRequest: 'error'` turns into
 * failures; an unmatched lookup on a Kustomer host is recorded and answered 500.
 */
function createLookupMockServer(mocks: readonly LookupMock[]): LookupMockServer {
  const calls: SeenLookup[] = [];
  const unmatched: SeenLookup[] = [];
  const companyLookups: SeenLookup[] = [];
  const origins = [...new Set(mocks.map((mock) => new URL(mock.url).origin))];
  const companies = origins.map((origin) =>
    http.get(`${origin}/v1/companies`, ({ request }) => {
      companyLookups.push({ method: request.method, url: decodeUrl(request.url) });
      return HttpResponse.json({ data: [] });
    }),
  );
  const customers = origins.map((origin) =>
    http.all(`${origin}/v1/customers/*`, ({ request }) => {
      const seen = { method: request.method, url: decodeUrl(request.url) };
      calls.push(seen);
      const mock = mocks.find(
        (candidate) => candidate.method === seen.method && decodeUrl(candidate.url) === seen.url,
      );
      if (mock === undefined) {
        unmatched.push(seen);
        return HttpResponse.json(
          { errors: [{ status: 500, code: 'unmatched_lookup', title: 'No lookups.json entry' }] },
          { status: 500 },
        );
      }
      // 204, 205 and 304 cannot carry a body in a fetch Response.
      if (mock.body === null || [204, 205, 304].includes(mock.status)) {
        return new HttpResponse(null, { status: mock.status });
      }
      return HttpResponse.json(mock.body, { status: mock.status });
    }),
  );
  return {
    server: setupServer(...companies, ...customers),
    calls,
    unmatched,
    companyLookups,
    reset() {
      calls.length = 0;
      unmatched.length = 0;
      companyLookups.length = 0;
    },
  };
}

/**
 * A suite's lookup mocks, listening for its duration, and its report: every case starts as
 * FAILED until its test says otherwise, and the report is printed when the suite ends.
 */
export function useLookupsAndReport(
  title: string,
  mocks: readonly LookupMock[],
  caseNames: readonly string[],
): { lookups: LookupMockServer; report: Map<string, string> } {
  const lookups = createLookupMockServer(mocks);
  const report = new Map<string, string>(caseNames.map((name) => [name, 'FAILED']));
  beforeAll(() => lookups.server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => lookups.reset());
  afterAll(() => {
    lookups.server.close();
    printReport(
      title,
      [...report].map(([name, verdict]) => ({ name, verdict })),
    );
  });
  return { lookups, report };
}
