/**
 * Remembers recently handled webhook deliveries (`X-GitHub-Delivery`) so a redelivery of the same id is skipped.
 * Bounded in size (oldest forgotten first). This only saves work inside one process: correctness across replicas
 * and restarts comes from the handlers being idempotent against GitHub's own state.
 */
export class DeliveryDedupe {
  readonly #seen = new Map<string, number>();

  constructor(private readonly capacity = 10_000) {}

  /** Records the id; returns false when it was already recorded (a duplicate delivery). */
  firstSeen(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.set(id, Date.now());
    if (this.#seen.size > this.capacity) {
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }

  /** Forgets an id, so a delivery whose handling failed can be retried by a redelivery. */
  forget(id: string): void {
    this.#seen.delete(id);
  }

  get size(): number {
    return this.#seen.size;
  }
}
