import type nock from "nock";
import { beforeEach, describe, expect, it } from "vitest";
import type { PullInfo } from "../../src/github/reader.js";
import { createWriter, DryRunViolation } from "../../src/github/writer.js";
import { renderCommitMessage } from "../../src/publishing/commit-message.js";
import type { LedgerEntry } from "../../src/publishing/ledger.js";
import { PUBLISH_ATTEMPTS, publishRequest, type PublishInput } from "../../src/publishing/publish-request.js";
import { renderRequestMarker } from "../../src/publishing/request-marker.js";
import type { FileChange, OnboardingRequest } from "../../src/types.js";
import { github, testOctokit, useStrictNock } from "../github/test-octokit.js";

const GITOPS = { owner: "acme", repo: "gitops" };
const REQUEST_REF = { owner: "acme", repo: "requests", number: 5 };
const BRANCH = "onboarding/issue-5";
const REF_PATH = "/repos/acme/gitops/git/ref/heads%2Fonboarding%2Fissue-5";
const UPDATE_REF_PATH = "/repos/acme/gitops/git/refs/heads%2Fonboarding%2Fissue-5";
const PULLS_LIST = "/repos/acme/gitops/pulls";
const PULLS_QUERY = { head: `acme:${BRANCH}`, state: "all", per_page: "10" };
const BASE = { commitSha: "base-1", treeSha: "base-tree-1", blobs: new Map<string, string>() };
const FILES: FileChange[] = [{ path: "cluster-scope/base/core/namespaces/aurora-dev/namespace.yaml", content: "kind: Namespace\n" }];
const REQUEST: OnboardingRequest = {
  team: "aurora",
  namespaces: ["aurora-dev"],
  clusters: ["smaug"],
  owner: "alice",
  members: ["alice"],
  description: "d",
  quotaTier: "small",
  acknowledged: true,
};
const DIGEST = "0123456789abcdef0123";
const OLD_DIGEST = "ffffffffffffffffffff";
const TITLE = "Onboard aurora: aurora-dev on smaug";
const BODY = `${renderRequestMarker({ ...REQUEST_REF, digest: "0123456789abcdef0123" })}\nbody`;

/** One request as nock saw it, in order. */
interface Call {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}
let calls: Call[] = [];
useStrictNock();
beforeEach(() => {
  calls = [];
});

/** A nock scope that records every request it answers into `calls`. */
function recorded(): nock.Scope {
  const scope = github();
  scope.on("request", (req: { method: string; path: string }, _interceptor: unknown, body: string) => {
    calls.push({ method: req.method, path: req.path.split("?")[0] ?? req.path, body: body ? (JSON.parse(body) as Record<string, unknown>) : undefined });
  });
  return scope;
}

/** What the calls were, as `METHOD path` lines. */
const callLines = () => calls.map((c) => `${c.method} ${c.path}`);
const writes = () => calls.filter((c) => c.method !== "GET");

/** The ledger the bot keeps for the request in these tests (`record` appends to it, as the status comment would). */
let ledger: LedgerEntry[] = [];
beforeEach(() => {
  ledger = [];
});

/** A ledger entry for a commit the bot made. */
function entry(sha: string, opts: { digest?: string; tenantDigest?: string; parents?: string[]; base?: string } = {}): LedgerEntry {
  return {
    sha,
    tree: `${sha}-tree`,
    parents: opts.parents ?? [BASE.commitSha],
    base: opts.base ?? BASE.commitSha,
    digest: opts.digest ?? DIGEST,
    tenantDigest: opts.tenantDigest ?? "1111111111",
    at: "2026-01-01T00:00:00Z",
    fields: {},
  };
}

function input(overrides: Partial<PublishInput> = {}): PublishInput {
  return {
    gitops: GITOPS,
    baseBranch: "main",
    branch: BRANCH,
    request: REQUEST_REF,
    base: BASE,
    files: FILES,
    digest: DIGEST,
    tenantDigest: "1111111111",
    fields: {},
    commitMessage: renderCommitMessage(REQUEST, REQUEST_REF, DIGEST, "f".repeat(40)),
    title: TITLE,
    body: BODY,
    branchSha: undefined,
    pull: undefined,
    reopen: false,
    ledger,
    record: async (e) => {
      calls.push({ method: "RECORD", path: e.sha, body: { parents: e.parents, tree: e.tree } });
      ledger.push(e);
    },
    ...overrides,
  };
}

function pull(overrides: Partial<PullInfo> = {}): PullInfo {
  return {
    number: 12,
    state: "open",
    merged: false,
    title: TITLE,
    body: BODY,
    headRef: BRANCH,
    headSha: "head-1",
    baseRef: "main",
    user: { login: "onboarding-bot[bot]", type: "Bot" },
    labels: [],
    htmlUrl: "https://github.com/acme/gitops/pull/12",
    mergeable: true,
    closedAt: null,
    ...overrides,
  };
}

/** A `git/commits/:sha` answer: the bot's own commit unless told otherwise. */
function commitJson(sha: string, opts: { digest?: string; verified?: boolean; parents?: string[]; message?: string } = {}) {
  return {
    sha,
    message: opts.message ?? renderCommitMessage(REQUEST, REQUEST_REF, opts.digest ?? DIGEST, "f".repeat(40)),
    parents: (opts.parents ?? [BASE.commitSha]).map((p) => ({ sha: p })),
    tree: { sha: `${sha}-tree` },
    committer: { name: "GitHub", date: "2026-01-01T00:00:00Z" },
    verification: { verified: opts.verified ?? true, reason: opts.verified === false ? "unsigned" : "valid" },
  };
}

/** A `pulls.list` entry shaped like GitHub's. */
function pullJson(p: PullInfo) {
  return {
    number: p.number,
    state: p.state,
    merged_at: p.merged ? "2026-01-01T00:00:00Z" : null,
    title: p.title,
    body: p.body,
    head: { ref: p.headRef, sha: p.headSha },
    base: { ref: p.baseRef },
    user: { login: p.user.login, type: p.user.type },
    labels: [],
    html_url: p.htmlUrl,
    closed_at: p.closedAt,
  };
}

const writer = () => createWriter(testOctokit(), { gitopsRepo: GITOPS, dryRun: false });
const publish = (overrides: Partial<PublishInput> = {}) => publishRequest(testOctokit(), writer(), input(overrides));

/** Answers one read of the commit `sha` with {@link commitJson}. */
function readsCommit(scope: nock.Scope, sha: string, opts: Parameters<typeof commitJson>[1] = {}): nock.Scope {
  return scope.get(`/repos/acme/gitops/git/commits/${sha}`).reply(200, commitJson(sha, opts));
}

/** Answers the tree and then the commit a new commit is made of, with these SHAs. */
function writesCommit(scope: nock.Scope, treeSha: string, commitSha: string): nock.Scope {
  return scope
    .post("/repos/acme/gitops/git/trees")
    .reply(201, { sha: treeSha })
    .post("/repos/acme/gitops/git/commits")
    .reply(201, { sha: commitSha, committer: { date: "2026-02-02T10:00:00Z" } });
}

/** Refuses the branch's fast-forward; the re-read then finds the branch at `movedTo`, with the open pull request. */
function refusesFastForward(scope: nock.Scope, movedTo: string): nock.Scope {
  return scope
    .patch(UPDATE_REF_PATH)
    .reply(422, { message: "Update is not a fast forward" })
    .get(REF_PATH)
    .reply(200, { object: { sha: movedTo } })
    .get(PULLS_LIST)
    .query(PULLS_QUERY)
    .reply(200, [pullJson(pull())]);
}

/** Creates the branch, then createPull answers "already exists" and the re-read by branch finds `existing`. */
function createsBranchThenPullExists(existing: PullInfo): nock.Scope {
  return writesCommit(recorded(), "tree-new", "commit-new")
    .post("/repos/acme/gitops/git/refs")
    .reply(201, {})
    .post("/repos/acme/gitops/pulls")
    .reply(422, { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for acme:${BRANCH}.` }] })
    .get(PULLS_LIST)
    .query(PULLS_QUERY)
    .reply(200, [pullJson(existing)]);
}

describe("publishRequest", () => {
  it("with no branch: creates tree and commit, records the commit in the ledger, then the branch and pull request", async () => {
    const scope = writesCommit(recorded(), "tree-new", "commit-new")
      .post("/repos/acme/gitops/git/refs")
      .reply(201, { ref: `refs/heads/${BRANCH}` })
      .post("/repos/acme/gitops/pulls")
      .reply(201, { number: 12, html_url: "https://github.com/acme/gitops/pull/12" });
    const outcome = await publish();
    expect(outcome).toMatchObject({ kind: "opened", pull: { number: 12, htmlUrl: "https://github.com/acme/gitops/pull/12" }, headSha: "commit-new", committed: true });
    expect(callLines()).toEqual([
      "POST /repos/acme/gitops/git/trees",
      "POST /repos/acme/gitops/git/commits",
      "RECORD commit-new",
      "POST /repos/acme/gitops/git/refs",
      "POST /repos/acme/gitops/pulls",
    ]);
    expect(ledger).toEqual([{ ...entry("commit-new"), tree: "tree-new", at: "2026-02-02T10:00:00Z" }]);
    expect(calls[1]?.body).toMatchObject({ tree: "tree-new", parents: [BASE.commitSha] });
    expect(calls[1]?.body).not.toHaveProperty("committer");
    expect(scope.isDone()).toBe(true);
  });

  it("with a head the ledger vouches for, the same digest and an up-to-date pull request: makes no call at all", async () => {
    ledger.push(entry("head-1"));
    const outcome = await publish({ branchSha: "head-1", pull: pull() });
    expect(outcome).toMatchObject({ kind: "unchanged", headSha: "head-1", committed: false });
    expect(calls).toEqual([]);
  });

  it("with the same digest but a stale title: updates only the title, no commit", async () => {
    ledger.push(entry("head-1"));
    const scope = recorded().patch("/repos/acme/gitops/pulls/12").reply(200, {});
    const outcome = await publish({ branchSha: "head-1", pull: pull({ title: "old title" }) });
    expect(outcome).toMatchObject({ kind: "unchanged", committed: false });
    expect(writes()).toEqual([{ method: "PATCH", path: "/repos/acme/gitops/pulls/12", body: { title: TITLE } }]);
    expect(scope.isDone()).toBe(true);
  });

  it("with another digest and the base already under the head: commits on the head alone, records, fast-forwards (force false)", async () => {
    ledger.push(entry("head-1", { digest: OLD_DIGEST }));
    const scope = writesCommit(recorded(), "tree-2", "head-2").patch(UPDATE_REF_PATH).reply(200, {});
    const outcome = await publish({ branchSha: "head-1", pull: pull() });
    expect(outcome).toMatchObject({ kind: "updated", headSha: "head-2", committed: true });
    expect(callLines()).toEqual([
      "POST /repos/acme/gitops/git/trees",
      "POST /repos/acme/gitops/git/commits",
      "RECORD head-2",
      `PATCH ${UPDATE_REF_PATH}`,
    ]);
    expect(calls[1]?.body).toMatchObject({ parents: ["head-1"] });
    expect(calls.at(-1)?.body).toEqual({ sha: "head-2", force: false });
    expect(scope.isDone()).toBe(true);
  });

  it("with another digest after the base moved: merges the new base head in (parents branch head, base head)", async () => {
    ledger.push(entry("head-1", { digest: OLD_DIGEST, parents: ["base-0"], base: "base-0" }));
    const scope = writesCommit(recorded(), "tree-2", "head-2").patch(UPDATE_REF_PATH).reply(200, {});
    await publish({ branchSha: "head-1", pull: pull() });
    expect(calls.find((c) => c.path === "/repos/acme/gitops/git/commits")?.body).toMatchObject({ parents: ["head-1", BASE.commitSha] });
    expect(scope.isDone()).toBe(true);
  });

  it("stops at a head the ledger does not vouch for, however verified and trailered it is, without writing", async () => {
    ledger.push(entry("head-0"));
    // A signed commit whose message copies the bot's trailers exactly: public text proves nothing. (Read once: the
    // ledger's tree-and-parents check and the adoption check, which needs the base as its only parent, share it.)
    const scope = readsCommit(recorded(), "head-1", { verified: true, parents: ["head-0"] });
    expect(await publish({ branchSha: "head-1", pull: pull() })).toEqual({ kind: "foreign-commit", sha: "head-1", pull: pull() });
    expect(writes()).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("stops at a head on the base whose tree is not exactly the bot's rendering, moving no ref", async () => {
    const scope = readsCommit(recorded(), "head-1", { parents: [BASE.commitSha] })
      .post("/repos/acme/gitops/git/trees")
      .reply(201, { sha: "the-bots-tree" });
    expect(await publish({ branchSha: "head-1", pull: pull() })).toMatchObject({ kind: "foreign-commit", sha: "head-1" });
    // Creating a tree object changes no branch; nothing else is written.
    expect(writes().map((c) => c.path)).toEqual(["/repos/acme/gitops/git/trees"]);
    expect(ledger).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("adopts a head that is exactly its rendering on exactly the base (a pull request from before the ledger), and records it", async () => {
    const scope = readsCommit(recorded(), "head-1", { parents: [BASE.commitSha] })
      .post("/repos/acme/gitops/git/trees")
      .reply(201, { sha: "head-1-tree" });
    const outcome = await publish({ branchSha: "head-1", pull: pull() });
    expect(outcome).toMatchObject({ kind: "unchanged", headSha: "head-1", committed: false });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ sha: "head-1", tree: "head-1-tree", parents: [BASE.commitSha], digest: DIGEST });
    // Adopted now: approvals given before this moment do not count.
    expect(Date.parse(ledger[0]!.at)).toBeGreaterThan(Date.parse("2026-01-01T00:00:00Z"));
    expect(scope.isDone()).toBe(true);
  });

  it("recognises a head with exactly the tree and parents of a ledger entry (a crash between recording and moving the branch, or a racing replica)", async () => {
    ledger.push({ ...entry("recorded-but-lost"), tree: "head-1-tree", parents: [BASE.commitSha] });
    const scope = readsCommit(recorded(), "head-1", { parents: [BASE.commitSha] });
    const outcome = await publish({ branchSha: "head-1", pull: pull() });
    expect(outcome).toMatchObject({ kind: "unchanged", headSha: "head-1" });
    expect(writes()).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("does not recognise the same tree on other parents (a crafted history could revert the base)", async () => {
    ledger.push({ ...entry("mine"), tree: "head-1-tree", parents: [BASE.commitSha] });
    const scope = readsCommit(recorded(), "head-1", { parents: ["old-base"] });
    expect(await publish({ branchSha: "head-1", pull: pull() })).toMatchObject({ kind: "foreign-commit", sha: "head-1" });
    expect(scope.isDone()).toBe(true);
  });

  it('when createRef answers "Reference already exists": re-reads and converges on the other replica\'s identical commit', async () => {
    const scope = writesCommit(recorded(), "tree-new", "commit-mine")
      .post("/repos/acme/gitops/git/refs")
      .reply(422, { message: "Reference already exists" })
      .get(REF_PATH)
      .reply(200, { ref: `refs/heads/${BRANCH}`, object: { sha: "commit-theirs", type: "commit" } })
      .get(PULLS_LIST)
      .query(PULLS_QUERY)
      .reply(200, []);
    // The other replica rendered the same tree on the same base: same tree, same parents, another sha.
    scope
      .get("/repos/acme/gitops/git/commits/commit-theirs")
      .reply(200, { ...commitJson("commit-theirs"), tree: { sha: "tree-new" } })
      .post("/repos/acme/gitops/pulls")
      .reply(201, { number: 13, html_url: "https://github.com/acme/gitops/pull/13" });
    const outcome = await publish();
    expect(outcome).toMatchObject({ kind: "opened", headSha: "commit-theirs", pull: { number: 13 } });
    expect(calls.filter((c) => c.path === "/repos/acme/gitops/git/refs")).toHaveLength(1);
    expect(calls.filter((c) => c.method === "PATCH")).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('when createPull answers "A pull request already exists": finds that pull request and reports success', async () => {
    const scope = createsBranchThenPullExists(pull({ number: 14, title: "old title" }))
      .patch("/repos/acme/gitops/pulls/14")
      .reply(200, {});
    const outcome = await publish();
    expect(outcome).toMatchObject({ kind: "updated", headSha: "commit-new", committed: true, pull: { number: 14 } });
    expect(calls.filter((c) => c.method === "POST" && c.path === "/repos/acme/gitops/pulls")).toHaveLength(1);
    expect(calls.at(-1)).toEqual({ method: "PATCH", path: "/repos/acme/gitops/pulls/14", body: { title: TITLE } });
    expect(scope.isDone()).toBe(true);
  });

  it('when createPull answers "already exists" with another request\'s pull request: fails without touching it', async () => {
    const foreign = pull({ number: 15, body: renderRequestMarker({ owner: "acme", repo: "sandbox", number: 5, digest: "abc" }) });
    const scope = createsBranchThenPullExists(foreign);
    await expect(publish()).rejects.toThrow(/#15 of branch onboarding\/issue-5 belongs to another request/);
    expect(calls.filter((c) => c.path.startsWith("/repos/acme/gitops/pulls/15"))).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("when the fast-forward is refused: re-reads the branch and builds the next commit on its new head", async () => {
    ledger.push(entry("head-1", { digest: OLD_DIGEST }));
    const scope = recorded();
    refusesFastForward(writesCommit(scope, "tree-2", "mine-on-head-1"), "head-moved");
    // The branch moved to the bot's own commit made by another replica, recorded in the ledger in the meantime.
    ledger.push(entry("head-moved", { digest: "aaaaaaaaaaaaaaaaaaaa", parents: ["head-1"] }));
    writesCommit(scope, "tree-3", "mine-on-head-moved").patch(UPDATE_REF_PATH).reply(200, {});
    const outcome = await publish({ branchSha: "head-1", pull: pull() });
    expect(outcome).toMatchObject({ kind: "updated", headSha: "mine-on-head-moved", committed: true });
    const commits = calls.filter((c) => c.path === "/repos/acme/gitops/git/commits");
    expect(commits.map((c) => c.body?.parents)).toEqual([["head-1"], ["head-moved"]]);
    const refUpdates = calls.filter((c) => c.method === "PATCH" && c.path === UPDATE_REF_PATH);
    expect(refUpdates.map((c) => c.body)).toEqual([
      { sha: "mine-on-head-1", force: false },
      { sha: "mine-on-head-moved", force: false },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it(`gives up with an error after ${PUBLISH_ATTEMPTS} refused fast-forwards instead of looping`, async () => {
    ledger.push(entry("head-1", { digest: OLD_DIGEST }));
    const scope = recorded();
    for (let attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
      writesCommit(scope, "t", `c${attempt}`);
      if (attempt < PUBLISH_ATTEMPTS - 1) refusesFastForward(scope, "head-1");
      else scope.patch(UPDATE_REF_PATH).reply(422, { message: "Update is not a fast forward" });
    }
    await expect(publish({ branchSha: "head-1", pull: pull() })).rejects.toThrow(/kept moving; gave up after 3 attempts/);
    expect(calls.filter((c) => c.method === "PATCH" && c.body?.force !== false)).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("with a pull request closed without merge and no /retry: reports it closed and sends nothing", async () => {
    const closed = pull({ state: "closed", closedAt: "2026-01-01T00:00:00Z" });
    expect(await publish({ branchSha: "head-1", pull: closed })).toEqual({ kind: "closed", pull: closed });
    expect(await publish({ branchSha: undefined, pull: closed })).toEqual({ kind: "closed", pull: closed });
    expect(calls).toEqual([]);
  });

  it("with a merged pull request: reports it merged and never brings the branch back", async () => {
    const merged = pull({ state: "closed", merged: true, closedAt: "2026-01-01T00:00:00Z" });
    expect(await publish({ branchSha: undefined, pull: merged })).toEqual({ kind: "merged", pull: merged });
    expect(calls).toEqual([]);
  });

  it("with no branch but a pull request read as open: re-reads it first and stops when another replica merged it meanwhile", async () => {
    const scope = recorded()
      .get("/repos/acme/gitops/pulls/12")
      .reply(200, { ...pullJson(pull({ state: "closed", merged: true })), merged: true });
    const outcome = await publish({ branchSha: undefined, pull: pull() });
    expect(outcome).toMatchObject({ kind: "merged", pull: { number: 12, merged: true } });
    expect(writes()).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("with a pull request closed without merge and /retry: reopens it", async () => {
    ledger.push(entry("head-1"));
    const closed = pull({ state: "closed", closedAt: "2026-01-01T00:00:00Z" });
    const scope = recorded().patch("/repos/acme/gitops/pulls/12").reply(200, {});
    const outcome = await publish({ branchSha: "head-1", pull: closed, reopen: true });
    expect(outcome).toMatchObject({ kind: "reopened", headSha: "head-1" });
    expect(writes()).toEqual([{ method: "PATCH", path: "/repos/acme/gitops/pulls/12", body: { state: "open" } }]);
    expect(scope.isDone()).toBe(true);
  });

  it("in dry-run: throws DryRunViolation before any write request", async () => {
    const dryWriter = createWriter(testOctokit(), { gitopsRepo: GITOPS, dryRun: true, allowIssue: { ...GITOPS, number: 5 } });
    await expect(publishRequest(testOctokit(), dryWriter, input())).rejects.toBeInstanceOf(DryRunViolation);
    expect(calls).toEqual([]);
  });
});
