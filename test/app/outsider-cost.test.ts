import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { allReplies, pullOf, reactionsOn, repliesTo, say, statusOf, usePublishedWorlds } from "../helpers/pull-world.js";
import { APPS, PEOPLE, SUPPORT } from "../helpers/world.js";

const start = usePublishedWorlds();

describe("what an outsider's commands cost", () => {
  it("twenty outsider /approve comments cost at most two GitHub calls each and get one reply, edited", async () => {
    const p = await start();
    const { sim } = p.world;
    const ids: number[] = [];
    sim.resetCalls();
    for (let i = 0; i < 20; i++) ids.push(await say(p, PEOPLE.outsider, "/approve"));

    expect(sim.calls.length).toBeLessThanOrEqual(2 * ids.length);
    for (const id of ids) {
      expect(reactionsOn(p, id)).toEqual(["-1"]);
      expect(repliesTo(p, id)).toEqual(["/approve is only for approvers."]);
    }
    const refusals = allReplies(p).filter((c) => c.body.includes("only for approvers"));
    expect(refusals).toHaveLength(1);
    expect(pullOf(p).labels).not.toContain("approved");
    expect(pullOf(p).merged).toBe(false);
  });

  it("answers a comment repeating /approve hundreds of times with two calls and one reply", async () => {
    const p = await start();
    p.world.sim.resetCalls();
    const id = await say(p, PEOPLE.outsider, Array.from({ length: 500 }, () => "/approve").join("\n"));
    expect(p.world.sim.calls.length).toBeLessThanOrEqual(2);
    expect(repliesTo(p, id)).toEqual(["/approve is only for approvers."]);
  });

  it("answers a burst of outsider commands with one reply per command kind, delivered all at once", async () => {
    const p = await start();
    const { sim } = p.world;
    const kinds = ["/approve", "/lgtm", "/retest", "/close"];
    const ids = Array.from({ length: 20 }, (_, i) => sim.comment(APPS, p.pr, PEOPLE.outsider, kinds[i % kinds.length]!));
    sim.resetCalls();
    await deliverAll(sim, p.world.probot);

    expect(sim.calls.length).toBeLessThanOrEqual(2 * ids.length);
    for (const id of ids) expect(reactionsOn(p, id)).toEqual(["-1"]);
    expect(allReplies(p)).toHaveLength(kinds.length);
    expect(pullOf(p).state).toBe("open");
  });

  it("refuses an outsider's /hold cancel of someone else's hold without a run, and still honours anyone's /hold", async () => {
    const p = await start();
    const { sim } = p.world;
    await say(p, PEOPLE.reviewer, "/hold");
    sim.resetCalls();
    const cancel = await say(p, PEOPLE.outsider, "/hold cancel");
    expect(sim.calls.length).toBeLessThanOrEqual(2);
    expect(repliesTo(p, cancel)).toEqual(["/hold cancel: only the person who placed a hold or an approver can lift it."]);
    expect(pullOf(p).labels).toContain("do-not-merge/hold");

    // The outsider's own /hold takes effect through a run; then their /hold cancel lifts their own hold (the
    // reviewer's stays), which the cache must not refuse.
    const hold = await say(p, PEOPLE.outsider, "/hold");
    expect(reactionsOn(p, hold)).toEqual(["+1"]);
    expect(statusOf(p)).toContain(PEOPLE.outsider);
    const own = await say(p, PEOPLE.outsider, "/hold cancel");
    expect(reactionsOn(p, own)).toEqual(["+1"]);
  });

  it("refuses an outsider's /retry on the request issue without a run, one reply however often", async () => {
    const p = await start();
    const { sim } = p.world;
    sim.resetCalls();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await say(p, PEOPLE.outsider, "/retry", "issue"));
    expect(sim.calls.length).toBeLessThanOrEqual(2 * ids.length);
    for (const id of ids) {
      expect(reactionsOn(p, id, "issue")).toEqual(["-1"]);
      expect(repliesTo(p, id, "issue")).toEqual(["/retry is only for approvers and the requester."]);
    }
    expect(sim.comments(SUPPORT, p.request).filter((c) => c.body.includes("only for approvers and the requester"))).toHaveLength(1);
  });

  it("still lets an approver approve: the cache never allows or refuses what a run would allow", async () => {
    const p = await start();
    const id = await say(p, PEOPLE.approver, "/approve");
    expect(reactionsOn(p, id)).toEqual(["+1"]);
    expect(pullOf(p).merged).toBe(true);
  });
});
