import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import type { ControllerDeps } from "../../src/controller/deps.js";
import { reconcilePull, type PullReads } from "../../src/controller/reconcile-pull.js";
import type { RequestRun } from "../../src/controller/run.js";
import { getIssue, getPull, listComments, listReviews, type IssueInfo } from "../../src/github/reader.js";
import { createGitHubPort } from "../../src/github/port.js";
import { parseFullName } from "../../src/github/repo-ref.js";
import { createWriter } from "../../src/github/writer.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { deliverAll } from "../harness/index.js";
import { usePublishedWorlds, type PublishedWorld } from "../helpers/pull-world.js";
import { APPS, branchOf, INSTALLATION, PEOPLE, SUPPORT, TRUST_SETTINGS } from "../helpers/world.js";

/** The shell of the pull-request side, driven directly: what it reads, and what it takes from the caller instead. */

const start = usePublishedWorlds();

/** A run of request #1 as the request side builds it, woken by pull request comment `trigger`. */
async function runOf(p: PublishedWorld, trigger: number): Promise<RequestRun> {
  const octokit = await p.world.probot.auth(INSTALLATION);
  const ref = { ...parseFullName(SUPPORT), number: p.request };
  const gitops = parseFullName(APPS);
  const loaded = await loadConfig(octokit, ref, TRUST_SETTINGS);
  if (!loaded.ok) throw new Error("runOf: the test world's configuration does not load");
  const github = createGitHubPort(octokit);
  const deps: ControllerDeps = {
    github,
    githubFor: async () => github,
    log: p.world.probot.log,
    metrics: createMetrics({ defaultMetrics: false }),
    settings: { dryRun: false },
    botLogin: "onboarding-bot[bot]",
    trust: TRUST_SETTINGS,
  };
  const issue: IssueInfo = await getIssue(octokit, ref);
  const writers = { gitopsRepo: gitops, dryRun: false, allowIssue: ref };
  const author = { login: PEOPLE.approver, type: "User" as const };
  return {
    deps,
    ref,
    trigger: { event: "issue_comment.created", receivedAt: 0, comments: [{ id: trigger, on: "pull", where: { ...gitops, number: p.pr }, author, body: "/approve" }] },
    issue,
    config: loaded.config,
    gitops,
    gitopsGitHub: github,
    branch: branchOf(p.request),
    dryRun: false,
    issueWriter: createWriter(octokit, writers),
    gitopsWriter: createWriter(octokit, writers),
    comments: await listComments(octokit, ref, deps.botLogin),
  };
}

/** GETs of the pull request, its comments and its reviews since call `from`. */
function pullReads(p: PublishedWorld, from: number): string[] {
  return p.world.sim.calls
    .slice(from)
    .filter((c) => c.method === "GET" && c.path.startsWith(`/repos/${APPS}/`))
    .map((c) => c.operationId ?? c.path)
    .filter((op) => ["pulls/get", "issues/list-comments", "pulls/list-reviews", "repos/get-content"].includes(op));
}

describe("reconcilePull", () => {
  it("reads the pull request, its comments and reviews itself when the caller hands in nothing, and merges", async () => {
    const p = await start();
    const id = p.world.sim.comment(APPS, p.pr, PEOPLE.approver, "/approve");
    p.world.sim.takeEvents();
    const run = await runOf(p, id);
    const from = p.world.sim.calls.length;
    const head = p.world.sim.pulls(APPS)[0]!.head.sha;

    expect(await reconcilePull(run, p.pr, { requestValid: true, problems: [], headSha: head })).toBe("merged");
    expect(pullReads(p, from).sort()).toEqual(["issues/list-comments", "pulls/get", "pulls/list-reviews"]);
  });

  it("takes what the caller already read (one observation) instead of reading it again, with the same outcome", async () => {
    const p = await start();
    const id = p.world.sim.comment(APPS, p.pr, PEOPLE.approver, "/approve");
    p.world.sim.takeEvents();
    const run = await runOf(p, id);
    const gitops = parseFullName(APPS);
    const reads: PullReads = {
      pull: await getPull(run.gitopsGitHub.octokit, gitops, p.pr),
      comments: await listComments(run.gitopsGitHub.octokit, { ...gitops, number: p.pr }, run.deps.botLogin),
      reviews: await listReviews(run.gitopsGitHub.octokit, gitops, p.pr),
      revisions: new Map(),
      ownersText: null,
      teamMembers: [],
    };
    const from = p.world.sim.calls.length;

    expect(await reconcilePull(run, p.pr, { requestValid: true, problems: [], headSha: reads.pull!.headSha }, reads)).toBe("merged");
    expect(pullReads(p, from)).toEqual([]);
    expect(p.world.sim.comments(APPS, p.pr).find((c) => c.id === id)?.reactions.map((r) => r.content)).toEqual(["+1"]);
    await deliverAll(p.world.sim, p.world.probot);
    expect(p.world.sim.pulls(APPS)[0]!.merged).toBe(true);
  });

  it("reads the edit history the caller did not hand in, so a /hold edited away still holds", async () => {
    const p = await start();
    const hold = p.world.sim.comment(APPS, p.pr, PEOPLE.outsider, "/hold");
    p.world.sim.editComment(APPS, hold, "never mind", PEOPLE.outsider);
    const id = p.world.sim.comment(APPS, p.pr, PEOPLE.approver, "/approve");
    p.world.sim.takeEvents();
    const run = await runOf(p, id);
    const gitops = parseFullName(APPS);
    const pull = await getPull(run.gitopsGitHub.octokit, gitops, p.pr);
    const comments = await listComments(run.gitopsGitHub.octokit, { ...gitops, number: p.pr }, run.deps.botLogin);

    const outcome = await reconcilePull(run, p.pr, { requestValid: true, problems: [], headSha: pull.headSha }, { pull, comments, revisions: new Map() });
    expect(outcome).toBe("open");
    expect(p.world.sim.pulls(APPS)[0]!.labels).toContain("do-not-merge/hold");
  });
});
