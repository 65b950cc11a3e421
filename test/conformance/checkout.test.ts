/**
 * The conformance loader's rudder-transformer checkout form: TypeScript case modules converted into
 * the JSON form, with the lookups RudderStack's code makes derived from each message. The checkout
 * here is a small one written by the test in rudder-transformer's layout, with made-up cases.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKOUT_CASES_PATH, referenceLookups } from './support/checkout.js';
import { describeConformance, type LookupMock, loadConformance } from './support/load-cases.js';

const US = 'https://api.kustomerapp.com';
const EU = 'https://api.prod2.kustomerapp.com';

const mocks: LookupMock[] = [
  { method: 'GET', url: `${US}/v1/customers/email=ada@example.com`, status: 404, body: null },
  {
    method: 'GET',
    url: `${US}/v1/customers/externalId=u-1`,
    status: 200,
    body: { data: { id: 'c1' } },
  },
  { method: 'GET', url: `${US}/v1/customers/externalId=u-2`, status: 404, body: null },
  { method: 'GET', url: `${US}/v1/customers/externalId=anon-2`, status: 404, body: null },
  { method: 'GET', url: `${EU}/v1/customers/externalId=u-2`, status: 500, body: null },
];

describe('referenceLookups (what RudderStack looks up for a message)', () => {
  it('looks up email, then userId, stopping at the first customer found', () => {
    const message = { type: 'identify', userId: 'u-1', traits: { email: 'ada@example.com' } };
    expect(referenceLookups(message, {}, mocks)).toEqual([
      { method: 'GET', url: `${US}/v1/customers/email=ada@example.com`, mockStatus: 404 },
      { method: 'GET', url: `${US}/v1/customers/externalId=u-1`, mockStatus: 200 },
    ]);
  });

  it('falls through to the anonymousId after 404s, taking the user id from traits.id', () => {
    const message = { type: 'IDENTIFY', anonymousId: 'anon-2', traits: { id: 'u-2' } };
    expect(referenceLookups(message, {}, mocks).map((l) => l.url)).toEqual([
      `${US}/v1/customers/externalId=u-2`,
      `${US}/v1/customers/externalId=anon-2`,
    ]);
  });

  it('looks up on the configured baseEndpoint and stops at an answer that is not a 404', () => {
    const message = { type: 'identify', userId: 'u-2', anonymousId: 'anon-2' };
    expect(referenceLookups(message, { baseEndpoint: EU }, mocks)).toEqual([
      { method: 'GET', url: `${EU}/v1/customers/externalId=u-2`, mockStatus: 500 },
    ]);
  });

  it('takes the email from context.externalId[0].id, as RudderStack does', () => {
    const message = {
      type: 'identify',
      context: { externalId: [{ type: 'shopId', id: 'shop-7' }] },
    };
    expect(referenceLookups(message, {}, mocks)).toEqual([
      { method: 'GET', url: `${US}/v1/customers/email=shop-7`, mockStatus: 0 },
    ]);
  });

  it('makes no lookup for a kustomerId or for a tracking event', () => {
    const identify = {
      type: 'identify',
      userId: 'u-1',
      context: { externalId: [{ type: 'kustomerId', id: 'c9' }] },
    };
    expect(referenceLookups(identify, {}, mocks)).toEqual([]);
    expect(referenceLookups({ type: 'track', userId: 'u-1', event: 'E1' }, {}, mocks)).toEqual([]);
  });
});

describe('loadConformance from a rudder-transformer checkout', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kustomer-checkout-'));
  const casesDir = path.join(root, CHECKOUT_CASES_PATH);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const request = (method: string, endpoint: string) => ({
    version: '1',
    type: 'REST',
    method,
    endpoint,
    headers: { 'Content-Type': 'application/json', Authorization: 'AUTH' },
    params: {},
    body: { JSON: {}, JSON_ARRAY: {}, XML: {}, FORM: {} },
    files: {},
  });
  const identify = { type: 'identify', userId: 'u-1', traits: { email: 'ada@example.com' } };
  const processorCases = [
    {
      name: 'kustomer',
      description: 'Case A',
      input: {
        request: { body: [{ message: identify, destination: { Config: { apiKey: 'KEY' } } }] },
      },
      output: {
        response: {
          status: 200,
          body: [
            {
              output: { ...request('PUT', `${US}/v1/customers/c1?replace=false`), userId: '' },
              statusCode: 200,
            },
          ],
        },
      },
    },
  ];
  const routerCases = [
    {
      name: 'kustomer',
      description: 'Case B',
      input: {
        request: {
          body: {
            input: [
              {
                message: identify,
                metadata: { jobId: 7 },
                destination: { Config: { apiKey: 'KEY' } },
              },
              { message: { type: 'track', userId: 'u-1', event: 'E1' }, metadata: { jobId: 8 } },
            ],
            destType: 'kustomer',
          },
        },
      },
      output: { response: { status: 200, body: { output: [] } } },
    },
  ];
  const network = [
    {
      httpReq: { url: `${US}/v1/customers/email=ada@example.com`, method: 'GET' },
      httpRes: { error: 'Request failed', status: 404 },
    },
    {
      httpReq: { url: `${US}/v1/customers/externalId=u-1`, method: 'GET' },
      httpRes: { data: { data: { id: 'c1' } }, status: 200 },
    },
  ];
  // The upstream modules import their secrets from ../maskedSecrets, computed from the folder name.
  const asModule = (cases: unknown) =>
    `import { authHeader1, secret1 } from '../maskedSecrets';\nexport const data = ${JSON.stringify(
      cases,
    )
      .replaceAll('"KEY"', 'secret1')
      .replaceAll('"AUTH"', 'authHeader1')};\n`;
  mkdirSync(path.join(casesDir, 'processor'), { recursive: true });
  mkdirSync(path.join(casesDir, 'router'), { recursive: true });
  writeFileSync(
    path.join(casesDir, 'maskedSecrets.ts'),
    "import path from 'path';\nexport const secret1 = path.basename(__dirname) + 1;\nexport const authHeader1 = 'Bearer ' + secret1;\n",
  );
  writeFileSync(path.join(casesDir, 'processor', 'data.ts'), asModule(processorCases));
  writeFileSync(path.join(casesDir, 'router', 'data.ts'), asModule(routerCases));
  writeFileSync(
    path.join(casesDir, 'network.ts'),
    `export const networkCallsData = ${JSON.stringify(network)};\n`,
  );

  it('reads the cases from the checkout root, resolving the modules’ imports', () => {
    const data = loadConformance(root);
    expect(data?.dir).toBe(casesDir);
    const [processorCase] = data?.processor ?? [];
    expect(processorCase?.name).toBe('processor/Case A');
    expect(processorCase?.eventType).toBe('identify');
    expect(processorCase?.input.destination?.Config).toEqual({ apiKey: 'kustomer1' });
    expect(processorCase?.expected.output.headers.Authorization).toBe('Bearer kustomer1');
    expect(processorCase?.expected).toMatchObject({
      statusCode: 200,
      httpStatus: 200,
      request: {
        method: 'PUT',
        endpoint: `${US}/v1/customers/c1?replace=false`,
        body: { JSON: {} },
      },
    });
  });

  it('reads the same cases when pointed at the Kustomer folder itself', () => {
    expect(loadConformance(casesDir)?.processor.map((c) => c.name)).toEqual(['processor/Case A']);
  });

  it('turns network.ts into lookup mocks, a reply without data having no body', () => {
    expect(loadConformance(root)?.lookups).toEqual([
      { method: 'GET', url: `${US}/v1/customers/email=ada@example.com`, status: 404, body: null },
      {
        method: 'GET',
        url: `${US}/v1/customers/externalId=u-1`,
        status: 200,
        body: { data: { id: 'c1' } },
      },
    ]);
  });

  it('derives each case’s lookups, per job id for the router', () => {
    const data = loadConformance(root);
    expect(data?.processor[0]?.derived.lookups.map((l) => l.mockStatus)).toEqual([404, 200]);
    const byJob = data?.router[0]?.derived.lookupsByJobId;
    expect(Object.keys(byJob ?? {})).toEqual(['7', '8']);
    expect(byJob?.['7']).toHaveLength(2);
    expect(byJob?.['8']).toEqual([]);
  });

  it('says which module failed to load and why', () => {
    const broken = path.join(root, 'broken');
    mkdirSync(path.join(broken, 'processor'), { recursive: true });
    writeFileSync(path.join(broken, 'processor', 'data.ts'), 'export const data = [];\n');
    writeFileSync(
      path.join(broken, 'network.ts'),
      "export { networkCallsData } from './missing';\n",
    );
    expect(() => loadConformance(broken)).toThrow(
      /network\.ts.*npm ci in the rudder-transformer checkout/s,
    );
  });
});

describeConformance('referenceLookups against the JSON form’s own derived lookups', (data) => {
  it('derives the lookups every processor case lists', () => {
    for (const testCase of data.processor) {
      const { message, destination } = testCase.input;
      const config = (destination?.Config ?? {}) as Record<string, unknown>;
      const derived = referenceLookups(message as Record<string, unknown>, config, data.lookups);
      expect(derived, testCase.name).toEqual(testCase.derived.lookups);
    }
  });
});
