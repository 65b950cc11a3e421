import { describe, expect, it } from 'vitest';
import { checkMapperOptions, mapIdentify } from '../../../src/adapter/index.js';
import type { MapperOptions } from '../../../src/adapter/types.js';
import { ConfigurationError } from '../../../src/errors.js';
import { loadKustomerSpec } from '../../../src/simulator/openapi.js';

const spec = loadKustomerSpec();
const customAttributes = {
  plan: 'planStr',
  logins: 'loginsNum',
  isAdmin: 'isAdminBool',
  trialEndsAt: 'trialEndsAt',
};

function identify(event: Record<string, unknown>, options: MapperOptions = { customAttributes }) {
  const plan = mapIdentify({ type: 'identify', userId: 'u1', ...event }, options);
  expect(spec.validate('CustomerBody', plan.body)).toEqual([]);
  return plan;
}

describe('the customAttributes option', () => {
  it('sends mapped traits as custom attributes, converted by their suffix', () => {
    const plan = identify({
      traits: { plan: 'gold', logins: '12', isAdmin: 'true', trialEndsAt: '2025-01-31' },
    });
    expect(plan.body.custom).toEqual({
      planStr: 'gold',
      loginsNum: 12,
      isAdminBool: true,
      trialEndsAt: '2025-01-31T00:00:00.000Z',
    });
    expect(plan.notSent).toEqual([]);
  });

  it('reads traits first, then context.traits', () => {
    const plan = identify({
      traits: { plan: 'gold' },
      context: { traits: { plan: 'free', logins: 3 } },
    });
    expect(plan.body.custom).toEqual({ planStr: 'gold', loginsNum: 3 });
  });

  it('drops a value its suffix cannot take, with a warning', () => {
    const plan = identify({ traits: { logins: 'many', isAdmin: 'yes', trialEndsAt: 'soon' } });
    expect(plan.body.custom).toBeUndefined();
    expect(plan.warnings).toEqual([
      `traits.logins "many" is not a number in Kustomer's range: dropped`,
      'traits.isAdmin "yes" is not a boolean: dropped',
      'traits.trialEndsAt "soon" is not a date-time, a YYYY-MM-DD date or an epoch time: dropped',
    ]);
  });

  it('adds to customObject, replacing a key of the same name', () => {
    const plan = identify({
      traits: { plan: 'gold', customObject: { planStr: 'old', seatsNum: 2 } },
    });
    expect(plan.body.custom).toEqual({ planStr: 'gold', seatsNum: 2 });
  });

  it('lists traits that no field and no mapping sends', () => {
    expect(identify({ traits: { plan: 'gold', color: 'red' } }).notSent).toEqual(['traits.color']);
    expect(identify({ traits: { plan: 'gold' } }, {}).notSent).toEqual(['traits.plan']);
    const both = { traits: { plan: 'gold' }, context: { traits: { plan: 'gold', seats: 3 } } };
    expect(identify(both, {}).notSent).toEqual(['traits.plan', 'context.traits.seats']);
  });
});

describe('checkMapperOptions', () => {
  it('takes the five booleans, as booleans or "true"/"false", and leaves unset ones out', () => {
    expect(
      checkMapperOptions({
        genericPage: true,
        genericScreen: 'false',
        advancedTransform: '',
        other: 1,
      }),
    ).toEqual({ genericPage: true, genericScreen: false });
  });

  it('takes customAttributes as an object or as its JSON text', () => {
    expect(checkMapperOptions({ customAttributes })).toEqual({ customAttributes });
    expect(checkMapperOptions({ customAttributes: JSON.stringify(customAttributes) })).toEqual({
      customAttributes,
    });
  });

  it('throws a ConfigurationError naming the option, with the prefix', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ genericPage: 'yes' }, 'Config.genericPage'],
      [{ customAttributes: '{plan' }, 'Config.customAttributes'],
      [{ customAttributes: ['plan'] }, 'Config.customAttributes'],
      [{ customAttributes: { plan: 'plan' } }, 'Config.customAttributes.plan'],
      [{ customAttributes: { plan: 7 } }, 'Config.customAttributes.plan'],
    ];
    for (const [raw, option] of cases) {
      expect(() => checkMapperOptions(raw, 'Config.')).toThrow(ConfigurationError);
      try {
        checkMapperOptions(raw, 'Config.');
      } catch (error) {
        expect((error as ConfigurationError).option).toBe(option);
      }
    }
  });
});
