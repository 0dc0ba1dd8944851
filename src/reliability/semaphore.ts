/**
 * Limits how many runs happen at once, process-wide. Each request run fans out to GitHub with up to a handful of
 * parallel calls, so capping runs caps both memory and concurrent GitHub requests (GitHub's secondary rate limit
 * allows about 100 concurrent requests). Waiters are served in arrival order.
 */
export class Semaphore {
  #available: number;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isSafeInteger(size) || size < 1) throw new Error(`semaphore: size must be a positive integer, not ${size}`);
    this.#available = size;
  }

  /** Runs `work` once a slot is free, and frees the slot when it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#available > 0) this.#available--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#available++;
    }
  }

  /** Runs waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }
}
