/**
 * Maps `items` through `fn` with at most `limit` calls in flight, keeping the input order in the result.
 * Every fan-out to GitHub goes through this so that no request can start hundreds of calls at once.
 * A limit below 1 (or not a number) runs one call at a time. The result rejects with the first error, and after it
 * no further item is started (calls already in flight run to their end).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const width = Math.max(1, Math.min(Number.isNaN(limit) ? 1 : Math.floor(limit), items.length));
  const workers = Array.from({ length: width }, worker);
  await Promise.all(workers);
  return results;
}
