/**
 * Group → company, for any group event (docs/mapping.md#group--company): the company's externalId
 * always comes from groupId; the update and create bodies always validate against the spec; and a
 * trait value the spec accepts reaches the company unchanged (nothing that could be kept is lost).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapGroup } from '../../src/adapter/index.js';
import { loadKustomerSpec } from '../../src/simulator/openapi.js';
import { key, RUNS, SEED } from './arbitraries.js';

const spec = loadKustomerSpec();
const params = { seed: SEED, numRuns: RUNS };

const anyValue = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 30 }), { maxLength: 12 }),
  fc.object({ maxDepth: 1 }),
);
const id = fc.oneof(
  fc.string({ minLength: 1, maxLength: 256 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const domainName = fc.domain();
const traits = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 300 }), anyValue),
    website: fc.oneof(fc.webUrl(), domainName, anyValue),
    domain: fc.oneof(domainName, anyValue),
    domains: fc.oneof(fc.array(fc.oneof(domainName, anyValue), { maxLength: 14 }), anyValue),
    employees: fc.oneof(fc.nat(), fc.string({ maxLength: 6 }), anyValue),
    email: fc.oneof(fc.emailAddress(), anyValue),
    phone: anyValue,
    logo: fc.oneof(fc.webUrl(), anyValue),
    address: anyValue,
    tags: anyValue,
    createdAt: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      anyValue,
    ),
    customObject: fc.oneof(fc.dictionary(key, anyValue, { maxKeys: 5 }), anyValue),
    industry: anyValue,
  },
  { requiredKeys: [], noNullPrototype: true },
);
const groupEvent = fc.record({
  type: fc.constant('group'),
  userId: id,
  groupId: id,
  traits,
  context: fc.record({ traits }, { requiredKeys: [] }),
});
const options = { companyCustomAttributes: { industry: 'industryStr' } };

describe('mapGroup properties', () => {
  it("takes the company's externalId from groupId, and from nowhere else", () => {
    fc.assert(
      fc.property(groupEvent, (event) => {
        const plan = mapGroup(event, options);
        expect(plan.body.externalId).toBe(String(event.groupId));
        expect(plan.create.externalId).toBe(String(event.groupId));
      }),
      params,
    );
  });

  it('builds update and create bodies that Kustomer accepts, whatever the traits', () => {
    fc.assert(
      fc.property(groupEvent, (event) => {
        const plan = mapGroup(event, options);
        expect(spec.validate('CompanyUpdateBody', plan.body)).toEqual([]);
        expect(spec.validate('CompanyCreateBody', plan.create)).toEqual([]);
      }),
      params,
    );
  });

  it('keeps every trait value the spec accepts as it is', () => {
    const valid = fc.record({
      name: fc.string({ minLength: 3, maxLength: 255 }).filter((s) => s.trim() !== ''),
      employees: fc.nat(),
      logo: fc.webUrl(),
      domain: domainName.filter((d) => !d.startsWith('www.')),
      industry: fc.string({ minLength: 1, maxLength: 1024 }),
    });
    fc.assert(
      fc.property(valid, (t) => {
        const plan = mapGroup({ type: 'group', userId: 'u', groupId: 'g', traits: t }, options);
        expect(plan.warnings).toEqual([]);
        expect(plan.body).toMatchObject({
          name: t.name,
          employeeCount: t.employees,
          avatarUrl: t.logo,
          domains: [{ domain: t.domain.toLowerCase() }],
          custom: { industryStr: t.industry },
        });
      }),
      params,
    );
  });

  it('warns about every trait value it drops', () => {
    fc.assert(
      fc.property(groupEvent, (event) => {
        const plan = mapGroup(event, options);
        const t: Record<string, unknown> = event.traits;
        for (const [trait, field] of [
          ['employees', 'employeeCount'],
          ['logo', 'avatarUrl'],
        ] as const) {
          const value = t[trait];
          const present =
            value !== undefined && value !== null && value !== '' && !Number.isNaN(value);
          if (trait === 'logo' && present && 'avatar' in t) continue;
          if (present && !(field in plan.body)) {
            expect(plan.warnings.some((w) => w.startsWith(`traits.${trait}`))).toBe(true);
          }
        }
      }),
      params,
    );
  });
});
