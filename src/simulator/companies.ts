/**
 * Companies and their externalId index: create, list by external id or name, get and update,
 * answered with the status and body Kustomer sends (docs/kustomer-api.md §8a; the readings the
 * simulator makes where Kustomer's document is silent are in docs/simulator.md#companies).
 */
import type { components } from '../../generated/kustomer.js';
import { errorBody } from './errors.js';
import { ORG_ID, USER_ID } from './ids.js';
import { related } from './resources.js';
import type { SimulatedCompany } from './types.js';

type Schemas = components['schemas'];
type CompanyBody = Schemas['CompanyCreateBody'] | Schemas['CompanyUpdateBody'];

export interface CompanyResult {
  status: number;
  body: Schemas['CompanyEnvelope'] | Schemas['CompanyList'] | Schemas['ErrorBody'];
}

export interface Companies {
  create(body: Schemas['CompanyCreateBody']): CompanyResult;
  /** `GET /v1/companies`: by `externalId`, or by `filter` (a name); with both or neither, all. */
  list(query: URLSearchParams): CompanyResult;
  get(id: string): CompanyResult;
  update(id: string, body: Schemas['CompanyUpdateBody']): CompanyResult;
  has(id: string): boolean;
  /** The live records, in creation order; callers must copy before handing them out. */
  all(): readonly SimulatedCompany[];
  reset(): void;
}

/** Kustomer's page size for lists (its document's example: `pageSize: 100`). */
const PAGE_SIZE = 100;

const notFound = (): CompanyResult => ({ status: 404, body: errorBody(404, 'Company not found') });

export function createCompanies(mintId: () => string, iso: () => string): Companies {
  let byId = new Map<string, SimulatedCompany>();
  let byExternalId = new Map<string, string>();

  /** Another company already holding the externalId this body sets: 409, as for customers. */
  const conflict = (body: CompanyBody, self?: string): CompanyResult | undefined => {
    if (typeof body.externalId !== 'string') return undefined;
    const holder = byExternalId.get(body.externalId);
    if (holder === undefined || holder === self) return undefined;
    const message = 'externalId: another company already has this externalId';
    const meta = { companyId: holder };
    return { status: 409, body: errorBody(409, message, { pointer: '/externalId', meta }) };
  };

  const store = (company: SimulatedCompany, fields: Record<string, unknown>, at: string) => {
    const previous = company.attributes.externalId;
    if (typeof previous === 'string') byExternalId.delete(previous);
    const { createdAt: _c, updatedAt: _u, modifiedAt: _m, rev: _r, ...own } = fields;
    company.attributes = {
      tags: [],
      ...own,
      createdAt: company.createdAt,
      updatedAt: at,
      modifiedAt: at,
      rev: company.updates + 1,
    };
    company.updatedAt = at;
    const externalId = company.attributes.externalId;
    if (typeof externalId === 'string') byExternalId.set(externalId, company.id);
  };

  return {
    create(body) {
      const clash = conflict(body);
      if (clash) return clash;
      const at = iso();
      const createdAt = body.createdAt ?? at;
      const company: SimulatedCompany = {
        id: mintId(),
        attributes: { tags: [] },
        createdAt,
        updatedAt: at,
        updates: 0,
      };
      byId.set(company.id, company);
      store(company, body, at);
      return { status: 201, body: companyEnvelope(company) };
    },
    list(query) {
      const externalId = query.get('externalId');
      const filter = query.get('filter');
      let found = [...byId.values()];
      // Kustomer: "If you use both the externalId and filter query params, the request ignores both".
      if (externalId !== null && filter === null) {
        const id = byExternalId.get(externalId);
        found = id === undefined ? [] : found.filter((c) => c.id === id);
      } else if (filter !== null && externalId === null) {
        const needle = filter.toLowerCase();
        found = found.filter((c) =>
          String(c.attributes.name ?? '')
            .toLowerCase()
            .includes(needle),
        );
      }
      const data = found.slice(0, PAGE_SIZE).map((c) => companyEnvelope(c).data);
      return {
        status: 200,
        body: { meta: { pageSize: PAGE_SIZE, page: 1 }, data, links: { self: '/v1/companies' } },
      };
    },
    get(id) {
      const company = byId.get(id);
      return company ? { status: 200, body: companyEnvelope(company) } : notFound();
    },
    update(id, body) {
      const company = byId.get(id);
      if (!company) return notFound();
      const clash = conflict(body, id);
      if (clash) return clash;
      const { custom, rev, ...rest } = body;
      if (rev !== undefined && rev !== company.attributes.rev) {
        const message = `rev: the company is at revision ${String(company.attributes.rev)}`;
        return { status: 409, body: errorBody(409, message, { pointer: '/rev' }) };
      }
      const merged: Record<string, unknown> = { ...company.attributes, ...rest };
      if (custom !== undefined) merged.custom = { ...(company.attributes.custom ?? {}), ...custom };
      company.updates += 1;
      store(company, merged, iso());
      return { status: 200, body: companyEnvelope(company) };
    },
    has: (id) => byId.has(id),
    all: () => [...byId.values()],
    reset() {
      byId = new Map();
      byExternalId = new Map();
    },
  };
}

function companyEnvelope(company: SimulatedCompany): Schemas['CompanyEnvelope'] {
  const { id } = company;
  return {
    data: {
      type: 'company',
      id,
      attributes: structuredClone(company.attributes),
      relationships: {
        org: related('org', ORG_ID),
        createdBy: related('user', USER_ID),
        modifiedBy: related('user', USER_ID),
      },
      links: { self: `/v1/companies/${id}` },
    },
  };
}
