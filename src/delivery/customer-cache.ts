/**
 * Customer ids already resolved, by user key: a user seen again is updated without lookups. Bounded
 * (least recently used entries go first), and an entry is dropped when Kustomer no longer knows
 * the id (a 404 on update). The same bounded map holds company ids and links (companies.ts).
 */
export class CustomerCache<V = string> {
  readonly #ids = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get(userKey: string): V | undefined {
    const id = this.#ids.get(userKey);
    if (id !== undefined) {
      this.#ids.delete(userKey);
      this.#ids.set(userKey, id);
    }
    return id;
  }

  set(userKey: string, customerId: V): void {
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
