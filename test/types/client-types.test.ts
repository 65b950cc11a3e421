import createClient from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { components, paths } from '../../generated/kustomer.js';
import { createKustomerClient } from '../../src/client/index.js';
import type { KustomerClient } from '../../src/client/types.js';

type CustomerResource = components['schemas']['CustomerResource'];
type TrackingIdentityResource = components['schemas']['TrackingIdentityResource'];

// Built, never called: these tests are about what compiles.
const client: KustomerClient = createKustomerClient({ apiKey: 'type-test-key' });
const api = createClient<paths>({ baseUrl: 'https://api.kustomerapp.com' });

describe('operation results', () => {
  it('types create and update as the spec customer resource', () => {
    expectTypeOf(client.customers.create).returns.resolves.toEqualTypeOf<CustomerResource>();
    expectTypeOf(client.customers.update).returns.resolves.toEqualTypeOf<CustomerResource>();
  });

  it('types every lookup as a customer or null', () => {
    expectTypeOf(client.customers.get).returns.resolves.toEqualTypeOf<CustomerResource | null>();
    expectTypeOf(
      client.customers.getByEmail,
    ).returns.resolves.toEqualTypeOf<CustomerResource | null>();
    expectTypeOf(
      client.customers.getByExternalId,
    ).returns.resolves.toEqualTypeOf<CustomerResource | null>();
  });

  it('types identityEvent as the spec tracking identity', () => {
    expectTypeOf(
      client.tracking.identityEvent,
    ).returns.resolves.toEqualTypeOf<TrackingIdentityResource>();
  });

  it('exposes the base URL as a string', () => {
    expectTypeOf(client.baseUrl).toEqualTypeOf<string>();
  });
});

describe('what does not compile', () => {
  it('rejects a path the spec does not have', () => {
    // @ts-expect-error: /v1/customer/nope is not a GET path in the spec
    const wrongPath = () => api.GET('/v1/customer/nope', {});
    expectTypeOf(wrongPath).toBeFunction();
  });

  it('rejects a misspelt body field', () => {
    // @ts-expect-error: CustomerBody has no `nmae`
    const wrongField = () => client.customers.create({ nmae: 'x' });
    expectTypeOf(wrongField).toBeFunction();
  });

  it('rejects an email type outside the enum', () => {
    const wrongEnum = () =>
      client.customers.create({
        emails: [
          // @ts-expect-error: email types are home, work and other; mobile is a phone type
          { email: 'a@b.co', type: 'mobile' },
        ],
      });
    expectTypeOf(wrongEnum).toBeFunction();
  });

  it('rejects a path parameter the operation does not take', () => {
    const wrongParam = () =>
      // @ts-expect-error: the customer path parameter is `id`, not `customerId`
      api.GET('/v1/customers/{id}', { params: { path: { customerId: 'c-1' } } });
    expectTypeOf(wrongParam).toBeFunction();
  });

  it('rejects a replace flag that is not a boolean', () => {
    // @ts-expect-error: replace is a boolean
    const wrongQuery = () => client.customers.update('c-1', {}, { replace: 'yes' });
    expectTypeOf(wrongQuery).toBeFunction();
  });

  it('rejects a tracking event without a name', () => {
    // @ts-expect-error: event.name is required
    const noName = () => client.tracking.identityEvent({ identity: {}, event: { meta: {} } });
    expectTypeOf(noName).toBeFunction();
  });

  it('rejects an unknown region', () => {
    // @ts-expect-error: regions are us, eu and in
    const wrongRegion = () => createKustomerClient({ apiKey: 'k', region: 'uk' });
    expectTypeOf(wrongRegion).toBeFunction();
  });
});
