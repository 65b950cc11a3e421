/**
 * Companies in delivery (docs/deviations.md D18, D19): the company a group or an identify names,
 * found by external id (an identify's bare name: by exact name), created when absent, updated by a
 * group; and the company each user's customer is linked to, so that every customer write carries
 * it (Kustomer: "If you omit the company, the customer will no longer be linked",
 * docs/kustomer-api.md §8a). Company ids are remembered (bounded), and a company being created is
 * created once, however many events for it are in flight.
 */
import type { CompanyReference, MappedGroup } from '../adapter/types.js';
import { describeCall } from '../client/calls.js';
import type { CallOptions, KustomerClient } from '../client/types.js';
import { KustomerApiError, KustomerError } from '../errors.js';
import type { CompanyCreateBody, CompanyResource } from '../payloads.js';
import { CustomerCache } from './customer-cache.js';

/** What became of the company an event named: `found` for an identify's existing company. */
type CompanyAction = 'created' | 'updated' | 'found';

export interface CompanyOutcome {
  id: string;
  action: CompanyAction;
}

export class CompanyDirectory {
  /** externalId (or `name:<name>`) → company id. */
  readonly #ids: CustomerCache;
  readonly #creating = new Map<string, Promise<CompanyOutcome>>();
  /** userKey → the company id its customer is linked to; `null`: linked to none. */
  readonly #links: CustomerCache<string | null>;

  constructor(capacity: number) {
    this.#ids = new CustomerCache(capacity);
    this.#links = new CustomerCache(capacity);
  }

  /** The company the user's customer is known to be linked to: an id, `null` for none, undefined when unknown. */
  linkOf(userKey: string): string | null | undefined {
    return this.#links.get(userKey);
  }

  setLink(userKey: string, companyId: string | null): void {
    this.#links.set(userKey, companyId);
  }

  forgetLink(userKey: string): void {
    this.#links.delete(userKey);
  }

  /** A group: its company found by external id and updated, or created (once) when absent. */
  async upsert(
    client: KustomerClient,
    plan: MappedGroup,
    options: CallOptions,
  ): Promise<CompanyOutcome> {
    const known = this.#ids.get(plan.groupId);
    if (known !== undefined) {
      if (await updateIfExists(client, known, plan, options))
        return { id: known, action: 'updated' };
      this.#ids.delete(plan.groupId);
    }
    const found = await this.findOrCreate(client, plan.groupId, plan.create, options);
    if (found.action !== 'created' && !(await updateIfExists(client, found.id, plan, options))) {
      // Deleted in Kustomer between our lookup and our update: a retry finds it gone and creates it.
      throw new KustomerError('The company was deleted while it was being updated', {
        retryable: true,
      });
    }
    return found.action === 'created' ? found : { id: found.id, action: 'updated' };
  }

  /**
   * The company an identify names: by external id (created under its name when absent), else by
   * exact name (never created: a name alone is no identity); undefined when no company has the name.
   */
  async resolve(
    client: KustomerClient,
    reference: CompanyReference,
    options: CallOptions,
  ): Promise<CompanyOutcome | undefined> {
    if (reference.by === 'name') {
      const key = `name:${reference.value}`;
      const known = this.#ids.get(key);
      if (known !== undefined) return { id: known, action: 'found' };
      const list = await companies(client, { filter: reference.value }, options);
      const id = list.find((c) => c.attributes.name === reference.value)?.id;
      if (id === undefined) return undefined;
      this.#ids.set(key, id);
      return { id, action: 'found' };
    }
    const known = this.#ids.get(reference.value);
    if (known !== undefined) return { id: known, action: 'found' };
    const create = { externalId: reference.value, name: reference.name };
    return this.findOrCreate(client, reference.value, create, options);
  }

  /**
   * One lookup, then one create, per external id at a time: an event arriving while the company
   * is being created waits for that create (`found`); a 409 adopts the company another writer made.
   */
  findOrCreate(
    client: KustomerClient,
    externalId: string,
    create: CompanyCreateBody,
    options: CallOptions,
  ): Promise<CompanyOutcome> {
    const pending = this.#creating.get(externalId);
    if (pending !== undefined) return pending.then(({ id }) => ({ id, action: 'found' }));
    const work = (async (): Promise<CompanyOutcome> => {
      const existing = (await companies(client, { externalId }, options))[0];
      if (existing !== undefined) return { id: existing.id, action: 'found' };
      try {
        const call = describeCall(client.baseUrl, 'createCompany', {}, create);
        return { id: (await client.execute(call, options)).id, action: 'created' };
      } catch (error) {
        if (!(error instanceof KustomerApiError) || error.status !== 409) throw error;
        const winner = (await companies(client, { externalId }, options))[0];
        if (winner === undefined) throw error;
        return { id: winner.id, action: 'found' };
      }
    })();
    this.#creating.set(externalId, work);
    return work.then(
      (found) => {
        this.#creating.delete(externalId);
        this.#ids.set(externalId, found.id);
        return found;
      },
      (error: unknown) => {
        this.#creating.delete(externalId);
        throw error;
      },
    );
  }
}

/** `GET /v1/companies` with one of `externalId` or `filter` (Kustomer ignores both together). */
async function companies(
  client: KustomerClient,
  query: { externalId: string } | { filter: string },
  options: CallOptions,
): Promise<CompanyResource[]> {
  const call = describeCall(client.baseUrl, 'getCompanies', { query }, undefined);
  return (await client.execute(call, options)) ?? [];
}

/** A group's update of its company; false when Kustomer no longer has it (404). */
async function updateIfExists(
  client: KustomerClient,
  id: string,
  plan: MappedGroup,
  options: CallOptions,
): Promise<boolean> {
  try {
    const call = describeCall(client.baseUrl, 'updateCompany', { path: { id } }, plan.body);
    await client.execute(call, options);
    return true;
  } catch (error) {
    if (error instanceof KustomerApiError && error.status === 404) return false;
    throw error;
  }
}
