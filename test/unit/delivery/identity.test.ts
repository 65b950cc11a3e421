import { describe, expect, it } from 'vitest';
import type { CustomerLookup } from '../../../src/adapter/types.js';
import {
  type IdentifyAnswer,
  type IdentifyStep,
  type IdentifyWrite,
  identifyDecision,
} from '../../../src/delivery/identity.js';
import { InvalidEventError } from '../../../src/errors.js';

const BASE = 'https://api.kustomerapp.com';
const body = { externalId: 'u1', name: 'Ada' };

/** Drives the decision with `answer`, recording each step as `kind operation`. */
function drive(lookups: CustomerLookup[], answer: (step: IdentifyStep) => IdentifyAnswer) {
  const steps: string[] = [];
  const decision = identifyDecision(BASE, lookups, body);
  let step = decision.next();
  while (!step.done) {
    steps.push(`${step.value.kind} ${step.value.call.url.slice(BASE.length)}`);
    step = decision.next(answer(step.value));
  }
  const write: IdentifyWrite = step.value;
  return { steps, write: `${write.action} ${write.call.url.slice(BASE.length)}` };
}

const email: CustomerLookup = { by: 'email', value: 'ada@example.com' };
const user: CustomerLookup = { by: 'externalId', value: 'u1' };

describe('the identify decision', () => {
  it('updates a kustomerId without a lookup', () => {
    const taken = drive([{ by: 'kustomerId', value: 'c9' }, email, user], (s) =>
      s.kind === 'update' ? s.customerId : null,
    );
    expect(taken).toEqual({
      steps: ['update /v1/customers/c9?replace=false'],
      write: 'update /v1/customers/c9?replace=false',
    });
  });

  it("looks the event's own externalId up first, then the others in RudderStack's order (D22)", () => {
    const anon: CustomerLookup = { by: 'externalId', value: 'anon-1' };
    expect(drive([email, user, anon], () => null)).toEqual({
      steps: [
        'lookup /v1/customers/externalId=u1',
        'lookup /v1/customers/email=ada%40example.com',
        'lookup /v1/customers/externalId=anon-1',
      ],
      write: 'create /v1/customers',
    });
  });

  it('updates the first customer a lookup finds, and makes no later lookup', () => {
    const taken = drive([email, user], (s) => (s.kind === 'lookup' ? 'c1' : s.customerId));
    expect(taken).toEqual({
      steps: ['lookup /v1/customers/externalId=u1', 'update /v1/customers/c1?replace=false'],
      write: 'update /v1/customers/c1?replace=false',
    });
  });

  it('goes on to the next lookup when its driver refuses a customer found (gone since)', () => {
    const taken = drive([{ by: 'kustomerId', value: 'gone' }, user], (s) =>
      s.kind === 'lookup' ? 'c2' : s.customerId === 'gone' ? null : s.customerId,
    );
    expect(taken.steps).toEqual([
      'update /v1/customers/gone?replace=false',
      'lookup /v1/customers/externalId=u1',
      'update /v1/customers/c2?replace=false',
    ]);
    expect(taken.write).toBe('update /v1/customers/c2?replace=false');
  });

  it("updates the customer holding the event's externalId over one the email finds (D21)", () => {
    const taken = drive([email, user], (s) =>
      s.kind === 'update'
        ? s.customerId
        : s.call.url.includes('email=')
          ? 'c-ada'
          : s.call.url.endsWith('externalId=u1')
            ? 'c-u1'
            : null,
    );
    expect(taken).toEqual({
      steps: ['lookup /v1/customers/externalId=u1', 'update /v1/customers/c-u1?replace=false'],
      write: 'update /v1/customers/c-u1?replace=false',
    });
  });

  it("updates the customer found by email when no customer holds the event's externalId", () => {
    const taken = drive([email, user], (s) =>
      s.kind === 'update' ? s.customerId : s.call.url.includes('email=') ? 'c-ada' : null,
    );
    expect(taken).toEqual({
      steps: [
        'lookup /v1/customers/externalId=u1',
        'lookup /v1/customers/email=ada%40example.com',
        'update /v1/customers/c-ada?replace=false',
      ],
      write: 'update /v1/customers/c-ada?replace=false',
    });
  });

  it('keeps the lookups in order when the body carries no externalId of theirs', () => {
    const decision = identifyDecision(BASE, [email, user], { name: 'Ada' });
    const first = decision.next();
    expect(!first.done && first.value.call.url).toBe(
      `${BASE}/v1/customers/email=ada%40example.com`,
    );
  });

  it('checks every path value before its first step', () => {
    const decision = identifyDecision(BASE, [email, { by: 'externalId', value: '' }], body);
    expect(() => decision.next()).toThrow(InvalidEventError);
  });
});
