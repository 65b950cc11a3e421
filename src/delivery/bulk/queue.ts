/** Records waiting for a bulk request, in arrival order. */
import { BULK_LIMITS, takeBatch } from './batches.js';

/** Records waiting for a batch, taken from the front without moving the rest. */
export class Queue<T> {
  #items: T[];
  #head = 0;

  constructor(items: T[]) {
    this.#items = items;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(record: T): void {
    this.#items.push(record);
  }

  take(bytesOf: (record: T) => number): T[] {
    const end = takeBatch(this.#items, this.#head, bytesOf, BULK_LIMITS);
    const batch = this.#items.slice(this.#head, end);
    this.#head = end;
    if (this.#head > 4_096 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return batch;
  }

  drain(): T[] {
    const rest = this.#items.slice(this.#head);
    this.#items = [];
    this.#head = 0;
    return rest;
  }
}
