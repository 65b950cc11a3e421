import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapEvent, validateEvent } from '../../../src/adapter/index.js';
import type { MapperOptions } from '../../../src/adapter/types.js';
import { InvalidEventError } from '../../../src/errors.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const conformanceDir =
  process.env.KUSTOMER_CONFORMANCE_DIR ??
  path.resolve(repoRoot, '../shared/conformance/rudder-transformer-kustomer');
const processorFile = path.join(conformanceDir, 'processor.json');

interface ProcessorCase {
  name: string;
  input: { message: unknown; destination: { Config: Record<string, unknown> } };
  expected: { request: { body: { JSON: unknown } } };
}

/** Cases whose expected body differs on purpose, with the rule that says why (docs/deviations.md). */
const DEVIATIONS: Record<string, { rule: string; body: unknown }> = {
  'processor/Test 6': {
    rule: 'D3: the boolean meta value "reg_8-821x": false is dropped without advancedTransform',
    body: {
      identity: { externalId: 'user@doe' },
      event: {
        name: 'Tracking-Weekender2',
        sessionId: '63nsa22',
        trackingId: 'sahetwiac',
        meta: { YearServicedNum: 211 },
      },
    },
  },
};

function optionsOf(config: Record<string, unknown>): MapperOptions {
  const options: MapperOptions = {};
  for (const key of [
    'genericPage',
    'genericScreen',
    'advancedTransform',
    'setIdentityEmail',
    'disableEmailAsTrackingProperty',
  ] as const) {
    if (typeof config[key] === 'boolean') options[key] = config[key];
  }
  return options;
}

describe('mapEvent', () => {
  it('dispatches on the type, in any letter case', () => {
    expect(mapEvent({ type: 'Identify', userId: 'u1' }).type).toBe('identify');
    expect(mapEvent({ type: 'TRACK', userId: 'u1', event: 'Clicked' }).type).toBe('track');
    expect(mapEvent({ type: 'page', userId: 'u1' }).type).toBe('page');
    expect(mapEvent({ type: 'screen', anonymousId: 'a1' }).type).toBe('screen');
    expect(mapEvent({ type: 'Group', userId: 'u1', groupId: 'g1' }).type).toBe('group');
  });

  it('throws InvalidEventError for invalid input, before any mapping', () => {
    expect(() => mapEvent({ type: 'group', userId: 'u1' })).toThrow(InvalidEventError);
    expect(() => mapEvent('not an event')).toThrow(InvalidEventError);
  });

  it('exports validateEvent', () => {
    expect(validateEvent({ type: 'page', userId: 'u1' }).userKey).toBe('u1');
  });
});

describe.skipIf(!existsSync(processorFile))('mapEvent against RudderStack processor cases', () => {
  const cases: ProcessorCase[] = existsSync(processorFile)
    ? JSON.parse(readFileSync(processorFile, 'utf8'))
    : [];

  it.each(cases.map((c) => [c.name, c] as const))('%s: same body as RudderStack', (_name, c) => {
    const plan = mapEvent(c.input.message, optionsOf(c.input.destination.Config));
    const deviation = DEVIATIONS[c.name];
    const expected = structuredClone(deviation?.body ?? c.expected.request.body.JSON);
    // docs/deviations.md D18: a company name is never sent as the customer's company (an id).
    if (plan.type === 'identify' && plan.company?.by === 'name') {
      delete (expected as { company?: unknown }).company;
    }
    expect(plan.body).toEqual(expected);
  });
});

if (!existsSync(processorFile)) {
  console.warn(`[mapEvent conformance self-check] skipped: ${processorFile} not found`);
}
