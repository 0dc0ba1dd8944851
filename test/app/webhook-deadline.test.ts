import { describe, expect, it, vi } from "vitest";
import { deliverAll } from "../harness/index.js";
import { useWorldCleanup } from "../helpers/use-world.js";
import { APPS, createWorld, SUPPORT } from "../helpers/world.js";
import { DeadlineError, progressDeadline, type DeadlineTimers } from "../../src/reliability/run-deadline.js";

const STATUS = "<!-- onboarding-bot:status";

/** A clock the test moves by hand: `pass()` makes the armed deadline pass. */
function manualClock(): DeadlineTimers & { pass(): void } {
  const armed = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout(callback) {
      armed.set(next, callback);
      return next++;
    },
    clearTimeout(handle) {
      armed.delete(handle as number);
    },
    pass() {
      for (const callback of [...armed.values()]) callback();
      armed.clear();
    },
  };
}

describe("the deadline of a webhook's run", () => {
  const track = useWorldCleanup();

  it("stops starting GitHub calls when GitHub stops answering, answers 503, and the sweep writes the verdict once GitHub answers again", async () => {
    const clock = manualClock();
    const world = track(await createWorld({ app: { webhookDeadline: () => progressDeadline(8000, clock) } }));
    world.sim.inject({ operationId: "graphql", latencyMs: 1500 }); // GitHub hangs on one call (the observation)
    world.openRequest();

    const delivered = deliverAll(world.sim, world.probot, { tolerateErrors: true });
    await vi.waitFor(() => expect(world.sim.calls.some((c) => c.operationId === "graphql")).toBe(true), { timeout: 5000, interval: 5 });
    clock.pass();
    const startedAtDeadline = world.sim.calls.length;
    const result = await delivered;

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(DeadlineError);
    // Probot's webhook middleware answers GitHub with the error's status: 503, so the delivery shows as failed.
    expect((result.errors[0] as DeadlineError).status).toBe(503);
    expect(world.sim.calls.length).toBe(startedAtDeadline);
    expect(world.sim.pulls(APPS)).toHaveLength(0);

    // GitHub answers again; nothing redelivers by itself: the sweep (no deadline) finishes the request.
    const report = await world.handles.sweep();
    expect(report).not.toBe("busy");
    expect(world.sim.pulls(APPS)).toHaveLength(1);
    const status = world.sim.comments(SUPPORT, 1).find((c) => c.body.startsWith(STATUS))?.body ?? "";
    expect(status).toMatch(/pull request/i);
    expect(status).not.toMatch(/internal error/i);
  });
});

describe("progressDeadline", () => {
  it("passes only after the given time without an answer, however long the run takes in total", () => {
    vi.useFakeTimers();
    try {
      const deadline = progressDeadline(8000);
      for (let i = 0; i < 12; i++) {
        vi.advanceTimersByTime(5000); // an answer every 5 s: a throttled but healthy run, 60 s in all
        expect(deadline.signal.aborted).toBe(false);
        deadline.progress();
      }
      vi.advanceTimersByTime(7999);
      expect(deadline.signal.aborted).toBe(false);
      vi.advanceTimersByTime(1);
      expect(deadline.signal.aborted).toBe(true);
      deadline.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
