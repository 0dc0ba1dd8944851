import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { pullOf, reactionsOn, usePublishedWorlds } from "../helpers/pull-world.js";
import { APPS, PEOPLE } from "../helpers/world.js";

const start = usePublishedWorlds();

describe("bursts of events for one request", () => {
  it("coalesce into at most two runs, and every command comment still gets its own reaction", async () => {
    const p = await start();
    const { sim } = p.world;
    const burst: { who: string; body: string; reaction: string }[] = [
      { who: PEOPLE.reviewer, body: "/hold", reaction: "+1" },
      { who: PEOPLE.outsider, body: "/hold", reaction: "+1" },
      { who: PEOPLE.requester, body: "/hold", reaction: "+1" },
      { who: PEOPLE.approver, body: "/lgtm", reaction: "+1" },
      { who: PEOPLE.reviewer, body: "/lgtm", reaction: "+1" },
      { who: PEOPLE.requester, body: "/lgtm", reaction: "-1" },
      { who: PEOPLE.approver2, body: "/hold", reaction: "+1" },
      { who: PEOPLE.approver, body: "/approve", reaction: "+1" },
    ];
    const ids = burst.map((c) => sim.comment(APPS, p.pr, c.who, c.body));
    sim.resetCalls();
    await deliverAll(sim, p.world.probot);

    // Every run starts by observing the request (one GraphQL query, planned from the last run's view of it).
    const runs = sim.calls.filter((c) => c.graphql?.operationName === "Observe").length;
    expect(runs).toBeLessThanOrEqual(2);
    burst.forEach((c, i) => expect(reactionsOn(p, ids[i]!), `${c.body} from ${c.who}`).toEqual([c.reaction]));
    expect(pullOf(p).labels).toEqual(expect.arrayContaining(["lgtm", "approved", "do-not-merge/hold"]));
    expect(pullOf(p).merged).toBe(false);
  });
});
