import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { simulatorOptionsFrom } from '../../../src/cli/commands/simulator.js';
import {
  configurationMessage,
  type DestinationFlags,
  destinationConfigFrom,
  destinationFromFlags,
  integerIn,
  parseCustomAttributes,
  UsageError,
} from '../../../src/cli/options.js';
import { parseWorkers } from '../../../src/cli/serve-workers.js';
import type { DestinationConfig } from '../../../src/delivery/types.js';
import { createKustomerDestination } from '../../../src/destination.js';
import { ConfigurationError } from '../../../src/errors.js';

/** The library options the same hosts would be as a JavaScript caller writes them. */
function libraryConfigOf(flags: DestinationFlags): DestinationConfig {
  const config: DestinationConfig = { apiKey: 'k' };
  // A JavaScript caller's region is any string; the library checks it at run time.
  if (flags.region !== undefined) Object.assign(config, { region: flags.region });
  if (flags.org !== undefined) config.orgName = flags.org;
  if (flags.baseUrl !== undefined) config.baseUrl = flags.baseUrl;
  return config;
}

function outcomeOf(build: () => unknown): 'accepted' | 'refused' {
  try {
    build();
    return 'accepted';
  } catch {
    return 'refused';
  }
}

const env = {};

describe('destinationConfigFrom', () => {
  it('takes the API key from --api-key', () => {
    expect(destinationConfigFrom({ apiKey: 'k1' }, { env })).toEqual({ apiKey: 'k1' });
  });

  it('falls back to KUSTOMER_API_KEY', () => {
    expect(destinationConfigFrom({}, { env: { KUSTOMER_API_KEY: 'k2' } }).apiKey).toBe('k2');
  });

  it('refuses to run without an API key, naming both ways to give one', () => {
    expect(() => destinationConfigFrom({}, { env })).toThrow(
      new UsageError('missing API key: pass --api-key or set KUSTOMER_API_KEY'),
    );
  });

  it('needs no API key for a dry run', () => {
    expect(destinationConfigFrom({}, { env, dryRun: true }).apiKey).not.toBe('');
  });

  it.each([
    ['region eu', { region: 'eu' }],
    ['region EU', { region: 'EU' }],
    ['region mars', { region: 'mars' }],
    ['region and org', { region: 'eu', org: 'acme' }],
    ['region EU and org', { region: 'EU', org: 'acme' }],
    ['org and base URL', { org: 'acme', baseUrl: 'https://acme.api.kustomerapp.com' }],
  ])('agrees with the library on %s', (_case, flags: DestinationFlags) => {
    const library = outcomeOf(() => createKustomerDestination(libraryConfigOf(flags)));
    const cli = outcomeOf(() => destinationFromFlags({ apiKey: 'k', ...flags }, { env }));
    expect(cli).toBe(library);
  });

  it("refuses an unknown region in the flag's name, without echoing the key", () => {
    const run = () => destinationFromFlags({ apiKey: 'secret-key', region: 'mars' }, { env });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(/^--region must be one of 'us', 'eu' or 'in'/);
    expect(run).not.toThrow(/secret-key/);
  });

  it('sends to the organisation host when --region and --org are both given, as the library does', () => {
    expect(destinationFromFlags({ apiKey: 'k', region: 'eu', org: 'acme' }, { env }).host).toBe(
      'acme.api.kustomerapp.com',
    );
  });

  it('accepts an organisation name and rejects a host in its place', () => {
    expect(destinationConfigFrom({ apiKey: 'k', org: 'acme-prod' }, { env }).orgName).toBe(
      'acme-prod',
    );
    expect(() =>
      destinationFromFlags({ apiKey: 'k', org: 'acme.api.kustomerapp.com' }, { env }),
    ).toThrow(/^--org/);
  });

  it('refuses an http base URL unless --allow-insecure-base-url is given', () => {
    const refused = () =>
      destinationFromFlags({ apiKey: 'k', baseUrl: 'http://127.0.0.1:4010' }, { env });
    expect(refused).toThrow(UsageError);
    expect(refused).toThrow(/^--base-url .*--allow-insecure-base-url/);
    expect(() =>
      destinationFromFlags(
        { apiKey: 'k', baseUrl: 'http://127.0.0.1:4010/', allowInsecureBaseUrl: true },
        { env },
      ),
    ).not.toThrow();
  });

  it('accepts an https Kustomer origin as the base URL', () => {
    expect(() =>
      destinationFromFlags({ apiKey: 'k', baseUrl: 'https://acme.api.kustomerapp.com' }, { env }),
    ).not.toThrow();
  });

  it('rejects a base URL that is not a URL, without echoing the key', () => {
    const refused = () =>
      destinationFromFlags({ apiKey: 'secret-key', baseUrl: 'localhost:4010' }, { env });
    expect(refused).toThrow(/^--base-url/);
    expect(refused).not.toThrow(/secret-key/);
  });

  it('passes the behaviour flags and concurrency through', () => {
    expect(
      destinationConfigFrom(
        {
          apiKey: 'k',
          concurrency: 4,
          genericPage: true,
          genericScreen: true,
          advancedTransform: true,
          setIdentityEmail: true,
          disableEmailAsTrackingProperty: true,
        },
        { env },
      ),
    ).toEqual({
      apiKey: 'k',
      concurrency: 4,
      genericPage: true,
      genericScreen: true,
      advancedTransform: true,
      setIdentityEmail: true,
      disableEmailAsTrackingProperty: true,
    });
  });
});

describe('--custom-attributes', () => {
  it('passes a JSON object through as the customAttributes option', () => {
    expect(
      destinationConfigFrom(
        { apiKey: 'k', customAttributes: '{"plan":"planStr","logins":"loginsNum"}' },
        { env },
      ),
    ).toEqual({ apiKey: 'k', customAttributes: { plan: 'planStr', logins: 'loginsNum' } });
  });

  it('reads @FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kd-attrs-'));
    try {
      const path = join(dir, 'attrs.json');
      writeFileSync(path, '{"isAdmin":"isAdminBool"}');
      expect(parseCustomAttributes(`@${path}`)).toEqual({ isAdmin: 'isAdminBool' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['not JSON', '{plan:'],
    ['an array', '["planStr"]'],
    ['a number as an attribute name', '{"plan":3}'],
    ['a file that does not exist', '@/no/such/attrs.json'],
  ])('refuses %s with a usage error naming the flag', (_what, value) => {
    expect(() => parseCustomAttributes(value)).toThrow(UsageError);
    expect(() => parseCustomAttributes(value)).toThrow(/^--custom-attributes/);
  });

  it('keeps a trait named __proto__ as an own key', () => {
    const parsed = parseCustomAttributes('{"__proto__":"protoStr"}');
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });
});

describe('integerIn', () => {
  it('parses an integer within bounds', () => {
    expect(integerIn(1, 10)('7')).toBe(7);
  });

  it.each(['0', '11', '1.5', 'x', '-1', ''])('rejects %j', (value) => {
    expect(() => integerIn(1, 10)(value)).toThrow(InvalidArgumentError);
  });
});

describe('parseWorkers', () => {
  it('reads auto as one worker per core the process may use, and a count as itself', () => {
    expect(parseWorkers(' auto ')).toBe(availableParallelism());
    expect(parseWorkers('3')).toBe(3);
  });

  it.each(['0', '257', '1.5', 'x', ''])('rejects %j, naming auto', (value) => {
    expect(() => parseWorkers(value)).toThrow('expected auto or an integer from 1 to 256.');
  });
});

describe('simulatorOptionsFrom', () => {
  it('turns fault flags into rules, the delay last so that it never hides the others', () => {
    expect(
      simulatorOptionsFrom({
        failEvery: 5,
        failStatus: 503,
        dropEvery: 7,
        delayMs: 20,
        rateLimit: 600,
      }),
    ).toEqual({
      rateLimitPerMinute: 600,
      faults: [{ status: 503, everyNth: 5 }, { drop: true, everyNth: 7 }, { delayMs: 20 }],
    });
  });

  it('needs --fail-every and --fail-status together', () => {
    expect(() => simulatorOptionsFrom({ failEvery: 5 })).toThrow(UsageError);
  });
});

describe('configurationMessage', () => {
  it('names the flag behind the option the destination refused', () => {
    expect(
      configurationMessage(new ConfigurationError('must be us, eu or in', { option: 'region' })),
    ).toBe('--region: must be us, eu or in');
  });

  it('writes option names in the message as their flags', () => {
    const error = new ConfigurationError(
      'baseUrl must be https (set allowInsecureBaseUrl for a local simulator)',
      { option: 'baseUrl' },
    );
    expect(configurationMessage(error)).toBe(
      '--base-url must be https (set --allow-insecure-base-url for a local simulator)',
    );
  });

  it('lets other errors through', () => {
    expect(() => configurationMessage(new TypeError('bug'))).toThrow(TypeError);
  });
});
