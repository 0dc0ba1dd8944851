import { describe, expect, it } from "vitest";
import { Semaphore } from "../../src/reliability/semaphore.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("Semaphore", () => {
  it("never runs more than its size at once, and runs everything", async () => {
    const semaphore = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        semaphore.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await tick();
          running--;
          done.push(i);
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("frees the slot when work fails, and serves waiters in arrival order", async () => {
    const semaphore = new Semaphore(1);
    const order: string[] = [];
    const failing = semaphore.run(async () => {
      await tick();
      throw new Error("boom");
    });
    const a = semaphore.run(async () => void order.push("a"));
    const b = semaphore.run(async () => void order.push("b"));
    await expect(failing).rejects.toThrow("boom");
    await Promise.all([a, b]);
    expect(order).toEqual(["a", "b"]);
  });

  it("refuses a size that is not a positive integer", () => {
    expect(() => new Semaphore(0)).toThrow(/positive integer/);
  });
});
