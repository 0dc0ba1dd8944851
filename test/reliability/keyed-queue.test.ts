import { describe, expect, it } from "vitest";
import { KeyedQueue } from "../../src/reliability/keyed-queue.js";

/** A promise with its resolve/reject exposed, so a test decides when each job finishes. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending microtask and promise continuation run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("KeyedQueue", () => {
  it("runs work for the same key one at a time, in arrival order", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const runs = gates.map((gate, i) =>
      queue.run("acme/requests#1", async () => {
        log.push(`start ${i}`);
        await gate.promise;
        log.push(`end ${i}`);
        return i;
      }),
    );
    await flush();
    expect(log).toEqual(["start 0"]);
    gates[1]?.resolve();
    gates[2]?.resolve();
    await flush();
    // Jobs 1 and 2 are free to finish but must not start before job 0 ends.
    expect(log).toEqual(["start 0"]);
    gates[0]?.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(log).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
  });

  it("runs work for different keys in parallel", async () => {
    const queue = new KeyedQueue();
    let inFlight = 0;
    let peak = 0;
    const gate = deferred();
    const runs = ["a#1", "a#2", "b#1"].map((key) =>
      queue.run(key, async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await gate.promise;
        inFlight--;
        return key;
      }),
    );
    await flush();
    expect(inFlight).toBe(3);
    expect(queue.activeKeys).toBe(3);
    gate.resolve();
    expect(await Promise.all(runs)).toEqual(["a#1", "a#2", "b#1"]);
    expect(peak).toBe(3);
  });

  it("rejects with the job's error and still runs the next job for that key", async () => {
    const queue = new KeyedQueue();
    const failing = queue.run("k", async () => {
      throw new Error("GitHub said 502");
    });
    const next = queue.run("k", async () => "ran after the failure");
    await expect(failing).rejects.toThrow("GitHub said 502");
    await expect(next).resolves.toBe("ran after the failure");
  });

  it("keeps the order after a rejection: the job after a failed one waits for it", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const gate = deferred();
    const failing = queue.run("k", async () => {
      log.push("first starts");
      await gate.promise;
      log.push("first fails");
      throw new Error("boom");
    });
    const next = queue.run("k", async () => {
      log.push("second runs");
    });
    await flush();
    expect(log).toEqual(["first starts"]);
    gate.resolve();
    await expect(failing).rejects.toThrow("boom");
    await next;
    expect(log).toEqual(["first starts", "first fails", "second runs"]);
  });

  it("forgets a key once its work has settled", async () => {
    const queue = new KeyedQueue();
    await queue.run("k", async () => 1);
    await queue.run("j", async () => {
      throw new Error("x");
    }).catch(() => undefined);
    await flush();
    expect(queue.activeKeys).toBe(0);
  });
});
