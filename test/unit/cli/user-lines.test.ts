import { describe, expect, it } from 'vitest';
import { confirmBeforeSecondUser, readUser } from '../../../src/cli/commands/delete.js';
import type { NdjsonLine } from '../../../src/cli/ndjson.js';
import { UsageError } from '../../../src/cli/options.js';
import { linesOf } from './support.js';

describe('readUser', () => {
  it('takes userId, anonymousId and email, and nothing else', () => {
    expect(
      readUser({ userId: 'u42', email: 'ada@example.com', name: 'Ada', anonymousId: '' }),
    ).toEqual({
      ok: true,
      item: { userId: 'u42', email: 'ada@example.com' },
    });
  });

  it('reads a numeric userId as its decimal string, as events read it', () => {
    expect(readUser({ userId: 42 })).toEqual({ ok: true, item: { userId: '42' } });
  });

  it.each([
    ['a line with none of the ids', { name: 'Ada' }],
    ['a blank userId alone', { userId: ' ' }],
    ['an email that is not a string', { email: 7 }],
    ['an array', [{ userId: 'u1' }]],
  ])('refuses %s as an invalid user', (_what, value) => {
    const read = readUser(value);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.name).toBe('InvalidEventError');
  });
});

async function collect(iterable: AsyncIterable<NdjsonLine>): Promise<number[]> {
  const seen: number[] = [];
  for await (const item of iterable) seen.push(item.line);
  return seen;
}

describe('confirmBeforeSecondUser', () => {
  it('needs no confirmation for one user', async () => {
    let asked = 0;
    const seen = await collect(
      confirmBeforeSecondUser(linesOf(['{"userId":"u1"}', '']), async () => {
        asked += 1;
        return true;
      }),
    );
    expect(seen).toEqual([1, 2]);
    expect(asked).toBe(0);
  });

  it('holds every line back until a second user is confirmed', async () => {
    const order: string[] = [];
    const confirmed = confirmBeforeSecondUser(
      linesOf(['{"userId":"u1"}', '', '{"userId":"u2"}', '{"userId":"u3"}']),
      async () => {
        order.push('asked');
        return true;
      },
    );
    for await (const item of confirmed) order.push(`line ${item.line}`);
    expect(order).toEqual(['asked', 'line 1', 'line 2', 'line 3', 'line 4']);
  });

  it('gives out no line when the confirmation is refused', async () => {
    const seen: number[] = [];
    const refused = async () => {
      for await (const item of confirmBeforeSecondUser(
        linesOf(['{"userId":"u1"}', '{"userId":"u2"}']),
        async () => false,
      )) {
        seen.push(item.line);
      }
    };
    await expect(refused()).rejects.toThrow(UsageError);
    expect(seen).toEqual([]);
  });
});
