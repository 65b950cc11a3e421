import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createKustomerClient } from '../../../src/client/index.js';
import { processorTransform, type TransformerInput } from '../../../src/rudder/index.js';

vi.mock('../../../src/client/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/client/index.js')>();
  type Options = Parameters<typeof actual.createKustomerClient>[0];
  const spy = vi.fn((options: Options) => actual.createKustomerClient(options));
  return { ...actual, createKustomerClient: spy };
});

const created = vi.mocked(createKustomerClient);
const notFound = async () => new Response(null, { status: 404 });

const event = (
  type: string,
  userId: string,
  Config: Record<string, unknown>,
): TransformerInput => ({
  message: { type, userId, event: 'Signed Up', name: 'Home' },
  destination: { Config },
});

describe('processorTransform clients', () => {
  beforeEach(() => {
    created.mockClear();
  });

  it('creates no client for track, page and screen events', async () => {
    const Config = { apiKey: 'k1' };
    await processorTransform([
      event('track', 'u1', Config),
      event('page', 'u1', Config),
      event('screen', 'u1', Config),
    ]);
    expect(created).not.toHaveBeenCalled();
  });

  it('reuses one client per apiKey and host within a call, with short retries', async () => {
    await processorTransform(
      [
        event('identify', 'u1', { apiKey: 'k1' }),
        event('identify', 'u2', { apiKey: 'k1', baseEndpoint: 'https://api.kustomerapp.com/' }),
        event('identify', 'u3', { apiKey: 'k2' }),
      ],
      { fetch: notFound, timeoutMs: 2500 },
    );
    expect(created).toHaveBeenCalledTimes(2);
    for (const [options] of created.mock.calls) {
      expect(options).toMatchObject({
        retry: { maxAttempts: 3 },
        timeoutMs: 2500,
        fetch: notFound,
      });
    }
  });
});
