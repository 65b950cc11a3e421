import { describe, expect, it } from 'vitest';
import { readDeliverySettings } from '../../../src/delivery/config.js';
import { ConfigurationError } from '../../../src/errors.js';

const base = { apiKey: 'key' };

describe('readDeliverySettings', () => {
  it('uses defaults when only the API key is given', () => {
    expect(readDeliverySettings(base)).toEqual({
      client: base,
      concurrency: 8,
      requestsPerMinute: undefined,
      customerCacheSize: 10_000,
      mapper: {},
    });
  });

  it('passes the behaviour options to the mappers', () => {
    const settings = readDeliverySettings({ ...base, genericPage: true, setIdentityEmail: false });
    expect(settings.mapper).toEqual({ genericPage: true, setIdentityEmail: false });
  });

  it.each([
    ['concurrency', { concurrency: 0 }],
    ['concurrency', { concurrency: 1.5 }],
    ['requestsPerMinute', { requestsPerMinute: -1 }],
    ['customerCacheSize', { customerCacheSize: -3 }],
  ])('rejects a bad %s with a ConfigurationError naming it', (option, extra) => {
    expect(() => readDeliverySettings({ ...base, ...extra })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', option }),
    );
  });

  it('rejects a behaviour option that is not a boolean', () => {
    const config = { ...base, genericPage: 'yes' } as unknown as typeof base;
    expect(() => readDeliverySettings(config)).toThrow(ConfigurationError);
  });

  it('turns the customer cache off with a size of 0', () => {
    expect(readDeliverySettings({ ...base, customerCacheSize: 0 }).customerCacheSize).toBe(0);
  });
});
