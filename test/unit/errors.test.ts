import { describe, expect, it } from 'vitest';
import { isRetryableStatus, KustomerApiError, redactHeaders } from '../../src/errors.js';

describe('isRetryableStatus', () => {
  it('retries 408, 429, network failures and 5xx except 501', () => {
    for (const status of [0, 408, 429, 500, 502, 503, 504, 599]) {
      expect(isRetryableStatus(status)).toBe(true);
    }
  });

  it('does not retry other 4xx or 501', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422, 501]) {
      expect(isRetryableStatus(status)).toBe(false);
    }
  });
});

describe('KustomerApiError', () => {
  it('names the method, path, status and Kustomer messages without the API key', () => {
    const error = new KustomerApiError({
      status: 400,
      code: 'bad_request',
      messages: ['name is too long'],
      request: {
        method: 'POST',
        url: 'https://api.kustomerapp.com/v1/customers',
        headers: redactHeaders({ Authorization: 'Bearer secret-key' }),
      },
    });
    expect(error.message).toBe(
      'Kustomer POST /v1/customers failed with HTTP 400: name is too long',
    );
    expect(error.retryable).toBe(false);
    expect(JSON.stringify(error.request)).not.toContain('secret-key');
  });
});
