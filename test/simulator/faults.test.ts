import { describe, expect, it, vi } from "vitest";
import { createTestProbot, expectNoViolations, useSimulator } from "../harness/index.js";
import { GitHubSimulator } from "./index.js";

const repo = { owner: "acme", repo: "requests" };

describe("fault injection and latency", () => {
  const gh = useSimulator(
    (sim) => {
      sim.addRepo("acme/requests");
      sim.openIssue("acme/requests", { author: "alice", title: "t", body: "b" });
      sim.takeEvents();
    },
  );

  it("fails once with 500 before any state change, then succeeds", async () => {
    gh.sim.inject({ operationId: "issues/create-comment", status: 500 });
    await expect(gh.octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: "hi" })).rejects.toMatchObject({ status: 500 });
    expect(gh.sim.comments("acme/requests", 1)).toEqual([]);
    expect(gh.sim.takeEvents()).toEqual([]);
    await gh.octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: "hi" });
    expect(gh.sim.comments("acme/requests", 1).map((c) => c.body)).toEqual(["hi"]);
    expect(gh.sim.calls.filter((c) => c.operationId === "issues/create-comment").map((c) => c.status)).toEqual([500, 201]);
  });

  it("answers rate-limit faults with the given headers and body, `times` times", async () => {
    gh.sim.inject({ method: "GET", path: /\/issues\/1$/, status: 403, times: 2, headers: { "retry-after": "1" }, body: { message: "You have exceeded a secondary rate limit" } });
    for (let i = 0; i < 2; i++) {
      const error = await gh.octokit.rest.issues.get({ ...repo, issue_number: 1 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 403, response: { headers: { "retry-after": "1" }, data: { message: expect.stringContaining("secondary rate limit") } } });
    }
    gh.sim.inject({ operationId: "issues/get", status: 403, headers: { "x-ratelimit-remaining": "0" } });
    const primary = await gh.octokit.rest.issues.get({ ...repo, issue_number: 1 }).catch((e: unknown) => e);
    expect(primary).toMatchObject({ status: 403, response: { headers: { "x-ratelimit-remaining": "0" } } });
    await expect(gh.octokit.rest.issues.get({ ...repo, issue_number: 1 })).resolves.toMatchObject({ status: 200 });
  });

  it("fails only the GraphQL operation it names, whatever root fields other operations share with it", async () => {
    gh.sim.inject({ operationId: "graphql", graphqlOperation: "Second", status: 502 });
    const query = (name: string) => gh.octokit.graphql(`query ${name}($o: String!, $r: String!) { repository(owner: $o, name: $r) { id } }`, { o: repo.owner, r: repo.repo });
    await expect(query("First")).resolves.toMatchObject({ repository: { id: expect.any(String) } });
    await expect(query("Second")).rejects.toMatchObject({ status: 502 });
    await expect(query("Second")).resolves.toMatchObject({ repository: { id: expect.any(String) } });
  });

  it("matches a path pattern against the decoded path as well as the raw one", async () => {
    gh.sim.inject({ path: /\/git\/ref\/heads\/main$/, status: 502 });
    await expect(gh.octokit.rest.git.getRef({ ...repo, ref: "heads/main" })).rejects.toMatchObject({ status: 502 });
    await expect(gh.octokit.rest.git.getRef({ ...repo, ref: "heads/main" })).resolves.toMatchObject({ status: 200 });
  });

  it("resets the connection for network faults", async () => {
    gh.sim.inject({ operationId: "issues/get", network: "reset" });
    await expect(gh.octokit.rest.issues.get({ ...repo, issue_number: 1 })).rejects.toMatchObject({ status: 500 });
    await expect(gh.octokit.rest.issues.get({ ...repo, issue_number: 1 })).resolves.toMatchObject({ status: 200 });
  });
});

/** A sleep the test ends by hand: each wait is recorded with its length and lasts until woken. */
function manualSleep(): { sleep: (ms: number) => Promise<void>; asleep: Array<{ ms: number; wake: () => void }> } {
  const asleep: Array<{ ms: number; wake: () => void }> = [];
  return { asleep, sleep: (ms) => new Promise<void>((wake) => asleep.push({ ms, wake })) };
}

describe("latency", () => {
  it("waits the fault's latency, or the global one, before answering, and tracks the concurrency high-water mark", async () => {
    const clock = manualSleep();
    const sim = await GitHubSimulator.start({ sleep: clock.sleep });
    try {
      sim.addInstallation(1, "acme");
      sim.addRepo("acme/requests");
      sim.openIssue("acme/requests", { author: "alice", title: "t", body: "b" });
      const octokit = await createTestProbot(sim, () => undefined).auth(1);

      sim.inject({ operationId: "issues/get", latencyMs: 60 });
      const slow = octokit.rest.issues.get({ ...repo, issue_number: 1 });
      await vi.waitFor(() => expect(clock.asleep.map((s) => s.ms)).toEqual([60]));
      expect(sim.calls.at(-1)).toMatchObject({ operationId: "issues/get", status: 0 });
      clock.asleep.shift()?.wake();
      await expect(slow).resolves.toMatchObject({ status: 200 });

      sim.latencyMs = 30;
      sim.resetCalls();
      const four = Promise.all([1, 2, 3, 4].map(() => octokit.rest.issues.get({ ...repo, issue_number: 1 })));
      await vi.waitFor(() => expect(clock.asleep.map((s) => s.ms)).toEqual([30, 30, 30, 30]));
      expect(sim.calls.map((c) => c.status)).toEqual([0, 0, 0, 0]);
      clock.asleep.splice(0).forEach((s) => s.wake());
      await four;
      expect(sim.maxConcurrentCalls).toBe(4);
      expect(sim.calls.map((c) => c.status)).toEqual([200, 200, 200, 200]);
      expectNoViolations(sim);
    } finally {
      await sim.close();
    }
  });
});
