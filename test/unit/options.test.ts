import { describe, expect, it } from 'vitest';
import { createKustomerClient } from '../../src/client/index.js';
import { createKustomerDestination } from '../../src/destination.js';
import { closestKey } from '../../src/options.js';
import { ConfigResolver } from '../../src/rudder/config.js';
import { createTransformerHandler, processorTransform } from '../../src/rudder/index.js';
import { configurationErrorOf } from '../support/errors.js';

const refusal = configurationErrorOf;

describe('unknown options', () => {
  it.each([
    [{ baseURL: 'http://127.0.0.1:1' }, 'baseURL', 'baseUrl'],
    [{ regoin: 'eu' }, 'regoin', 'region'],
    [{ retry: { maxAttempt: 1 } }, 'retry.maxAttempt', 'retry.maxAttempts'],
  ])('createKustomerDestination refuses %j, naming the closest known key', (extra, key, meant) => {
    const error = refusal(() => createKustomerDestination({ apiKey: 'k', ...(extra as object) }));
    expect(error.option).toBe(key);
    expect(error.message).toContain(`did you mean ${meant}?`);
  });

  it('createKustomerClient refuses an unknown key', () => {
    const options = { apiKey: 'k', timeout: 5 } as unknown as { apiKey: string };
    const error = refusal(() => createKustomerClient(options));
    expect(error.message).toBe(
      'createKustomerClient has no option timeout: did you mean timeoutMs?',
    );
  });

  it('gives no hint when nothing is close', () => {
    const error = refusal(() => createKustomerDestination({ apiKey: 'k', zzz: 1 } as never));
    expect(error.message).toBe('createKustomerDestination has no option zzz');
  });

  it('refuses an unknown transformer option', async () => {
    await expect(processorTransform([], { fetchh: fetch } as never)).rejects.toThrow(
      /did you mean fetch\?/,
    );
  });

  it('refuses a destination Config key that is a typo of one it reads, and lets RudderStack keys pass', () => {
    const resolver = new ConfigResolver();
    const typo = refusal(() =>
      resolver.resolve({ Config: { apiKey: 'k', baseEndPoint: 'https://api.kustomerapp.com' } }),
    );
    expect(typo.message).toContain('did you mean baseEndpoint?');
    const config = { apiKey: 'k', eventDelivery: false, oneTrustCookieCategories: [] };
    expect(resolver.resolve({ Config: config }).apiKey).toBe('k');
  });
});

describe('closestKey', () => {
  it('matches another letter case, a swap and a missing letter', () => {
    const known = ['baseUrl', 'region', 'timeoutMs'];
    expect(closestKey('BASEURL', known)).toBe('baseUrl');
    expect(closestKey('reigon', known)).toBe('region');
    expect(closestKey('timeoutM', known)).toBe('timeoutMs');
    expect(closestKey('colour', known)).toBeUndefined();
  });
});

describe('unknown transformer handler options', () => {
  it('createTransformerHandler refuses a misspelt key', () => {
    const error = refusal(() => createTransformerHandler({ maxBodyByte: 1 } as never));
    expect(error.message).toContain('did you mean maxBodyBytes?');
  });
});
