import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/errors.js';
import { createKustomerSimulator, type SimulatorOptions } from '../../../src/simulator/index.js';

/** Options as plain JavaScript passes them: no type checks. */
function create(options: Record<string, unknown>) {
  return () => createKustomerSimulator(options as SimulatorOptions);
}

describe('simulator options', () => {
  it.each([
    ['apikey', 'apiKey'],
    ['rateLimitPerMinut', 'rateLimitPerMinute'],
    ['stric', 'strict'],
    ['fault', 'faults'],
  ])('refuses the unknown option %s, naming %s', (key, known) => {
    const attempt = create({ [key]: 1 });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(`Unknown simulator option "${key}" (did you mean ${known}?)`);
  });

  it('points the former now option at clock', () => {
    expect(create({ now: () => 0 })).toThrow(/"now" \(did you mean clock/);
  });

  it('names no option when none is close', () => {
    expect(create({ colour: 'blue' })).toThrow(/^Unknown simulator option "colour"$/);
  });

  it.each([
    [{ rateLimitPerMinute: 0 }, 'rateLimitPerMinute'],
    [{ maxRecordedRequests: 1.5 }, 'maxRecordedRequests'],
    [{ apiKey: ' ' }, 'apiKey'],
    [{ roles: 'org.tracking' }, 'roles'],
  ])('refuses a bad value: %o', (options, option) => {
    expect(create(options)).toThrow(expect.objectContaining({ option }));
  });
});
