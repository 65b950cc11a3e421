import { describe, expect, it } from 'vitest';
import { KeyedLanes, Semaphore } from '../../../src/delivery/lanes.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedLanes', () => {
  it('runs tasks of one key one after another in queue order', async () => {
    const lanes = new KeyedLanes();
    const log: string[] = [];
    const task = (name: string, waits: number) => async () => {
      log.push(`start ${name}`);
      for (let i = 0; i < waits; i++) await tick();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      lanes.run('u1', task('a', 3)),
      lanes.run('u1', task('b', 0)),
      lanes.run('u1', task('c', 1)),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs tasks of different keys at the same time', async () => {
    const lanes = new KeyedLanes();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([lanes.run('u1', task('a')), lanes.run('u2', task('b'))]);
    expect(log.slice(0, 2)).toEqual(['start a', 'start b']);
  });

  it('keeps going after a task of the key fails', async () => {
    const lanes = new KeyedLanes();
    const failing = lanes.run('u1', async () => {
      throw new Error('boom');
    });
    const next = lanes.run('u1', async () => 'after');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
  });

  it('forgets a key once its queue drains', async () => {
    const lanes = new KeyedLanes();
    await lanes.run('u1', async () => undefined);
    await tick();
    expect(lanes.size).toBe(0);
  });
});

describe('Semaphore', () => {
  it('never runs more tasks at once than its limit', async () => {
    const semaphore = new Semaphore(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        semaphore.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await tick();
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it('frees its slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(
      semaphore.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next');
  });

  it('hands slots out in arrival order and lets an aborted waiter leave the queue', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const order: string[] = [];
    const controller = new AbortController();
    const first = semaphore.acquire().then(() => order.push('first'));
    const aborted = semaphore.acquire(controller.signal);
    const last = semaphore.acquire().then(() => order.push('last'));
    controller.abort(new Error('timed out'));
    await expect(aborted).rejects.toThrow('timed out');
    semaphore.release();
    await first;
    semaphore.release();
    await last;
    expect(order).toEqual(['first', 'last']);
    expect(semaphore.active).toBe(1);
    semaphore.release();
    expect(semaphore.active).toBe(0);
  });

  it('refuses at once when the signal is already aborted', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.acquire(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    expect(semaphore.active).toBe(0);
  });
});
