import { describe, expect, it } from 'vitest';
import { operations } from '../../generated/operations.js';
import { type CallParams, describeCall, type KustomerCall } from '../../src/client/calls.js';
import { createKustomerClient } from '../../src/client/index.js';

const BASE = 'https://acme.api.kustomerapp.com';

// Values a path serializer could get wrong: reserved characters, a dot segment after a literal,
// percent signs, non-ASCII, a plus.
const VALUES = ['plain', 'a b/c?d#e&f=g', '%2F..%2e', 'ünï©ødé 😀', 'x+y@example.com', '..'];

/** The path values a template names, each set to `value`. */
function paramsFor(template: string, value: string): CallParams {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  const path = Object.fromEntries(names.map((name) => [name, value]));
  const query = template === operations.updateCustomer.path ? { replace: false } : undefined;
  return { ...(names.length > 0 ? { path } : {}), ...(query ? { query } : {}) };
}

/** A whole-segment value (`/{id}`) may not be a dot segment: `..` is kept to prefixed templates. */
function usable(template: string, value: string): boolean {
  return value !== '..' || !/\/\{\w+\}(\/|$)/.test(template);
}

describe('a call description is what runs', () => {
  const ids = Object.keys(operations) as (keyof typeof operations)[];

  it('covers every operation of the spec', () => {
    expect(ids.length).toBeGreaterThanOrEqual(9);
  });

  for (const id of ids) {
    it(`requests exactly the URL the description of ${id} shows`, async () => {
      const requested: string[] = [];
      const client = createKustomerClient({
        apiKey: 'test-key',
        baseUrl: BASE,
        retry: false,
        fetch: async (request) => {
          requested.push(request.url);
          const status = request.method === 'DELETE' ? 204 : 200;
          const body =
            status === 204 ? null : JSON.stringify({ data: { type: 'customer', id: 'c1' } });
          return new Response(body, { status, headers: { 'content-type': 'application/json' } });
        },
      });
      const shown: string[] = [];
      for (const value of VALUES.filter((v) => usable(operations[id].path, v))) {
        const body =
          operations[id].method === 'GET' || operations[id].method === 'DELETE' ? undefined : {};
        const call = describeCall(
          BASE,
          id,
          paramsFor(operations[id].path, value) as never,
          body as never,
        ) as KustomerCall;
        shown.push(call.url);
        await client.execute(call);
      }
      expect(requested).toEqual(shown);
      // Each value gave its own URL: none was dropped or collapsed.
      if (operations[id].path.includes('{')) expect(new Set(shown).size).toBe(shown.length);
    });
  }
});
