import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readUser } from '../../src/cli/commands/delete.js';
import { createKustomerClient } from '../../src/client/index.js';
import { createKustomerDestination } from '../../src/destination.js';
import { processDeleteUsers } from '../../src/rudder/delete-users.js';
import { createKustomerSimulator } from '../../src/simulator/index.js';
import { identify } from '../support/events.js';

const API_KEY = 'deletion-reliability-key';
const SHARED = 'family@example.com';
const PHONE = '+18005551212';
const simulator = createKustomerSimulator({ apiKey: API_KEY, strict: true });
let url = '';

beforeAll(async () => {
  url = (await simulator.listen(0)).url;
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

const destination = () =>
  createKustomerDestination({ apiKey: API_KEY, baseUrl: url, allowInsecureBaseUrl: true });
const externalIds = () =>
  simulator.customers.map((c) => c.attributes.externalId ?? '(none)').sort();

const client = () =>
  createKustomerClient({ apiKey: API_KEY, baseUrl: url, allowInsecureBaseUrl: true });

/** Customers sharing one email, created in this order (Kustomer's email lookup finds the first). */
const sharing = (...people: (string | undefined)[]) =>
  sharingContact({ emails: [{ email: SHARED }] }, people);
/** Customers sharing one phone (a switchboard), created in this order. */
const sharingPhone = (...people: (string | undefined)[]) =>
  sharingContact({ phones: [{ phone: PHONE }] }, people);

async function sharingContact(
  contact: { emails: { email: string }[] } | { phones: { phone: string }[] },
  people: (string | undefined)[],
): Promise<void> {
  for (const person of people) {
    await client().customers.create({
      name: person ?? 'no externalId',
      ...contact,
      ...(person === undefined ? {} : { externalId: person }),
    });
  }
}

/** bob, alice and carol with one shared email, bob first. */
async function family(): Promise<void> {
  await sharing('bob', 'alice', 'carol');
  expect(externalIds()).toEqual(['alice', 'bob', 'carol']);
}

describe('a deletion removes only the person asked for', () => {
  it('deletes alice, not bob who shares her email and is found first by it', async () => {
    await family();
    const result = await destination().deleteUser({ userId: 'alice', email: SHARED });
    expect(result).toMatchObject({ ok: true, deleted: 1, kept: 1 });
    expect(externalIds()).toEqual(['bob', 'carol']);
    const again = await destination().deleteUser({ userId: 'alice', email: SHARED });
    expect(again).toMatchObject({ ok: true, deleted: 0 });
    expect(externalIds()).toEqual(['bob', 'carol']);
  });

  it('an email-only deletion run three times deletes no one holding an externalId', async () => {
    await family();
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await destination().deleteUser({ email: SHARED }));
    expect(runs.map((r) => r.ok && r.deleted)).toEqual([0, 0, 0]);
    expect(externalIds()).toEqual(['alice', 'bob', 'carol']);
    console.log(
      `reliability/deletion shared email of 3 people: email-only deletion ×3 deleted ${runs
        .map((r) => (r.ok ? r.deleted : 'failed'))
        .join('+')}, kept ${externalIds().length} of 3`,
    );
  });

  it('an email-only deletion deletes every customer of the email with no externalId, then nothing', async () => {
    await sharing(undefined, undefined, 'bob', undefined);
    const first = await destination().deleteUser({ email: SHARED });
    // The third stays out of reach behind bob: this request and the next leave it alike.
    expect(first).toMatchObject({ ok: true, deleted: 2, kept: 1 });
    const second = await destination().deleteUser({ email: SHARED });
    expect(second).toMatchObject({ ok: true, deleted: 0 });
    expect(externalIds()).toEqual(['(none)', 'bob']);
  });
});

describe('a deletion by phone (GET /v1/customers/phone=) follows the rule for email', () => {
  it('deletes the customers of the phone with no externalId and the person named, keeps the others', async () => {
    await sharingPhone(undefined, 'bob', 'alice');
    const phoneOnly = await destination().deleteUser({ phone: PHONE });
    const afterPhoneOnly = externalIds();
    const named = await destination().deleteUser({ userId: 'alice', phone: PHONE });
    const again = await destination().deleteUser({ userId: 'alice', phone: PHONE });
    console.log(
      `reliability/deletion shared phone of a customer without externalId, bob and alice: phone-only deleted ${phoneOnly.ok && phoneOnly.deleted} kept ${phoneOnly.ok && phoneOnly.kept}; alice + phone deleted ${named.ok && named.deleted} kept ${named.ok && named.kept}; asked again deleted ${again.ok && again.deleted}; left ${externalIds().join(',')}`,
    );
    expect(phoneOnly).toMatchObject({ ok: true, deleted: 1, kept: 1 });
    expect(afterPhoneOnly).toEqual(['alice', 'bob']);
    expect(named).toMatchObject({ ok: true, deleted: 1, kept: 1 });
    expect(again).toMatchObject({ ok: true, deleted: 0 });
    expect(externalIds()).toEqual(['bob']);
  });

  it('is planned as a phone lookup and its delete', () => {
    const planned = destination().planDeletion({ phone: PHONE });
    const calls = planned.ok ? planned.calls.map((c) => `${c.method} ${c.path}`) : [];
    expect(calls).toEqual(['GET /v1/customers/phone={phone}', 'DELETE /v1/customers/{id}']);
  });
});

describe('a user to delete is read one way by the library, the CLI and /deleteUsers', () => {
  const request = (attributes: unknown[]) => [
    {
      destType: 'KUSTOMER',
      userAttributes: attributes,
      config: { apiKey: API_KEY, baseEndpoint: url },
    },
  ];
  const options = { allowInsecureBaseEndpoint: true };

  it('acts on an anonymousId alone and on a numeric userId, as events read them', async () => {
    const dest = destination();
    await dest.send({ type: 'identify', anonymousId: 'anon-1', traits: { name: 'Anon' } });
    await dest.send({ type: 'identify', userId: 42, traits: { name: 'Numeric' } });
    expect(simulator.customers).toHaveLength(2);
    const answer = await processDeleteUsers(
      request([{ anonymousId: 'anon-1' }, { userId: 42 }]),
      options,
    );
    expect(answer).toEqual([{ statusCode: 200, status: 'successful' }]);
    expect(simulator.customers).toHaveLength(0);
  });

  it('answers entries it cannot act on with 400 naming them, after deleting the others', async () => {
    await destination().send(identify('u1'));
    const answer = await processDeleteUsers(
      request([{ phone: 15550100 }, { userId: 'u1' }, { userId: '  ' }]),
      options,
    );
    expect(answer).toHaveLength(1);
    expect(answer[0]).toMatchObject({ statusCode: 400 });
    const error = answer[0] && 'error' in answer[0] ? answer[0].error : '';
    expect(error).toContain('userAttributes[0]');
    expect(error).toContain('phone');
    expect(error).toContain('userAttributes[2]');
    expect(simulator.customers).toHaveLength(0);
  });

  it.each([
    ['a numeric userId', { userId: 42 }, { userId: '42' }],
    ['a blank userId beside an email', { userId: '  ', email: 'a@b.c' }, { email: 'a@b.c' }],
    ['untrimmed ids, kept as given', { userId: ' u1', anonymousId: '' }, { userId: ' u1' }],
    ['only blanks', { userId: ' ', email: '' }, undefined],
    ['a phone alone', { phone: PHONE }, { phone: PHONE }],
    ['a phone that is not a string', { phone: 18005551212 }, undefined],
    ['an email that is not a string', { email: 7 }, undefined],
  ])('%s', async (_what, input, expected) => {
    const cli = readUser(input);
    const planned = await destination().planDeletion(input as never);
    const served = await processDeleteUsers(request([input]), options);
    if (expected === undefined) {
      expect(cli.ok).toBe(false);
      expect(planned.ok).toBe(false);
      expect(served[0]).toMatchObject({ statusCode: 400 });
    } else {
      expect(cli).toEqual({ ok: true, item: expected });
      expect(planned.ok).toBe(true);
      expect(served[0]).toEqual({ statusCode: 200, status: 'successful' });
    }
  });
});
