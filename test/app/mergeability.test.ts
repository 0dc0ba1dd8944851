import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { useWorld } from "../helpers/use-world.js";
import { APPS, PEOPLE } from "../helpers/world.js";

describe("waiting for GitHub to compute mergeability", () => {
  const world = useWorld();

  async function approvedPullWithUnknownMergeability() {
    world.openRequest();
    await deliverAll(world.sim, world.probot);
    const pull = world.sim.pulls(APPS)[0]!;
    world.sim.setMergeable(APPS, pull.number, null);
    return pull;
  }

  it("merges in the same run once GitHub reports the pull request mergeable a moment later", async () => {
    const pull = await approvedPullWithUnknownMergeability();
    setTimeout(() => world.sim.setMergeable(APPS, pull.number, true), 700);
    world.sim.comment(APPS, pull.number, PEOPLE.approver, "/approve");
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)[0]!.merged).toBe(true);
  });

  it("does not merge while GitHub never decides, says so, and the sweep merges once it has", async () => {
    const pull = await approvedPullWithUnknownMergeability();
    world.sim.comment(APPS, pull.number, PEOPLE.approver, "/approve");
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)[0]!.merged).toBe(false);
    const status = world.sim.comments(APPS, pull.number).find((c) => c.body.startsWith("<!-- onboarding-bot:pr-status"));
    expect(status?.body).toContain("mergeability");

    world.sim.setMergeable(APPS, pull.number, true);
    await world.handles.sweep();
    expect(world.sim.pulls(APPS)[0]!.merged).toBe(true);
  });
});
