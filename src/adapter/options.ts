/**
 * The mapper options, checked once where a destination or RudderStack config is read: a bad value
 * is a `ConfigurationError` naming the option (docs/deviations.md D9).
 */
import { ConfigurationError } from '../errors.js';
import { CUSTOM_NAME, customRule } from './custom.js';
import { isRecord } from './read.js';
import type { MapperOptions } from './types.js';

/** The mapper's on/off options. */
export const MAPPER_FLAGS = [
  'genericPage',
  'genericScreen',
  'advancedTransform',
  'setIdentityEmail',
  'disableEmailAsTrackingProperty',
] as const;

/** Every mapper option: the names a destination config and a RudderStack Config may carry. */
export const MAPPER_OPTIONS = [
  ...MAPPER_FLAGS,
  'customAttributes',
  'companyCustomAttributes',
] as const satisfies readonly (keyof MapperOptions)[];

/** Unset, as config forms leave an option they do not fill. */
const isUnset = (value: unknown) => value === undefined || value === null || value === '';

/** A checkbox: a boolean, or "true"/"false" as RudderStack's templated config sends it. */
function flag(value: unknown, option: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ConfigurationError(`${option} must be true or false`, { option });
}

function parsed(value: unknown, option: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new ConfigurationError(`${option} is a string but not JSON`, { option });
  }
}

/** `{ trait: 'attributeName<Suffix>' }`, or its JSON text. */
function customAttributes(value: unknown, option: string): Record<string, string> {
  const mapping = parsed(value, option);
  if (!isRecord(mapping)) {
    throw new ConfigurationError(`${option} must map trait names to custom attribute names`, {
      option,
    });
  }
  const out: Record<string, string> = {};
  for (const [trait, name] of Object.entries(mapping)) {
    if (trait === '' || typeof name !== 'string' || customRule(name) === undefined) {
      throw new ConfigurationError(
        `${option}.${trait} must be a Kustomer custom attribute name: ${CUSTOM_NAME}`,
        { option: `${option}.${trait}` },
      );
    }
    out[trait] = name;
  }
  return out;
}

/** Checks every mapper option in `raw`; the error names `optionPrefix` + the option's name. */
export function checkMapperOptions(raw: Record<string, unknown>, optionPrefix = ''): MapperOptions {
  const options: MapperOptions = {};
  for (const name of MAPPER_FLAGS) {
    const value = raw[name];
    if (!isUnset(value)) options[name] = flag(value, `${optionPrefix}${name}`);
  }
  for (const name of ['customAttributes', 'companyCustomAttributes'] as const) {
    const mapping = raw[name];
    if (!isUnset(mapping)) options[name] = customAttributes(mapping, `${optionPrefix}${name}`);
  }
  return options;
}
