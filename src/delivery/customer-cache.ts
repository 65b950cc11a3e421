/**
 * Customer ids already resolved, by user key: a user seen again is updated without lookups. Bounded
 * (least recently used entries go first), and an entry is dropped when Kustomer no longer knows
 * the id (a 404 on update).
 */
export class CustomerCache {
  readonly #ids = new Map<string, string>();

  constructor(readonly capacity: number) {}

  get(userKey: string): string | undefined {
    const id = this.#ids.get(userKey);
    if (id !== undefined) {
      this.#ids.delete(userKey);
      this.#ids.set(userKey, id);
    }
    return id;
  }

  set(userKey: string, customerId: string): void {
    if (this.capacity <= 0) return;
    this.#ids.delete(userKey);
    this.#ids.set(userKey, customerId);
    if (this.#ids.size > this.capacity) {
      const oldest = this.#ids.keys().next();
      if (!oldest.done) this.#ids.delete(oldest.value);
    }
  }

  delete(userKey: string): void {
    this.#ids.delete(userKey);
  }

  get size(): number {
    return this.#ids.size;
  }
}
