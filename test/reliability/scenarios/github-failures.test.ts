import { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { createApp, type AppHandles } from "../../../src/index.js";
import { createMetrics } from "../../../src/observability/metrics.js";
import { deliver, deliverAll, expectNoViolations, testPrivateKey, type LogRecord } from "../../harness/index.js";
import { renderIssueBody, validValues } from "../../helpers/issue-body.js";
import { addReplica, type Replica } from "../../helpers/replicas.js";
import { TRUST_SETTINGS, APPS, branchOf, createWorld, PEOPLE, SUPPORT, type World } from "../../helpers/world.js";
import type { FaultSpec } from "../../simulator/index.js";
import { PR_STATUS_MARKER, pullOf, STATUS_MARKER, succeeded } from "./lifecycle.js";
import { useWorlds } from "../../helpers/use-world.js";

const SECONDARY_RATE_LIMIT = {
  status: 403,
  headers: { "retry-after": "1" },
  body: {
    message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
  },
};

interface Case {
  name: string;
  fault: FaultSpec;
  /** The request is new (no status comment yet) rather than an invalid one being fixed. */
  fresh?: boolean;
  /** How the request is brought back: GitHub redelivering the failed webhook, or the sweep. */
  repair: "redeliver" | "sweep";
  /** Commits GitHub made in all (`createCommitOnBranch` carried out). */
  commits: number;
}

const CASES: Case[] = [
  // Branch, commit and pull request go in one GraphQL document: a failed request does none of them.
  { name: "the act document answers 502", fault: { operationId: "graphql", graphqlField: "createCommitOnBranch", status: 502 }, repair: "redeliver", commits: 1 },
  { name: "the act document fails and the sweep repairs it", fault: { operationId: "graphql", graphqlField: "createCommitOnBranch", status: 500 }, repair: "sweep", commits: 1 },
  { name: "the act document hits a secondary rate limit", fault: { operationId: "graphql", graphqlField: "createPullRequest", ...SECONDARY_RATE_LIMIT }, repair: "redeliver", commits: 1 },
  { name: "reading the GitOps repository's node id answers 500", fault: { operationId: "graphql", graphqlField: "repository", status: 500 }, repair: "redeliver", commits: 1 },
  // The bot records each commit in its status comment right after the document that made it: when that write
  // fails, the branch holds exactly the bot's rendering on exactly the base, which the next attempt adopts (no
  // second commit).
  { name: "posting the first status comment answers 500", fault: { operationId: "issues/create-comment", status: 500 }, fresh: true, repair: "redeliver", commits: 1 },
  { name: "editing the status comment answers 502", fault: { operationId: "issues/update-comment", status: 502 }, repair: "redeliver", commits: 1 },
  { name: "adding labels answers 500", fault: { operationId: "issues/add-labels", status: 500 }, repair: "sweep", commits: 1 },
  // A new request's comments settle their races together after its other writes: a failed write beside them, or a
  // failed settlement (the listing that is also the ledger's read-back), leaves one status comment of each.
  { name: "a new request's labels answer 500", fault: { operationId: "issues/add-labels", status: 500 }, fresh: true, repair: "redeliver", commits: 1 },
  { name: "settling a new request's comment races answers 502", fault: { operationId: "graphql", graphqlOperation: "MarkedThreads", status: 502 }, fresh: true, repair: "redeliver", commits: 1 },
  { name: "adding labels hits a secondary rate limit", fault: { operationId: "issues/add-labels", ...SECONDARY_RATE_LIMIT }, repair: "redeliver", commits: 1 },
];

function statusComments(world: World, number: number) {
  return world.sim.comments(SUPPORT, number).filter((c) => c.body.startsWith(STATUS_MARKER));
}

describe("GitHub failing at each publishing step", () => {
  const startWorld = useWorlds();

  it.each(CASES)("$name: the delivery fails, the status says so, and the next attempt converges", async (c) => {
    const world = await startWorld();
    const w = world;
    const logs: LogRecord[] = [];
    const replica: Replica = await addReplica(w, {}, { logRecords: logs, logLevel: "error" });
    const baseSha = w.sim.ref(APPS, "heads/main");

    let number: number;
    if (c.fresh) {
      w.sim.inject(c.fault);
      number = w.openRequest();
    } else {
      number = w.openRequest(validValues({ team: "Bad_Team" }));
      await deliverAll(w.sim, replica.probot);
      expect(statusComments(w, number)).toHaveLength(1);
      w.sim.inject(c.fault);
      w.sim.editIssue(SUPPORT, number, { body: renderIssueBody(validValues()), by: PEOPLE.requester });
    }

    const first = await deliverAll(w.sim, replica.probot, { tolerateErrors: true });
    expect(first.errors).toHaveLength(1);
    expect((first.errors[0] as { status?: number }).status).toBe(c.fault.status);
    const failedAt = w.sim.calls.filter((call) => call.operationId === c.fault.operationId && call.status === c.fault.status);
    expect(failedAt).toHaveLength(1);

    // Maintainers find the failure in the logs by its error id; the requester sees the verdict, never the error.
    const logged = logs.find((r) => r.msg === "reconciling the request failed");
    expect(logged?.errorId).toMatch(/^[0-9a-f]{8}$/);
    // Even on a request's very first run (no status comment yet) the request ends with a verdict.
    const status = statusComments(w, number);
    expect(status).toHaveLength(1);
    const body = status[0]!.body;
    expect(body).toContain("Your request is safe");
    expect(body).toContain("will be retried");
    expect(body).toContain(`\`${String(logged?.errorId)}\``);
    const withoutId = body.replace(String(logged?.errorId), "");
    expect(withoutId).not.toMatch(/Simulated|rate limit|\b(500|502|403)\b|Error:|at .*\.(js|ts):/);

    if (c.repair === "redeliver") {
      // GitHub redelivers the same deliveries (same ids); the ones that succeeded are skipped as duplicates.
      for (const event of first.delivered) await deliver(replica.probot, event);
    } else {
      expect(await w.handles.sweep()).toMatchObject({ failed: 0, skippedForWriteCap: 0 });
    }
    await deliverAll(w.sim, [w.probot, replica.probot]);

    expect(w.sim.branches(APPS).filter((b) => b.startsWith("onboarding/"))).toEqual([branchOf(number)]);
    expect(succeeded(w, "createRef")).toBe(1);
    expect(succeeded(w, "createPullRequest")).toBe(1);
    expect(succeeded(w, "createCommitOnBranch")).toBe(c.commits);
    const pulls = pullOf(w, number);
    expect(pulls).toHaveLength(1);
    const pull = pulls[0]!;
    expect(w.sim.commit(APPS, pull.head.sha).parents).toEqual([baseSha]);
    expect(w.sim.ref(APPS, `heads/${branchOf(number)}`)).toBe(pull.head.sha);

    const after = statusComments(w, number);
    expect(after).toHaveLength(1);
    expect(after[0]!.body).toContain(`/pull/${pull.number}`);
    expect(after[0]!.body).not.toContain("Something went wrong");
    expect(w.sim.issue(SUPPORT, number).labels).toContain("onboarding/validated");
    expect(w.sim.issue(SUPPORT, number).labels).not.toContain("onboarding/needs-changes");
    expect(w.sim.comments(APPS, pull.number).filter((cm) => cm.body.startsWith(PR_STATUS_MARKER))).toHaveLength(1);
    expect(pull.labels).toContain("onboarding");
  });
});

describe("Probot's retry and throttling in production", () => {
  it("retries a 502 and waits out a primary rate limit without failing the delivery", async () => {
    const w = await createWorld();
    try {
      let handles: AppHandles | undefined;
      // Built like `probot run` builds it: no Octokit override, so ProbotOctokit's retry and throttling are on.
      const probot = new Probot({ appId: 1, privateKey: testPrivateKey(), baseUrl: w.sim.url, logLevel: "fatal" });
      await probot.load(
        createApp({ metrics: createMetrics({ defaultMetrics: false }), settings: { dryRun: false, sweepIntervalSeconds: 0, ...TRUST_SETTINGS }, onReady: (h) => (handles = h) }),
        { cwd: process.cwd(), addHandler: () => undefined },
      );
      expect(handles).toBeDefined();
      const number = w.openRequest(validValues({ team: "Bad_Team" }));
      // The run's first call is its observation (one GraphQL query): a 502, then the rate limit on the retry.
      w.sim.inject({ operationId: "graphql", status: 502 });
      w.sim.inject({
        operationId: "graphql",
        status: 403,
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000)) },
        body: { message: "API rate limit exceeded for installation ID 1.", documentation_url: "https://docs.github.com/rest" },
      });
      const result = await deliverAll(w.sim, probot, { concurrent: false });
      expect(result.errors).toEqual([]);
      expect(w.sim.calls.filter((c) => c.operationId === "graphql" && c.status === 502)).toHaveLength(1);
      expect(w.sim.calls.filter((c) => c.operationId === "graphql" && c.status === 403)).toHaveLength(1);
      expect(statusComments(w, number)).toHaveLength(1);
      expect(w.sim.issue(SUPPORT, number).labels).toContain("onboarding/needs-changes");
      expectNoViolations(w.sim);
    } finally {
      await w.close();
    }
  });
});
