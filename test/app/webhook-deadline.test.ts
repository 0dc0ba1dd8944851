import { describe, expect, it, vi } from "vitest";
import { deliver, deliverAll } from "../harness/index.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { useWorldCleanup } from "../helpers/use-world.js";
import { APPS, createWorld, PEOPLE, SUPPORT } from "../helpers/world.js";
import { DeadlineError } from "../../src/reliability/run-deadline.js";

const STATUS = "<!-- onboarding-bot:status";

describe("the in-line deadline of a webhook's run", () => {
  const track = useWorldCleanup();

  it("stops starting GitHub calls at the deadline, answers GitHub 503, and the sweep writes the verdict once GitHub answers again", async () => {
    // The test's clock: the deadline passes when the test says so (here: while GitHub hangs on a call).
    let clock = new AbortController();
    const world = track(await createWorld({ app: { webhookDeadline: () => clock.signal } }));
    world.sim.inject({ operationId: "pulls/list", latencyMs: 1500 });
    world.openRequest();

    const delivered = deliverAll(world.sim, world.probot, { tolerateErrors: true });
    await vi.waitFor(() => expect(world.sim.calls.some((c) => c.operationId === "pulls/list")).toBe(true), { timeout: 5000, interval: 5 });
    clock.abort();
    const startedAtDeadline = world.sim.calls.length;
    const result = await delivered;

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(DeadlineError);
    // Probot's webhook middleware answers GitHub with the error's status: 503, the delivery shows as failed.
    expect((result.errors[0] as DeadlineError).status).toBe(503);
    expect(world.sim.calls.length).toBe(startedAtDeadline);
    expect(world.sim.pulls(APPS)).toHaveLength(0);

    // GitHub answers again; nothing redelivers by itself: the sweep (no deadline) finishes the request.
    clock = new AbortController();
    const report = await world.handles.sweep();
    expect(report).not.toBe("busy");
    expect(world.sim.pulls(APPS)).toHaveLength(1);
    const status = world.sim.comments(SUPPORT, 1).find((c) => c.body.startsWith(STATUS))?.body ?? "";
    expect(status).toMatch(/pull request/i);
    expect(status).not.toMatch(/internal error/i);
  });

  it("counts the time a delivery waits for its request's turn: past its deadline it is answered while the run ahead of it goes on", async () => {
    const clocks: AbortController[] = [];
    const world = track(
      await createWorld({
        app: {
          webhookDeadline: () => {
            const clock = new AbortController();
            clocks.push(clock);
            return clock.signal;
          },
        },
      }),
    );
    world.sim.inject({ operationId: "pulls/list", latencyMs: 1000 });
    const n = world.openRequest();
    const opened = world.sim.takeEvents();
    let firstDone = false;
    const first = Promise.all(opened.map((e) => deliver(world.probot, e))).then(() => (firstDone = true));
    await vi.waitFor(() => expect(world.sim.calls.some((c) => c.operationId === "pulls/list")).toBe(true), { timeout: 5000, interval: 5 });

    world.sim.editIssue(SUPPORT, n, { body: renderIssueBody(validValues({ display_name: "Astro Lab 2" })), by: PEOPLE.requester });
    const edited = world.sim.takeEvents();
    const before = clocks.length;
    const second = Promise.all(edited.map((e) => deliver(world.probot, e)));
    await vi.waitFor(() => expect(clocks.length).toBeGreaterThan(before), { timeout: 5000, interval: 5 });
    for (const clock of clocks.slice(before)) clock.abort();

    await expect(second).rejects.toBeInstanceOf(DeadlineError);
    expect(firstDone).toBe(false);
    await first;
    expect(world.sim.pulls(APPS)).toHaveLength(1);
  });
});
