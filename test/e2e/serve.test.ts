import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataRequired } from '../support/shared-data.js';
import { killAll, repoRoot, spawnCli, waitForOutput } from './support/cli.js';

interface ProcessorCase {
  name: string;
  eventType: string;
  input: unknown;
  expected: { statusCode: number; request: { method: string; endpoint: string } };
}

const conformanceDir =
  process.env.KUSTOMER_CONFORMANCE_DIR ??
  resolve(repoRoot, '../shared/conformance/rudder-transformer-kustomer');
const processorFile = resolve(conformanceDir, 'processor.json');
const present = existsSync(processorFile);
if (!present) {
  const notice = `${processorFile} not found (set KUSTOMER_CONFORMANCE_DIR)`;
  // Where the data is required (.ci/run), a run must not pass by skipping it.
  if (sharedDataRequired) throw new Error(`serve conformance data missing: ${notice}`);
  console.warn(`serve conformance cases skipped: ${notice}`);
}
/** Track, page and screen need no lookups, so they run without a Kustomer to talk to. */
const cases: ProcessorCase[] = present
  ? (JSON.parse(readFileSync(processorFile, 'utf8')) as ProcessorCase[]).filter((c) =>
      ['track', 'page', 'screen'].includes(c.eventType),
    )
  : [];

let url = '';
let hint = '';
beforeAll(async () => {
  const server = spawnCli(['serve', '--port', '0']);
  const [, printed, destTransformUrl] = await waitForOutput(
    server,
    /listening on (http:\/\/\S+)\n[\s\S]*DEST_TRANSFORM_URL=(\S+)\n^ready$/m,
  );
  url = printed ?? '';
  hint = destTransformUrl ?? '';
});
afterAll(killAll);

describe('kustomer-destination serve', () => {
  it('answers GET /health', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
  });

  it('binds to 127.0.0.1 and prints the DEST_TRANSFORM_URL for rudder-server', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(hint).toBe(url);
  });

  it.skipIf(!present).each(cases.map((c) => [c.name, c] as const))(
    'answers the processor case %s like rudder-transformer',
    async (_name, testCase) => {
      const response = await fetch(`${url}/v0/destinations/kustomer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify([testCase.input]),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('apiVersion')).toBe('2');
      const body = (await response.json()) as {
        statusCode: number;
        output?: { method: string; endpoint: string };
      }[];
      expect(body).toHaveLength(1);
      expect(body[0]?.statusCode).toBe(testCase.expected.statusCode);
      expect(body[0]?.output?.method).toBe(testCase.expected.request.method);
      expect(body[0]?.output?.endpoint).toBe(testCase.expected.request.endpoint);
    },
  );

  it('answers an unknown destination with 404', async () => {
    const response = await fetch(`${url}/v0/destinations/intercom`, { method: 'POST', body: '[]' });
    expect(response.status).toBe(404);
  });
});
