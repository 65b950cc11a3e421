import { beforeEach, describe, expect, it } from 'vitest';
import { sharedCustomerMemory } from '../../../src/rudder/customer-memory.js';
import {
  type ProcessorFailure,
  type ProcessorOutput,
  type ProcessorSuccess,
  processorTransform,
  type TransformerInput,
} from '../../../src/rudder/index.js';

const KEY = 'secret-key-0123456789';
const US = 'https://api.kustomerapp.com';
const EU = 'https://api.prod2.kustomerapp.com';

type Answer = { status: number; body?: unknown } | 'network';

/** An in-process Kustomer: answers by `METHOD <decoded URL>`; anything else is a test failure. */
function fakeKustomer(answers: Record<string, Answer>) {
  const seen: string[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const key = `${request.method} ${decodeURIComponent(request.url)}`;
    seen.push(key);
    const answer = answers[key];
    if (answer === undefined) throw new Error(`unexpected request ${key}`);
    if (answer === 'network') {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    }
    return answer.body === undefined
      ? new Response(null, { status: answer.status })
      : Response.json(answer.body, { status: answer.status });
  };
  return { fetch, seen };
}

const customer = (id: string) => ({
  status: 200,
  body: { data: { type: 'customer', id, attributes: {} } },
});
const notFound = { status: 404 } as const;

function identify(userId: string | undefined, traits: Record<string, unknown>, jobId?: number) {
  const input: TransformerInput = {
    message: { type: 'identify', ...(userId === undefined ? {} : { userId }), traits },
    destination: { Config: { apiKey: KEY } },
  };
  if (jobId !== undefined) input.metadata = { jobId, destinationId: 'd1', workspaceId: 'w1' };
  return input;
}

function track(event: string | undefined, userId: string | undefined, jobId?: number) {
  const input: TransformerInput = {
    message: {
      type: 'track',
      ...(event === undefined ? {} : { event }),
      ...(userId === undefined ? {} : { userId }),
      properties: { plan: 'pro' },
    },
    destination: { Config: { apiKey: KEY } },
  };
  if (jobId !== undefined) input.metadata = { jobId };
  return input;
}

function success(element: ProcessorOutput | undefined): ProcessorSuccess {
  if (element === undefined || !('output' in element)) {
    throw new Error(`expected a success element, got ${JSON.stringify(element)}`);
  }
  return element;
}

function failure(element: ProcessorOutput | undefined): ProcessorFailure {
  if (element === undefined || !('error' in element)) {
    throw new Error(`expected a failure element, got ${JSON.stringify(element)}`);
  }
  return element;
}

// Each case starts with no customer remembered from an earlier one.
beforeEach(() => sharedCustomerMemory.clear());

describe('processorTransform', () => {
  it('answers every input once, in input order', async () => {
    const kustomer = fakeKustomer({
      [`GET ${US}/v1/customers/email=ada@example.com`]: notFound,
      [`GET ${US}/v1/customers/externalId=u1`]: notFound,
    });
    const out = await processorTransform(
      [
        track('Signed Up', 'u2', 1),
        identify('u1', { email: 'ada@example.com' }, 2),
        { message: { type: 'group', userId: 'u3' }, destination: { Config: { apiKey: KEY } } },
        track('Viewed', 'u2', 4),
      ],
      { fetch: kustomer.fetch },
    );
    expect(out.map((element) => element.statusCode)).toEqual([200, 200, 400, 200]);
    expect(out.map((element) => element.metadata?.jobId)).toEqual([1, 2, undefined, 4]);
    expect(success(out[1]).output).toMatchObject({
      method: 'POST',
      endpoint: `${US}/v1/customers`,
    });
  });

  it('makes no request for track, page and screen events', async () => {
    const kustomer = fakeKustomer({});
    const out = await processorTransform(
      [
        track('Signed Up', 'u1'),
        {
          message: { type: 'page', name: 'Home', userId: 'u1' },
          destination: { Config: { apiKey: KEY } },
        },
        {
          message: { type: 'screen', name: 'Cart', anonymousId: 'a1' },
          destination: { Config: { apiKey: KEY } },
        },
      ],
      { fetch: kustomer.fetch },
    );
    expect(out.map((element) => success(element).output.endpoint)).toEqual([
      `${US}/v1/tracking/identityEvent`,
      `${US}/v1/tracking/identityEvent`,
      `${US}/v1/tracking/identityEvent`,
    ]);
    expect(kustomer.seen).toEqual([]);
  });

  it('adds an empty userId to each output and leaves out metadata the input lacked (§1)', async () => {
    const [element] = await processorTransform([track('Signed Up', 'u1')]);
    expect(element).not.toHaveProperty('metadata');
    expect(success(element).output.userId).toBe('');
  });

  it('updates a known kustomerId without any lookup, the id encoded', async () => {
    // Only a read of the company the customer is linked to, which the update carries (D20).
    const kustomer = fakeKustomer({ [`GET ${US}/v1/customers/c/1`]: customer('c/1') });
    const input = identify('u1', { email: 'ada@example.com' });
    Object.assign(input.message as object, {
      context: { externalId: [{ type: 'kustomerId', id: 'c/1' }] },
    });
    const [element] = await processorTransform([input], { fetch: kustomer.fetch });
    expect(success(element).output).toMatchObject({
      method: 'PUT',
      endpoint: `${US}/v1/customers/c%2F1?replace=false`,
    });
    expect(kustomer.seen).toEqual([`GET ${US}/v1/customers/c/1`]);
  });

  it('stops at the first lookup that finds the customer', async () => {
    const kustomer = fakeKustomer({
      [`GET ${US}/v1/customers/externalId=u1`]: notFound,
      [`GET ${US}/v1/customers/email=ada@example.com`]: customer('c-1'),
    });
    const input = identify('u1', { email: 'ada@example.com' });
    Object.assign(input.message as object, { anonymousId: 'anon-1' });
    const [element] = await processorTransform([input], { fetch: kustomer.fetch });
    expect(success(element).output).toMatchObject({
      method: 'PUT',
      endpoint: `${US}/v1/customers/c-1?replace=false`,
    });
    // The user's own externalId first (docs/deviations.md D22), then RudderStack's order.
    expect(kustomer.seen).toEqual([
      `GET ${US}/v1/customers/externalId=u1`,
      `GET ${US}/v1/customers/email=ada@example.com`,
    ]);
  });

  it('updates an EU customer on the EU host, where it was found (D2)', async () => {
    const kustomer = fakeKustomer({ [`GET ${EU}/v1/customers/externalId=u1`]: customer('c-eu') });
    const input = identify('u1', {});
    input.destination = { Config: { apiKey: KEY, baseEndpoint: `${EU}/` } };
    const [element] = await processorTransform([input], { fetch: kustomer.fetch });
    expect(success(element).output).toMatchObject({
      method: 'PUT',
      endpoint: `${EU}/v1/customers/c-eu?replace=false`,
    });
  });

  describe('events without an identity (D5)', () => {
    it('rejects an identify with neither userId nor anonymousId before any request', async () => {
      const kustomer = fakeKustomer({});
      const [element] = await processorTransform([identify(undefined, { email: 'a@b.co' }, 1)], {
        fetch: kustomer.fetch,
      });
      expect(failure(element)).toMatchObject({
        statusCode: 400,
        statTags: { errorCategory: 'dataValidation', errorType: 'instrumentation' },
      });
      expect(kustomer.seen).toEqual([]);
    });

    it('rejects a track with no user instead of sending a null identity', async () => {
      const [element] = await processorTransform([track('Signed Up', undefined)]);
      expect(failure(element).statusCode).toBe(400);
      expect(JSON.stringify(element)).not.toContain('"externalId":null');
    });

    it('rejects a track without an event name', async () => {
      const [element] = await processorTransform([track(undefined, 'u1')]);
      expect(failure(element)).toMatchObject({ statusCode: 400 });
    });
  });

  describe('configuration errors (D9)', () => {
    it('fails only the events whose Config is unusable, with 400 configuration', async () => {
      const noKey = track('Signed Up', 'u1', 1);
      noKey.destination = { Config: {} };
      const badHost = track('Signed Up', 'u1', 2);
      badHost.destination = { Config: { apiKey: KEY, baseEndpoint: 'https://evil.example.com' } };
      const out = await processorTransform([noKey, badHost, track('Signed Up', 'u1', 3)]);
      expect(out.map((element) => element.statusCode)).toEqual([400, 400, 200]);
      for (const element of out.slice(0, 2)) {
        expect(failure(element).statTags).toMatchObject({
          errorCategory: 'dataValidation',
          errorType: 'configuration',
          feature: 'processor',
        });
      }
    });
  });

  describe('lookup failures', () => {
    it.each([
      [401, 401, 'aborted'],
      [429, 429, 'throttled'],
      [500, 500, 'retryable'],
      ['network', 500, 'retryable'],
    ] as const)(
      'turns a lookup answered %s into status %i (%s), after the attempts the call allows',
      async (answered, status, type) => {
        const url = `GET ${US}/v1/customers/externalId=u1`;
        const answer: Answer =
          answered === 'network'
            ? 'network'
            : { status: answered, body: { errors: [{ status: answered, title: 'Nope' }] } };
        const kustomer = fakeKustomer({ [url]: answer });
        const [element] = await processorTransform([identify('u1', {}, 9)], {
          fetch: kustomer.fetch,
        });
        const failed = failure(element);
        expect(failed).toMatchObject({
          statusCode: status,
          metadata: { jobId: 9 },
          statTags: {
            errorCategory: 'network',
            errorType: type,
            destinationId: 'd1',
            workspaceId: 'w1',
          },
        });
        const message = JSON.parse(failed.error);
        expect(message.message).toMatch(/^Error while lookingUp Kustomer/);
        expect(message.destinationResponse.status).toBe(status);
        // 429, 5xx and no answer are tried 3 times within the call (docs/rudder-contract.md §9).
        expect(kustomer.seen).toEqual(answered === 401 ? [url] : [url, url, url]);
      },
    );

    it('never puts the API key in an error, even when Kustomer echoes it', async () => {
      const kustomer = fakeKustomer({
        [`GET ${US}/v1/customers/externalId=u1`]: {
          status: 401,
          body: { message: `bad key ${KEY}` },
        },
      });
      const badHost = track('Signed Up', 'u1');
      badHost.destination = {
        Config: { apiKey: KEY, baseEndpoint: `https://x.example.com/${KEY}` },
      };
      const out = await processorTransform([identify('u1', {}), badHost], {
        fetch: kustomer.fetch,
      });
      expect(out.map((element) => element.statusCode)).toEqual([401, 400]);
      expect(JSON.stringify(out)).not.toContain(KEY);
    });
  });

  describe('identifies of one user in one request (D8)', () => {
    it('creates a new user once, merging later traits in, and answers the later identify 298', async () => {
      const kustomer = fakeKustomer({
        [`GET ${US}/v1/customers/email=ada@example.com`]: notFound,
        [`GET ${US}/v1/customers/email=ada@work.example.com`]: notFound,
        [`GET ${US}/v1/customers/externalId=u1`]: notFound,
      });
      const out = await processorTransform(
        [
          identify('u1', { email: 'ada@example.com', name: 'Ada', username: 'ada' }, 1),
          track('Signed Up', 'u1', 2),
          identify('u1', { email: 'ada@work.example.com', name: 'Ada Lovelace' }, 3),
        ],
        { fetch: kustomer.fetch },
      );
      expect(success(out[0]).output).toMatchObject({
        method: 'POST',
        endpoint: `${US}/v1/customers`,
        body: {
          JSON: {
            externalId: 'u1',
            name: 'Ada Lovelace',
            username: 'ada',
            emails: [{ type: 'home', email: 'ada@work.example.com' }],
          },
        },
      });
      expect(success(out[1]).statusCode).toBe(200);
      const merged = failure(out[2]);
      expect(merged).toMatchObject({
        statusCode: 298,
        metadata: { jobId: 3 },
        statTags: { errorCategory: 'transformation', errorType: 'filtered' },
      });
      expect(merged.error).toContain('job 1');
      // Each distinct lookup once for the user, its own externalId first (D22), then the emails.
      expect(kustomer.seen).toEqual([
        `GET ${US}/v1/customers/externalId=u1`,
        `GET ${US}/v1/customers/email=ada@example.com`,
        `GET ${US}/v1/customers/email=ada@work.example.com`,
      ]);
    });

    it('updates every identify of a user who already exists, looking the user up once', async () => {
      const kustomer = fakeKustomer({ [`GET ${US}/v1/customers/externalId=u1`]: customer('c-1') });
      const out = await processorTransform(
        [identify('u1', { name: 'A' }, 1), identify('u1', { name: 'B' }, 2)],
        { fetch: kustomer.fetch },
      );
      expect(out.map((element) => success(element).output.endpoint)).toEqual([
        `${US}/v1/customers/c-1?replace=false`,
        `${US}/v1/customers/c-1?replace=false`,
      ]);
      expect(out.map((element) => success(element).output.body.JSON)).toEqual([
        { externalId: 'u1', name: 'A' },
        { externalId: 'u1', name: 'B' },
      ]);
      expect(kustomer.seen).toHaveLength(1);
    });

    it('keeps identifies of one user for different accounts apart', async () => {
      const kustomer = fakeKustomer({
        [`GET ${US}/v1/customers/externalId=u1`]: notFound,
        [`GET ${EU}/v1/customers/externalId=u1`]: notFound,
      });
      const eu = identify('u1', {}, 2);
      eu.destination = { Config: { apiKey: KEY, baseEndpoint: EU } };
      const out = await processorTransform([identify('u1', {}, 1), eu], { fetch: kustomer.fetch });
      expect(out.map((element) => success(element).output.endpoint)).toEqual([
        `${US}/v1/customers`,
        `${EU}/v1/customers`,
      ]);
    });

    it('fails every identify of the user when the shared lookup fails', async () => {
      const kustomer = fakeKustomer({ [`GET ${US}/v1/customers/externalId=u1`]: { status: 503 } });
      const out = await processorTransform([identify('u1', {}, 1), identify('u1', {}, 2)], {
        fetch: kustomer.fetch,
      });
      expect(out.map((element) => element.statusCode)).toEqual([503, 503]);
      // One lookup for both, with its 3 attempts.
      expect(kustomer.seen).toHaveLength(3);
    });
  });
});
