import { describe, expect, it } from 'vitest';
import { CustomerCache } from '../../../src/delivery/customer-cache.js';

describe('CustomerCache', () => {
  it('remembers a resolved customer id by user key', () => {
    const cache = new CustomerCache(10);
    cache.set('user-1', 'c1');
    expect(cache.get('user-1')).toBe('c1');
    expect(cache.get('user-2')).toBeUndefined();
  });

  it('drops the least recently used entry when full', () => {
    const cache = new CustomerCache(2);
    cache.set('a', '1');
    cache.set('b', '2');
    cache.get('a');
    cache.set('c', '3');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('1');
    expect(cache.get('c')).toBe('3');
    expect(cache.size).toBe(2);
  });

  it('forgets an entry that was invalidated', () => {
    const cache = new CustomerCache(2);
    cache.set('a', '1');
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('stores nothing with a capacity of 0', () => {
    const cache = new CustomerCache(0);
    cache.set('a', '1');
    expect(cache.size).toBe(0);
  });
});
