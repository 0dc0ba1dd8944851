import { describe, expect, it } from "vitest";
import { createMetrics, type Metrics } from "../../src/observability/metrics.js";
import { scratchBranch } from "../../src/publishing/publish-request.js";
import type { SweepReport } from "../../src/reconcile/sweep.js";
import { deliverAll } from "../harness/index.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { BRANCH, publishedWorld, type PublishedWorld } from "../helpers/pull-world.js";
import { addReplica } from "../helpers/replicas.js";
import { useWorldCleanup, useWorlds } from "../helpers/use-world.js";
import { APPS, branchOf, PEOPLE, SUPPORT, type World } from "../helpers/world.js";

/** Request branches of requests that are not in the world (their pull requests merged or closed long ago). */
const GONE = branchOf(7);
const OTHER_GONE = branchOf(8);
const LIVE = branchOf(9);

/** One sweep; fails the test when the app says a sweep is already running. */
async function sweepOnce(world: Pick<World, "handles">): Promise<SweepReport> {
  const report = await world.handles.sweep();
  if (report === "busy") throw new Error("a sweep was already running");
  return report;
}

/** Creates the branches (each with one commit over main), as the bot or people left them. */
function seed(world: World, branches: readonly string[]): void {
  for (const branch of branches) world.sim.pushCommit(APPS, branch, { [`${branch}.txt`]: "x\n" }, PEOPLE.member);
  world.sim.takeEvents();
}

/** The calls the sweep made to the GitOps repository's refs (reads and writes). */
function refCalls(world: World) {
  return world.sim.calls.filter((c) => c.path.startsWith(`/repos/${APPS}/git/`)).map((c) => `${c.method} ${c.operationId}`);
}

/** The sweep's counter of scratch branches, by outcome. */
async function scratchItems(metrics: Metrics, outcome: string): Promise<number> {
  const { values } = await metrics.reconcileItems.get();
  return values.find((v) => v.labels.kind === "scratch-branch" && v.labels.outcome === outcome)?.value ?? 0;
}

describe("the sweep deletes leftover scratch branches", () => {
  const world = useWorlds();

  const cases: Array<{ name: string; branches: string[]; remaining: string[]; deleted: number }> = [
    { name: "deletes a scratch branch whose request branch is gone", branches: [scratchBranch(GONE)], remaining: [], deleted: 1 },
    {
      name: "keeps a scratch branch whose request branch still exists (a run between its two documents)",
      branches: [LIVE, scratchBranch(LIVE)],
      remaining: [LIVE, scratchBranch(LIVE)],
      deleted: 0,
    },
    {
      name: "deletes only the leftovers among several scratch branches",
      branches: [LIVE, scratchBranch(LIVE), scratchBranch(GONE), scratchBranch(OTHER_GONE)],
      remaining: [LIVE, scratchBranch(LIVE)],
      deleted: 2,
    },
    {
      name: "never touches any other branch, whatever its name looks like",
      branches: [GONE.replace("issue-7", "issue-70"), "feature/x", "onboarding-bot-scratchy/x", `team/${scratchBranch(GONE)}`, "onboarding-bot-scratch"],
      remaining: [GONE.replace("issue-7", "issue-70"), "feature/x", "onboarding-bot-scratchy/x", `team/${scratchBranch(GONE)}`, "onboarding-bot-scratch"],
      deleted: 0,
    },
  ];

  it.each(cases)("$name", async (c) => {
    const metrics = createMetrics({ defaultMetrics: false });
    const w = await world({ app: { metrics } });
    seed(w, c.branches);
    w.sim.resetCalls();
    const report = await sweepOnce(w);
    expect(w.sim.branches(APPS)).toEqual(["main", ...c.remaining].sort());
    expect(report).toMatchObject({ scratchBranchesDeleted: c.deleted, scratchBranchesLeft: 0, failed: 0 });
    expect(await scratchItems(metrics, "deleted")).toBe(c.deleted);
    // Only scratch branches are ever deleted, and each only after its request branch was looked up.
    const deletes = w.sim.calls.filter((call) => call.operationId === "git/delete-ref").map((call) => decodeURIComponent(call.path));
    expect(deletes).toHaveLength(c.deleted);
    for (const path of deletes) expect(path).toMatch(new RegExp(`/git/refs/heads/${scratchBranch("")}`));
  });

  it("costs exactly one call when there is no scratch branch", async () => {
    const w = await world();
    seed(w, [LIVE, "feature/x"]);
    w.sim.resetCalls();
    const report = await sweepOnce(w);
    expect(refCalls(w)).toEqual(["GET git/list-matching-refs"]);
    expect(report).toMatchObject({ scratchBranchesDeleted: 0, scratchBranchesLeft: 0, writes: 0 });
  });

  it("deletes nothing in dry-run mode and reports the leftover as left", async () => {
    const w = await world({ app: { settings: { dryRun: true } } });
    seed(w, [scratchBranch(GONE)]);
    w.sim.resetCalls();
    const report = await sweepOnce(w);
    expect(w.sim.branches(APPS)).toEqual(["main", scratchBranch(GONE)]);
    expect(w.sim.calls.filter((c) => c.method !== "GET" && c.path.startsWith(`/repos/${APPS}/`))).toEqual([]);
    expect(report).toMatchObject({ scratchBranchesDeleted: 0, scratchBranchesLeft: 1, writes: 0 });
  });

  it("stops deleting at the sweep's write cap and deletes the rest on the next sweep", async () => {
    const w = await world({ app: { settings: { sweepMaxWrites: 1 } } });
    seed(w, [scratchBranch(GONE), scratchBranch(OTHER_GONE)]);
    const first = await sweepOnce(w);
    expect(first).toMatchObject({ scratchBranchesDeleted: 1, scratchBranchesLeft: 1, writes: 1 });
    expect(w.sim.branches(APPS).filter((b) => b.startsWith(scratchBranch("")))).toHaveLength(1);
    const second = await sweepOnce(w);
    expect(second).toMatchObject({ scratchBranchesDeleted: 1, scratchBranchesLeft: 0, writes: 1 });
    expect(w.sim.branches(APPS)).toEqual(["main"]);
  });

  it("deletes no scratch branch once the process is shutting down", async () => {
    const w = await world();
    seed(w, [scratchBranch(GONE)]);
    await w.handles.shutdown(0);
    const report = await sweepOnce(w);
    expect(report).toMatchObject({ scratchBranchesDeleted: 0, scratchBranchesLeft: 1, writes: 0 });
    expect(w.sim.branches(APPS)).toEqual(["main", scratchBranch(GONE)]);
  });

  it.each([
    { name: "422 Reference does not exist", status: 422, message: "Reference does not exist" },
    { name: "404 Not Found", status: 404, message: "Not Found" },
  ])("takes a scratch branch already deleted by someone else as deleted ($name)", async ({ status, message }) => {
    const metrics = createMetrics({ defaultMetrics: false });
    const w = await world({ app: { metrics } });
    seed(w, [scratchBranch(GONE)]);
    // GitHub's answer when another replica's sweep deleted it between this sweep's look-up and its delete.
    w.sim.inject({ operationId: "git/delete-ref", status, body: { message, documentation_url: "https://docs.github.com/rest/git/refs#delete-a-reference" } });
    const report = await sweepOnce(w);
    expect(report).toMatchObject({ scratchBranchesDeleted: 1, scratchBranchesLeft: 0, failed: 0 });
    expect(await scratchItems(metrics, "failed")).toBe(0);
    const runs = await metrics.reconcileRuns.get();
    expect(runs.values.find((v) => v.labels.outcome === "partial")).toBeUndefined();
  });

  it("lets two replicas sweep the same leftovers at once", async () => {
    const w = await world();
    const replica = await addReplica(w);
    seed(w, [scratchBranch(GONE), scratchBranch(OTHER_GONE)]);
    const reports = await Promise.all([sweepOnce(w), sweepOnce(replica)]);
    for (const report of reports) expect(report).toMatchObject({ failed: 0, scratchBranchesLeft: 0 });
    expect(w.sim.branches(APPS)).toEqual(["main"]);
  });

  it("reports a failing listing as a partial sweep and deletes nothing", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const w = await world({ app: { metrics } });
    seed(w, [scratchBranch(GONE)]);
    w.sim.inject({ operationId: "git/list-matching-refs", status: 500, body: { message: "Server Error" } });
    const report = await sweepOnce(w);
    expect(report).toMatchObject({ scratchBranchesDeleted: 0 });
    expect(w.sim.branches(APPS)).toEqual(["main", scratchBranch(GONE)]);
    expect(await scratchItems(metrics, "failed")).toBe(1);
    const runs = await metrics.reconcileRuns.get();
    expect(runs.values.find((v) => v.labels.outcome === "partial")?.value).toBe(1);
  });
});

describe("an update interrupted between its two documents", () => {
  const track = useWorldCleanup();

  it.each([
    {
      name: "merged on GitHub as it was, its branch deleted there",
      end: (w: PublishedWorld) => {
        w.world.sim.mergePull(APPS, w.pr, PEOPLE.approver, "squash");
        w.world.sim.deleteBranch(APPS, BRANCH, PEOPLE.approver);
      },
    },
    { name: "withdrawn by the requester", end: (w: PublishedWorld) => w.world.sim.closeIssue(SUPPORT, w.request, PEOPLE.requester, "not_planned") },
  ])("leaves a scratch branch that the sweep deletes once the request is $name", async ({ end }) => {
    const p = await publishedWorld();
    track(p.world);
    const { sim, probot } = p.world;
    // The first document (scratch branch reset + commit) goes through; the second (move the request branch, delete
    // the scratch branch) fails, as when the process dies or GitHub fails between the two.
    sim.inject({ operationId: "graphql", graphqlField: "createCommitOnBranch", latencyMs: 0 });
    sim.inject({ operationId: "graphql", graphqlField: "updateRefs", status: 502, body: { message: "Server Error" } });
    const before = sim.ref(APPS, BRANCH);
    sim.editIssue(SUPPORT, p.request, { body: renderIssueBody(validValues({ display_name: "Astro Lab Two" })), by: PEOPLE.requester });
    const edited = await deliverAll(sim, probot, { tolerateErrors: true });
    expect(edited.errors).toHaveLength(1);
    expect(sim.ref(APPS, BRANCH)).toBe(before);
    expect(sim.branches(APPS)).toContain(scratchBranch(BRANCH));

    // No run updates the request again: it ends, and its branch goes, before any retry.
    end(p);
    await deliverAll(sim, probot);
    expect(sim.branches(APPS)).toEqual(["main", scratchBranch(BRANCH)]);

    const report = await sweepOnce(p.world);
    expect(report).toMatchObject({ scratchBranchesDeleted: 1, scratchBranchesLeft: 0, failed: 0 });
    expect(sim.branches(APPS)).toEqual(["main"]);
  });
});
