import type { ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allowOnlyLoopback, createTestProbot, expectNoViolations, restoreNetwork } from "../harness/index.js";
import { GitHubSimulator } from "./index.js";

const repo = { owner: "acme", repo: "requests" };

describe("fault injection and latency", () => {
  let sim: GitHubSimulator;
  let octokit: ProbotOctokit;

  beforeAll(allowOnlyLoopback);
  afterAll(restoreNetwork);
  beforeEach(async () => {
    sim = await GitHubSimulator.start();
    sim.addInstallation(1, "acme");
    sim.addRepo("acme/requests");
    sim.openIssue("acme/requests", { author: "alice", title: "t", body: "b" });
    octokit = await createTestProbot(sim, () => undefined).auth(1);
    sim.takeEvents();
  });
  afterEach(async () => {
    expectNoViolations(sim);
    await sim.close();
  });

  it("fails once with 500 before any state change, then succeeds", async () => {
    sim.inject({ operationId: "issues/create-comment", status: 500 });
    await expect(octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: "hi" })).rejects.toMatchObject({ status: 500 });
    expect(sim.comments("acme/requests", 1)).toEqual([]);
    expect(sim.takeEvents()).toEqual([]);
    await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: "hi" });
    expect(sim.comments("acme/requests", 1).map((c) => c.body)).toEqual(["hi"]);
    expect(sim.calls.filter((c) => c.operationId === "issues/create-comment").map((c) => c.status)).toEqual([500, 201]);
  });

  it("answers rate-limit faults with the given headers and body, `times` times", async () => {
    sim.inject({ method: "GET", path: /\/issues\/1$/, status: 403, times: 2, headers: { "retry-after": "1" }, body: { message: "You have exceeded a secondary rate limit" } });
    for (let i = 0; i < 2; i++) {
      const error = await octokit.rest.issues.get({ ...repo, issue_number: 1 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 403, response: { headers: { "retry-after": "1" }, data: { message: expect.stringContaining("secondary rate limit") } } });
    }
    sim.inject({ operationId: "issues/get", status: 403, headers: { "x-ratelimit-remaining": "0" } });
    const primary = await octokit.rest.issues.get({ ...repo, issue_number: 1 }).catch((e: unknown) => e);
    expect(primary).toMatchObject({ status: 403, response: { headers: { "x-ratelimit-remaining": "0" } } });
    await expect(octokit.rest.issues.get({ ...repo, issue_number: 1 })).resolves.toMatchObject({ status: 200 });
  });

  it("matches a path pattern against the decoded path as well as the raw one", async () => {
    sim.inject({ path: /\/git\/ref\/heads\/main$/, status: 502 });
    await expect(octokit.rest.git.getRef({ ...repo, ref: "heads/main" })).rejects.toMatchObject({ status: 502 });
    await expect(octokit.rest.git.getRef({ ...repo, ref: "heads/main" })).resolves.toMatchObject({ status: 200 });
  });

  it("resets the connection for network faults", async () => {
    sim.inject({ operationId: "issues/get", network: "reset" });
    await expect(octokit.rest.issues.get({ ...repo, issue_number: 1 })).rejects.toMatchObject({ status: 500 });
    await expect(octokit.rest.issues.get({ ...repo, issue_number: 1 })).resolves.toMatchObject({ status: 200 });
  });

  it("adds latency per fault and globally, and tracks the concurrency high-water mark", async () => {
    sim.inject({ operationId: "issues/get", latencyMs: 60 });
    const started = performance.now();
    await octokit.rest.issues.get({ ...repo, issue_number: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);

    sim.latencyMs = 30;
    sim.resetCalls();
    await Promise.all([1, 2, 3, 4].map(() => octokit.rest.issues.get({ ...repo, issue_number: 1 })));
    expect(sim.maxConcurrentCalls).toBe(4);
    expect(sim.calls).toHaveLength(4);
    for (const call of sim.calls) expect(call.endedAt - call.startedAt).toBeGreaterThanOrEqual(25);
  });
});
