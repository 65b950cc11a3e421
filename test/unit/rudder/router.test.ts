import { describe, expect, it } from 'vitest';
import { routerTransform, type TransformerInput } from '../../../src/rudder/index.js';

const KEY = 'router-key-0123456789';
const US = 'https://api.kustomerapp.com';
const destination = { ID: 'd1', Config: { apiKey: KEY } };

function lookupsNotFound() {
  const seen: string[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    seen.push(`${request.method} ${decodeURIComponent(request.url)}`);
    return new Response(null, { status: 404 });
  };
  return { fetch, seen };
}

const identify = (jobId: number, traits: Record<string, unknown>): TransformerInput => ({
  message: { type: 'identify', userId: 'u1', traits },
  metadata: { jobId, destinationId: 'd1', workspaceId: 'w1' },
  destination,
});

describe('routerTransform', () => {
  it.each([
    ['a missing input', { destType: 'kustomer' }],
    ['an empty input', { input: [], destType: 'kustomer' }],
    ['a non-array input', { input: { message: {} }, destType: 'kustomer' }],
  ])('answers %s with "Invalid event array"', async (_label, body) => {
    expect(await routerTransform(body)).toEqual({
      output: [
        {
          metadata: [{ destType: 'kustomer' }],
          batched: false,
          statusCode: 400,
          error: 'Invalid event array',
        },
      ],
    });
  });

  it('returns one un-batched request per event, with its metadata and destination', async () => {
    const input: TransformerInput = {
      message: { type: 'track', event: 'Signed Up', userId: 'u1' },
      metadata: { jobId: 1 },
      destination,
    };
    const { output } = await routerTransform({ input: [input], destType: 'kustomer' });
    expect(output).toEqual([
      {
        batchedRequest: expect.objectContaining({
          method: 'POST',
          endpoint: `${US}/v1/tracking/identityEvent`,
        }),
        metadata: [{ jobId: 1 }],
        batched: false,
        statusCode: 200,
        destination,
      },
    ]);
    expect(output[0]).not.toHaveProperty('batchedRequest.userId');
  });

  it('passes an already transformed message through untouched (§2)', async () => {
    const message = { statusCode: 200, endpoint: 'https://example.com', body: { JSON: { a: 1 } } };
    const { output } = await routerTransform({
      input: [{ message, metadata: { jobId: 5 }, destination }],
      destType: 'kustomer',
    });
    expect(output).toEqual([
      {
        batchedRequest: message,
        metadata: [{ jobId: 5 }],
        batched: false,
        statusCode: 200,
        destination,
      },
    ]);
  });

  it('reports a failed event with router statTags and its destination', async () => {
    const { output } = await routerTransform({
      input: [
        {
          message: { type: 'alias', userId: 'u1' },
          metadata: { jobId: 2, destinationId: 'd1' },
          destination,
        },
      ],
      destType: 'kustomer',
    });
    expect(output).toEqual([
      {
        metadata: [{ jobId: 2, destinationId: 'd1' }],
        batched: false,
        statusCode: 400,
        error: expect.stringContaining('alias'),
        statTags: {
          errorCategory: 'dataValidation',
          errorType: 'instrumentation',
          destType: 'KUSTOMER',
          module: 'destination',
          implementation: 'native',
          feature: 'router',
          destinationId: 'd1',
        },
        destination,
      },
    ]);
  });

  it('answers identifies of one new user with one create carrying both jobs (D8)', async () => {
    const lookups = lookupsNotFound();
    const track: TransformerInput = {
      message: { type: 'track', event: 'Signed Up', userId: 'u1' },
      metadata: { jobId: 2 },
      destination,
    };
    const { output } = await routerTransform(
      {
        input: [identify(1, { name: 'Ada' }), track, identify(3, { name: 'Ada L' })],
        destType: 'kustomer',
      },
      { fetch: lookups.fetch },
    );
    expect(output).toHaveLength(2);
    expect(output[0]).toMatchObject({
      batchedRequest: { method: 'POST', body: { JSON: { externalId: 'u1', name: 'Ada L' } } },
      metadata: [{ jobId: 1 }, { jobId: 3 }],
      statusCode: 200,
    });
    expect(output[1]).toMatchObject({ metadata: [{ jobId: 2 }], statusCode: 200 });
    const jobIds = output.flatMap((element) => element.metadata.map((m) => m?.jobId));
    expect(jobIds.sort()).toEqual([1, 2, 3]);
    expect(lookups.seen).toEqual([`GET ${US}/v1/customers/externalId=u1`]);
  });

  it('fails a lookup with its status so rudder-server retries 429 and 5xx', async () => {
    const fetch = async () => Response.json({ errors: [{ title: 'slow down' }] }, { status: 429 });
    const { output } = await routerTransform(
      { input: [identify(1, {})], destType: 'kustomer' },
      { fetch },
    );
    expect(output[0]).toMatchObject({
      statusCode: 429,
      statTags: { errorCategory: 'network', errorType: 'throttled', feature: 'router' },
      destination,
    });
  });
});
