import { describe, expect, it } from 'vitest';
import { mapGroup } from '../../../src/adapter/index.js';
import { InvalidEventError } from '../../../src/errors.js';

const group = (traits: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  mapGroup({ type: 'group', userId: 'u1', groupId: 'acme-1', traits, ...extra });

describe('mapGroup: a group event becomes a company', () => {
  it("maps RudderStack's group traits onto the company's fields", () => {
    const plan = mapGroup(
      {
        type: 'group',
        userId: 'u1',
        groupId: 'acme-1',
        traits: {
          name: 'Acme Inc',
          website: 'https://www.acme.com/about',
          domain: 'acme.io',
          employees: '120',
          industry: 'Tools',
          plan: 'enterprise',
          email: 'hello@acme.com',
          phone: '+1 415 555 0100',
          address: { street: '1 Main St', city: 'Miami', country: 'US' },
          logo: 'https://acme.com/logo.png',
          tags: ['b2b'],
          createdAt: '2024-01-02',
        },
      },
      { companyCustomAttributes: { industry: 'industryStr' } },
    );
    expect(plan).toEqual({
      type: 'group',
      userKey: 'u1',
      groupId: 'acme-1',
      warnings: [],
      notSent: ['traits.plan'],
      body: {
        externalId: 'acme-1',
        name: 'Acme Inc',
        avatarUrl: 'https://acme.com/logo.png',
        emails: [{ type: 'work', email: 'hello@acme.com' }],
        phones: [{ type: 'work', phone: '+1 415 555 0100' }],
        urls: [{ url: 'https://www.acme.com/about' }],
        locations: [{ type: 'work', address: '1 Main St Miami US' }],
        employeeCount: 120,
        tags: ['b2b'],
        domains: [{ domain: 'acme.io' }, { domain: 'acme.com' }],
        custom: { industryStr: 'Tools' },
      },
      lookups: [{ by: 'externalId', value: 'u1' }],
      create: expect.objectContaining({
        name: 'Acme Inc',
        externalId: 'acme-1',
        createdAt: '2024-01-02T00:00:00.000Z',
      }),
    });
    expect(plan.body).not.toHaveProperty('createdAt');
  });

  it("finds the user's customer with the identify lookups, the email from context.traits only", () => {
    const plan = group(
      { email: 'hello@acme.com' },
      { anonymousId: 'a1', context: { traits: { email: 'ada@example.com' } } },
    );
    expect(plan.lookups).toEqual([
      { by: 'email', value: 'ada@example.com' },
      { by: 'externalId', value: 'u1' },
      { by: 'externalId', value: 'a1' },
    ]);
  });

  it('takes the external id from groupId only, a number as its string', () => {
    const plan = mapGroup({ type: 'group', anonymousId: 'a1', groupId: 42, traits: { id: 'x' } });
    expect(plan.body.externalId).toBe('42');
    expect(plan.create.externalId).toBe('42');
    expect(plan.userKey).toBe('a1');
  });

  it('never reads the company from context.traits, which describe the user', () => {
    const plan = group({}, { context: { traits: { name: 'Ada', email: 'ada@example.com' } } });
    expect(plan.body).toEqual({ externalId: 'acme-1' });
    expect(plan.create.name).toBe('acme-1');
  });

  it('gives a name shorter than 3 characters the group id after it (docs/deviations.md D17)', () => {
    expect(group({ name: 'HP' }).body.name).toBe('HP (acme-1)');
    expect(group({ name: '3M' }).create.name).toBe('3M (acme-1)');
    expect(group({ name: 'HP' }).warnings).toEqual([]);
  });

  it('creates a company without a name under its group id, and never renames one on update', () => {
    const plan = group({ employees: 3 });
    expect(plan.body).not.toHaveProperty('name');
    expect(plan.create.name).toBe('acme-1');
    const short = mapGroup({ type: 'group', userId: 'u', groupId: 7, traits: {} });
    expect(short.create.name).toBe('Group 7');
  });

  it('cuts a name longer than 255 characters with a warning', () => {
    const plan = group({ name: 'n'.repeat(300) });
    expect(plan.body.name).toHaveLength(255);
    expect(plan.warnings).toEqual([expect.stringContaining('traits.name')]);
  });

  it('keeps the hosts of websites and domains, unique, without www., at most 10', () => {
    const domains = Array.from({ length: 12 }, (_, i) => `d${i}.example.com`);
    const plan = group({ domains: [...domains, 'D0.example.com'], website: 'not a site' });
    expect(plan.body.domains).toHaveLength(10);
    expect(plan.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('traits.website "not a site" is not a web address'),
        expect.stringContaining("beyond Kustomer's 10 domains"),
      ]),
    );
  });

  it('keeps a whole, non-negative employee count only', () => {
    expect(group({ employees: 12 }).body.employeeCount).toBe(12);
    expect(group({ employees: '12' }).body.employeeCount).toBe(12);
    for (const employees of [-1, 1.5, '10-50']) {
      const plan = group({ employees });
      expect(plan.body).not.toHaveProperty('employeeCount');
      expect(plan.warnings).toHaveLength(1);
    }
  });

  it('refuses a group without a groupId, or without a user', () => {
    expect(() => mapGroup({ type: 'group', userId: 'u1', traits: {} })).toThrow(InvalidEventError);
    expect(() => mapGroup({ type: 'group', groupId: 'g', traits: {} })).toThrow(
      /neither userId nor anonymousId/,
    );
    expect(() => mapGroup({ type: 'identify', userId: 'u1', groupId: 'g' })).toThrow(/group/);
  });

  it('never mutates its input', () => {
    const event = {
      type: 'group',
      userId: 'u1',
      groupId: 'g-1',
      traits: { name: 'Acme', tags: 'x' },
    };
    const copy = structuredClone(event);
    mapGroup(event, { companyCustomAttributes: { tags: 'tagsStr' } });
    expect(event).toEqual(copy);
  });
});
