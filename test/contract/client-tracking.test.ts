import { describe, expect, it } from 'vitest';
import type { components } from '../../generated/kustomer.js';
import { createKustomerClient } from '../../src/client/index.js';
import { KustomerApiError } from '../../src/errors.js';
import { specHttp, useSpecServer } from './support/spec-server.js';

type IdentityEventBody = components['schemas']['IdentityEventBody'];

const BASE = 'https://api.kustomerapp.com';
const API_KEY = 'test-key.tracking-contract-0123456789';
const http = specHttp(BASE);
const specServer = useSpecServer();

const client = () => createKustomerClient({ apiKey: API_KEY, retry: false });

const pageView: IdentityEventBody = {
  identity: { externalId: 'user-42', email: 'ada@example.com' },
  event: {
    name: 'Web-Page-Viewed-Pricing',
    meta: { path: '/pricing', scrollDepthNum: 80 },
    sessionId: 's-1',
    trackingId: 't-1',
  },
};

describe('tracking.identityEvent', () => {
  it('posts identity and event and returns the tracking identity Kustomer created', async () => {
    specServer.use(
      http.post('/v1/tracking/identityEvent', async ({ request, response }) => {
        const body = await request.json();
        return response(201).json({
          data: {
            type: 'identity',
            id: 'ti-1',
            attributes: { trackingId: body.event.trackingId ?? 'minted', status: 'updated' },
            relationships: { customer: { data: { type: 'customer', id: 'c-9' } } },
          },
        });
      }),
    );
    const identity = await client().tracking.identityEvent(pageView);
    expect(identity.id).toBe('ti-1');
    expect(identity.attributes.trackingId).toBe('t-1');
    expect(identity.relationships?.customer?.data?.id).toBe('c-9');
    const [request] = await specServer.recorded();
    expect(request?.method).toBe('POST');
    expect(request?.url.pathname).toBe('/v1/tracking/identityEvent');
    expect(request?.body).toEqual(pageView);
  });

  it('throws the 400 Kustomer gives for an event it rejects', async () => {
    specServer.use(
      http.post('/v1/tracking/identityEvent', ({ response }) =>
        response(400).json({
          errors: [{ status: 400, code: 'bad_request', detail: 'event.name is invalid' }],
        }),
      ),
    );
    const error = await client()
      .tracking.identityEvent(pageView)
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(KustomerApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'bad_request',
      messages: ['event.name is invalid'],
      retryable: false,
    });
  });
});
