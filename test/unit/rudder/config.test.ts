import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/errors.js';
import {
  ConfigResolver,
  clientOptionsFor,
  DEFAULT_BASE_ENDPOINT,
} from '../../../src/rudder/config.js';
import { configurationErrorOf } from '../../support/errors.js';

const resolve = (Config: Record<string, unknown>, allowInsecureBaseEndpoint = false) =>
  new ConfigResolver({ allowInsecureBaseEndpoint }).resolve({ Config });

const configError = configurationErrorOf;

describe('ConfigResolver (D9)', () => {
  it('defaults to the US host and every option off', () => {
    expect(resolve({ apiKey: 'key-1' })).toMatchObject({
      apiKey: 'key-1',
      baseUrl: DEFAULT_BASE_ENDPOINT,
      insecure: false,
      mapper: {},
    });
  });

  it('reads the behaviour options, as booleans or templated strings', () => {
    const config = resolve({
      apiKey: 'key-1',
      genericPage: true,
      genericScreen: 'true',
      advancedTransform: true,
      setIdentityEmail: true,
      disableEmailAsTrackingProperty: 'false',
    });
    expect(config.mapper).toEqual({
      genericPage: true,
      genericScreen: true,
      advancedTransform: true,
      setIdentityEmail: true,
      disableEmailAsTrackingProperty: false,
    });
  });

  it.each([undefined, '', '   ', 42])('rejects the apiKey %j', (apiKey) => {
    expect(configError(() => resolve({ apiKey })).option).toBe('apiKey');
  });

  it('rejects an apiKey a header cannot carry, without quoting it', () => {
    const error = configError(() => resolve({ apiKey: 'abc\r\nX-Evil: 1' }));
    expect(error.option).toBe('apiKey');
    expect(error.message).not.toContain('abc');
  });

  it('rejects a destination without a Config object', () => {
    expect(configError(() => new ConfigResolver().resolve({})).option).toBe('destination.Config');
    expect(configError(() => new ConfigResolver().resolve(undefined)).option).toBe('destination');
  });

  it('accepts the EU host with a trailing slash', () => {
    expect(
      resolve({ apiKey: 'k', baseEndpoint: 'https://api.prod2.kustomerapp.com/' }).baseUrl,
    ).toBe('https://api.prod2.kustomerapp.com');
  });

  it.each([
    'http://api.kustomerapp.com',
    'https://api.kustomerapp.com.evil.example',
    'https://kustomerapp.com.example.com',
    'https://api.kustomerapp.com/v1',
    'https://api.kustomerapp.com?x=1',
    'https://user:pass@api.kustomerapp.com',
    'https://api.kustomerapp.com:8443',
    'http://127.0.0.1:4010',
    'not a url',
  ])('rejects the baseEndpoint %s', (baseEndpoint) => {
    expect(configError(() => resolve({ apiKey: 'k', baseEndpoint })).option).toBe('baseEndpoint');
  });

  it('accepts an http baseEndpoint on any host only with allowInsecureBaseEndpoint, like the client', () => {
    const config = resolve({ apiKey: 'k', baseEndpoint: 'http://127.0.0.1:4010/' }, true);
    expect(config).toMatchObject({ baseUrl: 'http://127.0.0.1:4010', insecure: true });
    expect(resolve({ apiKey: 'k', baseEndpoint: 'http://kustomer-sim:1' }, true).baseUrl).toBe(
      'http://kustomer-sim:1',
    );
    expect(() => resolve({ apiKey: 'k', baseEndpoint: 'http://kustomer-sim:1' })).toThrow(
      ConfigurationError,
    );
  });

  it('never echoes a rejected baseEndpoint, which may carry credentials', () => {
    const error = configError(() =>
      resolve({ apiKey: 'k', baseEndpoint: 'https://admin:secret@api.kustomerapp.com' }),
    );
    expect(error.message).not.toContain('secret');
  });

  it('keys clients by apiKey and base', () => {
    const us = resolve({ apiKey: 'k' });
    const eu = resolve({ apiKey: 'k', baseEndpoint: 'https://api.prod2.kustomerapp.com' });
    expect(us.clientKey).not.toBe(eu.clientKey);
    expect(resolve({ apiKey: 'k', baseEndpoint: `${DEFAULT_BASE_ENDPOINT}/` }).clientKey).toBe(
      us.clientKey,
    );
  });
});

describe('clientOptionsFor', () => {
  it('keeps retries short and passes timeout and fetch through', () => {
    const fetch = async () => new Response(null, { status: 404 });
    const options = clientOptionsFor(resolve({ apiKey: 'k' }), { timeoutMs: 1234, fetch });
    expect(options).toEqual({
      apiKey: 'k',
      baseUrl: DEFAULT_BASE_ENDPOINT,
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
      timeoutMs: 1234,
      fetch,
    });
  });

  it('allows the insecure base only when the resolver allowed it', () => {
    const local = resolve({ apiKey: 'k', baseEndpoint: 'http://127.0.0.1:9' }, true);
    expect(clientOptionsFor(local).allowInsecureBaseUrl).toBe(true);
    expect(clientOptionsFor(resolve({ apiKey: 'k' })).allowInsecureBaseUrl).toBeUndefined();
  });
});

describe('ConfigResolver work per distinct config (issue 19)', () => {
  it('checks a config once across calls, however many objects carry it', () => {
    const first = resolve({ apiKey: 'memo-key', consentManagement: [], eventFilteringOption: 'x' });
    const again = resolve({ apiKey: 'memo-key', consentManagement: [], eventFilteringOption: 'x' });
    expect(again).toBe(first);
  });

  it('tells configs apart by their key names and the values it reads', () => {
    const plain = resolve({ apiKey: 'memo-key-2' });
    expect(resolve({ apiKey: 'memo-key-2', genericPage: true })).not.toBe(plain);
    expect(resolve({ apiKey: 'memo-key-2', genericPage: 'true' }).mapper).toEqual({
      genericPage: true,
    });
    expect(resolve({ apiKey: 'memo-key-2' }, true)).not.toBe(plain);
  });

  it('refuses a typo every time, not only the first', () => {
    for (let call = 0; call < 3; call++) {
      expect(configError(() => resolve({ apiKey: 'memo-key-3', baseEndPoint: 'x' }))).toMatchObject(
        {
          option: 'baseEndPoint',
        },
      );
    }
  });

  it('does not remember a value that is not plain JSON', () => {
    const apiKey = () => 'k';
    for (let call = 0; call < 2; call++) {
      expect(configError(() => resolve({ apiKey }))).toMatchObject({ option: 'apiKey' });
    }
  });
});
