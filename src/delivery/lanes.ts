/**
 * Per-key ordering: tasks with the same key run one after another, in the order they were queued;
 * tasks with different keys run independently. A key's entry is dropped once its queue drains, so
 * memory follows the keys in flight, not the keys ever seen.
 */
export class KeyedLanes {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const result = previous ? previous.then(task) : task();
    const tail = result.then(settled, settled);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.#tails.size;
  }
}

function settled(): void {}

/**
 * At most `limit` holders at once; the rest wait in arrival order. The one counting primitive of the
 * package: the destination caps events in flight with it (`run`, `outside`), and the RudderStack
 * layer's outbound cap (src/rudder/outbound-limit.ts) caps HTTP requests with two of them, one per
 * API key and one overall (`acquire` with the request's abort signal, `release`).
 */
export class Semaphore {
  readonly #waiting: Array<() => void> = [];
  #active = 0;

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /**
   * From inside `run`: gives the task's slot to the next waiting task while `wait` runs, then
   * waits for a slot again. A task that only waits (a backoff, a lost write's hold) holds no slot.
   */
  async outside<T>(wait: () => Promise<T>): Promise<T> {
    this.release();
    try {
      return await wait();
    } finally {
      await this.acquire();
    }
  }

  /** Waits for a slot, to be given back with `release`; an abort ends the wait with its reason. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.limit) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      // `release` hands its slot straight to the next waiter, so the count does not change.
      const start = () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        const index = this.#waiting.indexOf(start);
        if (index !== -1) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.#waiting.push(start);
    });
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#active--;
  }

  /** Slots held now. */
  get active(): number {
    return this.#active;
  }
}
