import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapLimit } from "../../src/util/map-limit.js";

/** Resolves after `ms` milliseconds (real timers: the scheduling under test is the event loop's). */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wraps `fn` to record how many calls are in flight at most and which items were started. */
function instrument<T, R>(fn: (item: T, index: number) => Promise<R>) {
  const stats = { inFlight: 0, peak: 0, started: [] as number[] };
  const wrapped = async (item: T, index: number): Promise<R> => {
    stats.started.push(index);
    stats.inFlight++;
    stats.peak = Math.max(stats.peak, stats.inFlight);
    try {
      return await fn(item, index);
    } finally {
      stats.inFlight--;
    }
  };
  return { stats, wrapped };
}

describe("mapLimit", () => {
  it("never has more than `limit` calls in flight, and does use the whole limit", async () => {
    const { stats, wrapped } = instrument(async (n: number) => {
      await sleep(n % 3);
      return n * 2;
    });
    const items = Array.from({ length: 40 }, (_, i) => i);
    const result = await mapLimit(items, 4, wrapped);
    expect(stats.peak).toBe(4);
    expect(stats.inFlight).toBe(0);
    expect(result).toEqual(items.map((n) => n * 2));
  });

  it("keeps input order in the result whatever order the calls finish in", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 25 }), fc.integer({ min: 1, max: 6 }), async (delays, limit) => {
        const { stats, wrapped } = instrument(async (delay: number, index: number) => {
          await sleep(delay);
          return `${index}:${delay}`;
        });
        const result = await mapLimit(delays, limit, wrapped);
        expect(result).toEqual(delays.map((d, i) => `${i}:${d}`));
        expect(stats.peak).toBeLessThanOrEqual(limit);
        expect(stats.started.length).toBe(delays.length);
      }),
      { numRuns: 30 },
    );
  });

  it("passes each item with its index and calls fn once per item", async () => {
    const seen: Array<[string, number]> = [];
    await mapLimit(["a", "b", "c"], 2, async (item, index) => {
      seen.push([item, index]);
    });
    expect(seen.sort()).toEqual([
      ["a", 0],
      ["b", 1],
      ["c", 2],
    ]);
  });

  it("returns an empty array for no items without calling fn", async () => {
    let calls = 0;
    expect(await mapLimit([], 3, async () => ++calls)).toEqual([]);
    expect(calls).toBe(0);
  });

  it("propagates the first error and starts no further item after it", async () => {
    const { stats, wrapped } = instrument(async (n: number) => {
      await sleep(1);
      if (n === 3) throw new Error(`item ${n} failed`);
      return n;
    });
    const items = Array.from({ length: 20 }, (_, i) => i);
    await expect(mapLimit(items, 2, wrapped)).rejects.toThrow("item 3 failed");
    await sleep(20);
    // Item 3 ran alongside at most one other item; nothing after that pair was started.
    expect(Math.max(...stats.started)).toBeLessThanOrEqual(4);
    expect(stats.started.length).toBeLessThan(items.length);
  });

  it("runs one at a time for a limit below 1 or NaN instead of running nothing", async () => {
    for (const limit of [0, -3, Number.NaN, 0.5]) {
      const { stats, wrapped } = instrument(async (n: number) => {
        await sleep(1);
        return n + 1;
      });
      expect(await mapLimit([1, 2, 3], limit, wrapped)).toEqual([2, 3, 4]);
      expect(stats.peak).toBe(1);
    }
  });

  it("does not start more workers than items for a huge limit", async () => {
    const { stats, wrapped } = instrument(async (n: number) => n);
    expect(await mapLimit([1, 2, 3], Number.POSITIVE_INFINITY, wrapped)).toEqual([1, 2, 3]);
    expect(stats.peak).toBeLessThanOrEqual(3);
  });
});
