import { describe, expect, it } from 'vitest';
import { createKustomerClient } from '../../../src/client/index.js';
import { systemCodeOf } from '../../../src/client/lost-write.js';
import { KustomerApiError } from '../../../src/errors.js';
import { closedPort } from '../../e2e/support/stalled-server.js';

describe('systemCodeOf', () => {
  it('finds the system code along the cause chain', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
    const error = new TypeError('fetch failed', { cause: new Error('wrapped', { cause: root }) });
    expect(systemCodeOf(error)).toBe('ECONNREFUSED');
    expect(systemCodeOf(new TypeError('fetch failed'))).toBeUndefined();
  });
});

describe('a network error', () => {
  it('names the system code of a refused connection in its message', async () => {
    const port = await closedPort();
    const client = createKustomerClient({
      apiKey: 'test-key',
      baseUrl: `http://127.0.0.1:${port}`,
      allowInsecureBaseUrl: true,
      retry: false,
    });
    const error = await client.customers.get('c-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KustomerApiError);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect((error as Error).message).toMatch(/network error: fetch failed \(ECONNREFUSED\)/);
  });

  it('is not named by a fetch that gives no system code', async () => {
    const client = createKustomerClient({
      apiKey: 'test-key',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
      retry: false,
    });
    const error = await client.customers.get('c-1').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/network error: fetch failed(?! \()/);
  });
});
