import { describe, expect, it } from 'vitest';
import { fetchNamingSystemErrors, systemCodeOf } from '../../../src/cli/options.js';
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

describe('fetchNamingSystemErrors', () => {
  it('adds the system code to the message of a refused connection', async () => {
    const port = await closedPort();
    const fetch = fetchNamingSystemErrors();
    await expect(fetch(new Request(`http://127.0.0.1:${port}/v1/customers`))).rejects.toThrow(
      /^fetch failed \(ECONNREFUSED\)$/,
    );
  });

  it('lets an abort through unchanged', async () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    const fetch = fetchNamingSystemErrors(() => Promise.reject(abort));
    await expect(fetch(new Request('http://127.0.0.1:9/'))).rejects.toBe(abort);
  });
});
