import { describe, expect, it } from 'vitest';
import { resolveBaseUrl } from '../../../src/client/base-url.js';
import { ConfigurationError } from '../../../src/errors.js';
import { configurationErrorOf } from '../../support/errors.js';

const configurationError = configurationErrorOf;

describe('resolveBaseUrl', () => {
  it('defaults to the US host', () => {
    expect(resolveBaseUrl({})).toBe('https://api.kustomerapp.com');
  });

  it.each([
    ['us', 'https://api.kustomerapp.com'],
    ['eu', 'https://api.prod2.kustomerapp.com'],
    ['in', 'https://api.prod4.kustomerapp.com'],
  ] as const)('maps region %s to %s', (region, origin) => {
    expect(resolveBaseUrl({ region })).toBe(origin);
  });

  it('uses the lower-cased organisation host over the region', () => {
    expect(resolveBaseUrl({ orgName: 'Acme-Support', region: 'eu' })).toBe(
      'https://acme-support.api.kustomerapp.com',
    );
  });

  it('uses an explicit base URL over the organisation and region, as an origin', () => {
    expect(
      resolveBaseUrl({
        baseUrl: 'https://Staging.KustomerApp.com/',
        orgName: 'acme',
        region: 'in',
      }),
    ).toBe('https://staging.kustomerapp.com');
  });

  it.each([
    ['the bare kustomerapp.com domain', 'https://kustomerapp.com'],
    ['an explicit port', 'https://api.kustomerapp.com:8443'],
  ])('refuses %s: no Kustomer API host is one', (_, baseUrl) => {
    expect(() => resolveBaseUrl({ baseUrl })).toThrow(ConfigurationError);
  });

  it('accepts an http origin on any host when insecure base URLs are allowed', () => {
    expect(resolveBaseUrl({ baseUrl: 'http://localhost:4010', allowInsecureBaseUrl: true })).toBe(
      'http://localhost:4010',
    );
  });

  it('rejects an unknown region, naming the accepted ones', () => {
    const error = configurationError(() => resolveBaseUrl({ region: 'uk' as never }));
    expect(error.option).toBe('region');
    expect(error.message).toContain("'us', 'eu' or 'in'");
    expect(error.message).toContain('"uk"');
  });

  it('rejects an unknown region even when a base URL overrides it', () => {
    const error = configurationError(() =>
      resolveBaseUrl({ region: 'toString' as never, baseUrl: 'https://api.kustomerapp.com' }),
    );
    expect(error.option).toBe('region');
  });

  it.each(['acme.corp', '-acme', 'acme-', '', 'a_b', 'x'.repeat(64), 'acme/evil'])(
    'rejects the organisation name %j, which is not one DNS label',
    (orgName) => {
      const error = configurationError(() => resolveBaseUrl({ orgName }));
      expect(error.option).toBe('orgName');
      expect(error.message).toContain('one DNS label');
    },
  );

  it.each([
    ['a host outside kustomerapp.com', 'https://evil.example.com'],
    ['a look-alike domain', 'https://evilkustomerapp.com'],
    ['kustomerapp.com as a subdomain of another host', 'https://kustomerapp.com.evil.com'],
    ['plain http', 'http://api.kustomerapp.com'],
    ['a path', 'https://api.kustomerapp.com/v1'],
    ['a query', 'https://api.kustomerapp.com/?x=1'],
    ['an empty query', 'https://api.kustomerapp.com?'],
    ['a fragment', 'https://api.kustomerapp.com#frag'],
    ['credentials', 'https://user:pass@api.kustomerapp.com'],
    ['a relative URL', '/v1'],
    ['another scheme', 'ftp://api.kustomerapp.com'],
  ])('rejects a base URL with %s', (_, baseUrl) => {
    const error = configurationError(() => resolveBaseUrl({ baseUrl }));
    expect(error.option).toBe('baseUrl');
    expect(error.message).toMatch(/^baseUrl must be an https origin on kustomerapp.com/);
  });

  it('never echoes credentials found in a base URL', () => {
    const error = configurationError(() =>
      resolveBaseUrl({ baseUrl: 'https://user:s3cret@api.kustomerapp.com' }),
    );
    expect(error.message).not.toContain('s3cret');
  });

  it('still rejects paths and other schemes when insecure base URLs are allowed', () => {
    for (const baseUrl of ['http://localhost:4010/api', 'file:///tmp/x', 'ws://localhost']) {
      const error = configurationError(() =>
        resolveBaseUrl({ baseUrl, allowInsecureBaseUrl: true }),
      );
      expect(error.option).toBe('baseUrl');
      expect(error.message).toContain('an http or https origin');
    }
  });
});
