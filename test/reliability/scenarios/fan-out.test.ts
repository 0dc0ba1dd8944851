import { describe, expect, it } from "vitest";
import { FAN_OUT_LIMIT } from "../../../src/github/reader.js";
import type { RecordedCall } from "../../simulator/index.js";
import { deliverAll } from "../../harness/index.js";
import { validValues } from "../../helpers/issue-body.js";
import { SUPPORT } from "../../helpers/world.js";
import { pullOf } from "./lifecycle.js";
import { useWorlds } from "../../helpers/use-world.js";

/** The most calls of `calls` that were in flight at the same moment. */
function peakOverlap(calls: readonly RecordedCall[]): number {
  const edges = calls.flatMap((c) => [
    { at: c.startedAt, delta: 1 },
    { at: c.endedAt, delta: -1 },
  ]);
  // At equal times, count an end before a start: touching calls did not overlap.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const e of edges) {
    current += e.delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

describe("bounded fan-out", () => {
  const startWorld = useWorlds();

  it("looks up a request's 100 members in its one observation, without a call per member", async () => {
    const world = await startWorld({ latencyMs: 5 });
    const members = Array.from({ length: 99 }, (_, i) => `member-${String(i + 1).padStart(3, "0")}`);
    for (const login of members) world.sim.addUser(login);
    const n = world.openRequest(validValues({ members: ["@alice", ...members.map((m) => `@${m}`)].join("\n") }));
    world.sim.resetCalls();
    await deliverAll(world.sim, world.probot);

    expect(world.sim.calls.filter((c) => c.operationId === "users/get-by-username")).toEqual([]);
    // Each login is one aliased `user(login:)` field of the observation that plans for the request's body.
    const observations = world.sim.calls.filter((c) => c.graphql?.operationName === "Observe");
    expect(Math.max(...observations.map((c) => (c.graphql?.rootFields ?? []).filter((f) => f === "user").length))).toBe(100);
    expect(pullOf(world, n)).toHaveLength(1);
    expect(world.sim.issue(SUPPORT, n).labels).toContain("onboarding/validated");
  });

  it("looks up the members past what one observation reads with at most 8 calls in flight", async () => {
    // Latency keeps each look-up in flight long enough that an unbounded fan-out would overlap far more than 8.
    const world = await startWorld({ latencyMs: 5, config: { limits: { maxMembers: 200 } } });
    const members = Array.from({ length: 139 }, (_, i) => `member-${String(i + 1).padStart(3, "0")}`);
    for (const login of members) world.sim.addUser(login);
    const n = world.openRequest(validValues({ members: ["@alice", ...members.map((m) => `@${m}`)].join("\n") }));
    world.sim.resetCalls();
    await deliverAll(world.sim, world.probot);

    const lookups = world.sim.calls.filter((c) => c.operationId === "users/get-by-username");
    // The 40 logins past the observation's 100, each once per run (the opened and labeled events may run it twice).
    expect(new Set(lookups.map((c) => c.path.toLowerCase())).size).toBe(40);
    const peak = peakOverlap(lookups);
    expect(peak).toBeLessThanOrEqual(FAN_OUT_LIMIT);
    expect(FAN_OUT_LIMIT).toBe(8);
    // The bound is used, not a one-at-a-time crawl.
    expect(peak).toBeGreaterThan(1);
    expect(world.sim.maxConcurrentCalls).toBeLessThanOrEqual(FAN_OUT_LIMIT + 8);
    expect(pullOf(world, n)).toHaveLength(1);
    expect(world.sim.issue(SUPPORT, n).labels).toContain("onboarding/validated");
  });
});
