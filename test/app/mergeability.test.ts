import { describe, expect, it } from "vitest";
import { MERGEABILITY_WAITS_MS } from "../../src/controller/reconcile-pull.js";
import { deliverAll } from "../harness/index.js";
import { useWorld } from "../helpers/use-world.js";
import { APPS, PEOPLE } from "../helpers/world.js";

describe("waiting for GitHub to compute mergeability", () => {
  // The controller's pauses are recorded instead of taken, each with the number of calls GitHub had received by then.
  const pauses: { ms: number; atCall: number }[] = [];
  let onPause: (index: number) => void = () => undefined;
  const world = useWorld({
    app: {
      sleep: async (ms) => {
        pauses.push({ ms, atCall: world.sim.calls.length });
        onPause(pauses.length - 1);
      },
    },
  });

  /** From call `from` on: `read` for each GET of pull request `number`, `pause N` for each pause, in order. */
  function timeline(number: number, from: number): string[] {
    const out: string[] = [];
    const calls = world.sim.calls;
    for (let i = from; i <= calls.length; i++) {
      for (const p of pauses) if (p.atCall === i) out.push(`pause ${p.ms}`);
      const c = calls[i];
      if (c && c.method === "GET" && new RegExp(`/pulls/${number}$`).test(c.path)) out.push("read");
    }
    return out;
  }

  async function approvedPullWithUnknownMergeability() {
    world.openRequest();
    await deliverAll(world.sim, world.probot);
    const pull = world.sim.pulls(APPS)[0]!;
    world.sim.setMergeable(APPS, pull.number, null);
    pauses.length = 0;
    onPause = () => undefined;
    return pull;
  }

  it("re-reads the pull request after each pause and merges in the same run once GitHub reports it mergeable", async () => {
    const pull = await approvedPullWithUnknownMergeability();
    onPause = (index) => {
      if (index === 1) world.sim.setMergeable(APPS, pull.number, true); // GitHub decides during the second pause
    };
    world.sim.comment(APPS, pull.number, PEOPLE.approver, "/approve");
    const from = world.sim.calls.length;
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)[0]!.merged).toBe(true);
    // The first read, then one re-read after each pause of the default schedule, stopping at the first answer.
    const [first, second] = MERGEABILITY_WAITS_MS;
    expect(timeline(pull.number, from)).toEqual(["read", `pause ${first}`, "read", `pause ${second}`, "read"]);
  });

  it("does not merge while GitHub never decides, says so, and the sweep merges once it has", async () => {
    const pull = await approvedPullWithUnknownMergeability();
    world.sim.comment(APPS, pull.number, PEOPLE.approver, "/approve");
    const from = world.sim.calls.length;
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)[0]!.merged).toBe(false);
    // Every pause of the default schedule, in order, each followed by one re-read; then the run gives up.
    expect(MERGEABILITY_WAITS_MS).toEqual([500, 1000, 2000]);
    expect(timeline(pull.number, from)).toEqual(["read", "pause 500", "read", "pause 1000", "read", "pause 2000", "read"]);
    const status = world.sim.comments(APPS, pull.number).find((c) => c.body.startsWith("<!-- onboarding-bot:pr-status"));
    expect(status?.body).toContain("mergeability");

    world.sim.setMergeable(APPS, pull.number, true);
    pauses.length = 0;
    await world.handles.sweep();
    expect(world.sim.pulls(APPS)[0]!.merged).toBe(true);
    expect(pauses).toEqual([]); // GitHub has decided: nothing to wait for
  });
});

describe("mergeability pauses from the settings", () => {
  const pauses: number[] = [];
  const world = useWorld({ app: { settings: { mergeabilityWaitsMs: [0, 7] }, sleep: async (ms) => void pauses.push(ms) } });

  it("pauses as many times and as long as the settings say before leaving the merge to the next event", async () => {
    world.openRequest();
    await deliverAll(world.sim, world.probot);
    const pull = world.sim.pulls(APPS)[0]!;
    world.sim.setMergeable(APPS, pull.number, null);
    world.sim.comment(APPS, pull.number, PEOPLE.approver, "/approve");
    await deliverAll(world.sim, world.probot);

    expect(pauses).toEqual([0, 7]);
    expect(world.sim.pulls(APPS)[0]!.merged).toBe(false);
  });
});
