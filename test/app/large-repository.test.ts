import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { APPS, SUPPORT } from "../helpers/world.js";
import { useWorld } from "../helpers/use-world.js";

describe("a GitOps repository too large for one tree read", () => {
  const world = useWorld();

  it("holds the request with a message for maintainers and writes nothing, instead of guessing which names are free", async () => {
    // GitHub answers a tree over 100,000 entries or 7 MB with `truncated: true` and a partial list.
    world.sim.inject({
      operationId: "git/get-tree",
      status: 200,
      times: 10,
      body: { sha: "0".repeat(40), url: `${world.sim.url}/x`, tree: [], truncated: true },
    });
    const n = world.openRequest();
    const result = await deliverAll(world.sim, world.probot, { tolerateErrors: true });

    expect(result.errors).toEqual([]);
    const status = world.sim.comments(SUPPORT, n).filter((c) => c.body.startsWith("<!-- onboarding-bot:status"));
    expect(status).toHaveLength(1);
    expect(status[0]!.body).toContain("too large");
    expect(world.sim.calls.filter((c) => c.method !== "GET" && c.path.startsWith(`/repos/${APPS}/`))).toEqual([]);
  });
});
