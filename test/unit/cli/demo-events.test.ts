import { describe, expect, it } from 'vitest';
import { demoEvents, generateEvents } from '../../../src/cli/demo-events.js';

describe('generateEvents', () => {
  it('gives the same events for the same seed', () => {
    expect([...generateEvents({ count: 50, seed: 7 })]).toEqual([
      ...generateEvents({ count: 50, seed: 7 }),
    ]);
  });

  it('starts every user with an identify, then groups, tracks, pages and screens', () => {
    const seen = new Set<unknown>();
    const types = new Set<unknown>();
    for (const event of generateEvents({ count: 500, users: 6 })) {
      if (!seen.has(event.userId)) expect(event.type).toBe('identify');
      seen.add(event.userId);
      types.add(event.type);
    }
    expect(seen.size).toBe(6);
    expect([...types].sort()).toEqual(['group', 'identify', 'page', 'screen', 'track']);
  });

  it('repeats identifies for known users, so customers get updated', () => {
    const identifies = [...generateEvents({ count: 500, users: 6 })].filter(
      (e) => e.type === 'identify',
    );
    expect(identifies.length).toBeGreaterThan(6);
  });

  it('numbers events with seq from firstSeq, in traits for identifies and properties otherwise', () => {
    const seqs = [...generateEvents({ count: 20, firstSeq: 101 })].map((e) => {
      const holder = (e.type === 'identify' || e.type === 'group' ? e.traits : e.properties) as {
        seq: number;
      };
      return holder.seq;
    });
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => 101 + i));
  });
});

describe('demoEvents', () => {
  it("holds the guide's four calls, the generated events and the invalid ones", () => {
    const events = demoEvents(10);
    const generated = events.filter((e) => e.label.startsWith('generated '));
    expect(generated).toHaveLength(10);
    expect(events.indexOf(generated[0] as (typeof events)[0])).toBe(4);
    expect(events.slice(0, 4).map((e) => e.event.type)).toEqual([
      'identify',
      'page',
      'screen',
      'track',
    ]);
    const rejected = events.filter((e) => e.expect === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(events.slice(-rejected.length)).toEqual(rejected);
  });
});
