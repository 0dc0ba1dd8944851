import { describe, expect, it } from "vitest";
import { createWriter, DryRunViolation, type Writer } from "../../src/github/writer.js";
import type { ActStep } from "../../src/github/act/act-document.js";
import { github, testOctokit, useStrictNock } from "./test-octokit.js";

const GITOPS = { owner: "acme", repo: "gitops" };
/** The request issue, filed in the GitOps repository itself (the case where dry-run must still allow it). */
const REQUEST_ISSUE = { ...GITOPS, number: 7 };
const OTHER_REPO_ISSUE = { owner: "acme", repo: "requests", number: 3 };
const BRANCH = "onboarding/issue-7";

useStrictNock();

/** The act step's document for a new branch: branch, commit, pull request. */
const ACT_STEPS: ActStep[] = [
  { kind: "createRef", branch: BRANCH, oid: "a".repeat(40) },
  { kind: "commit", branch: BRANCH, expectedHead: "a".repeat(40), message: "Onboard", additions: [{ path: "a.yaml", content: "a: 1\n" }], deletions: [] },
  { kind: "createPull", base: "main", head: BRANCH, title: "t", body: "b" },
];

function dryRunWriter(): Writer {
  return createWriter(testOctokit(), { gitopsRepo: GITOPS, dryRun: true, allowIssue: REQUEST_ISSUE });
}

function liveWriter(): Writer {
  return createWriter(testOctokit(), { gitopsRepo: GITOPS, dryRun: false });
}

/** Every GitOps-repository write of a writer, each given something that looks as allowed as possible. */
function gitopsWrites(writer: Writer, repo: typeof GITOPS | typeof REQUEST_ISSUE): Array<[string, () => Promise<unknown>]> {
  return [
    ["createTree", () => writer.createTree(repo, "tree-sha", [{ path: "a.yaml", content: "a: 1\n" }])],
    ["act(createRef, commit, createPull)", () => writer.act(repo, "R_repo", ACT_STEPS)],
    ["deleteBranch", () => writer.deleteBranch(repo, BRANCH)],
    ["updatePull", () => writer.updatePull(repo, 7, { title: "t" })],
    ["requestReviewers", () => writer.requestReviewers(repo, 7, ["alice"], [])],
    ["mergePull", () => writer.mergePull(repo, 7, "head-sha", "squash", "t")],
  ];
}

describe("createWriter in dry-run", () => {
  it("refuses every repository-level write to the GitOps repository before sending anything", async () => {
    const writer = dryRunWriter();
    for (const [operation, write] of gitopsWrites(writer, GITOPS)) {
      const error = await write().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, operation).toBeInstanceOf(DryRunViolation);
      expect((error as Error).message).toContain(`refused ${operation} on acme/gitops`);
    }
  });

  it("refuses them even when handed the allowed request issue as the repository", async () => {
    const writer = dryRunWriter();
    for (const [operation, write] of gitopsWrites(writer, REQUEST_ISSUE)) {
      await expect(write(), operation).rejects.toBeInstanceOf(DryRunViolation);
    }
  });

  it("compares the GitOps repository case-insensitively, as GitHub does", async () => {
    const writer = dryRunWriter();
    await expect(writer.createTree({ owner: "ACME", repo: "GitOps" }, "t", [])).rejects.toBeInstanceOf(DryRunViolation);
    await expect(writer.createComment({ owner: "Acme", repo: "GITOPS", number: 8 }, "hi")).rejects.toBeInstanceOf(DryRunViolation);
  });

  it("refuses issue writes to any other issue or pull request of the GitOps repository", async () => {
    const writer = dryRunWriter();
    const pull = { ...GITOPS, number: 8 };
    const writes: Array<[string, () => Promise<unknown>]> = [
      ["createComment", () => writer.createComment(pull, "status")],
      ["updateComment", () => writer.updateComment(pull, 1, "status")],
      ["addLabels", () => writer.addLabels(pull, ["lgtm"])],
      ["removeLabel", () => writer.removeLabel(pull, "lgtm")],
      ["setIssueState", () => writer.setIssueState(pull, "closed")],
      ["addReaction", () => writer.addReaction(pull, 1, "+1")],
    ];
    for (const [operation, write] of writes) await expect(write(), operation).rejects.toBeInstanceOf(DryRunViolation);
  });

  it("lets every issue write to the allowed request issue through", async () => {
    const scope = github()
      .post("/repos/acme/gitops/issues/7/comments", { body: "status" })
      .reply(201, { id: 101 })
      .patch("/repos/acme/gitops/issues/comments/101", { body: "status 2" })
      .reply(200, {})
      .post("/repos/acme/gitops/issues/7/labels", { labels: ["onboarding/validated"] })
      .reply(200, [])
      .delete("/repos/acme/gitops/issues/7/labels/onboarding%2Fneeds-changes")
      .reply(200, [])
      .patch("/repos/acme/gitops/issues/7", { state: "closed", state_reason: "completed" })
      .reply(200, {})
      .post("/repos/acme/gitops/issues/comments/55/reactions", { content: "eyes" })
      .reply(201, {});
    const writer = dryRunWriter();
    expect(await writer.createComment(REQUEST_ISSUE, "status")).toBe(101);
    await writer.updateComment(REQUEST_ISSUE, 101, "status 2");
    await writer.addLabels(REQUEST_ISSUE, ["onboarding/validated"]);
    await writer.removeLabel(REQUEST_ISSUE, "onboarding/needs-changes");
    await writer.setIssueState(REQUEST_ISSUE, "closed", "completed");
    await writer.addReaction(REQUEST_ISSUE, 55, "eyes");
    expect(scope.isDone()).toBe(true);
  });

  it("does not guard repositories other than the GitOps repository", async () => {
    const scope = github().post("/repos/acme/requests/issues/3/comments").reply(201, { id: 5 });
    expect(await dryRunWriter().createComment(OTHER_REPO_ISSUE, "hello")).toBe(5);
    expect(scope.isDone()).toBe(true);
  });

  it("sends writes to the GitOps repository when dry-run is off", async () => {
    const scope = github().post("/repos/acme/gitops/git/trees").reply(201, { sha: "new-tree" });
    expect(await liveWriter().createTree(GITOPS, "base-tree", [])).toBe("new-tree");
    expect(scope.isDone()).toBe(true);
  });
});

describe("createWriter: Git data writes", () => {
  it("creates a tree on the base tree with every file inline as a regular blob", async () => {
    const scope = github()
      .post("/repos/acme/gitops/git/trees", {
        base_tree: "base-tree",
        tree: [
          { path: "ns/a/namespace.yaml", mode: "100644", type: "blob", content: "kind: Namespace\n" },
          { path: "ns/a/kustomization.yaml", mode: "100644", type: "blob", content: "resources: []\n" },
        ],
      })
      .reply(201, { sha: "tree-1" });
    const sha = await liveWriter().createTree(GITOPS, "base-tree", [
      { path: "ns/a/namespace.yaml", content: "kind: Namespace\n" },
      { path: "ns/a/kustomization.yaml", content: "resources: []\n" },
    ]);
    expect(sha).toBe("tree-1");
    expect(scope.isDone()).toBe(true);
  });

  it("treats deleting a branch that is already gone (404 or 422) as success", async () => {
    const scope = github()
      .delete(`/repos/acme/gitops/git/refs/heads%2Fonboarding%2Fissue-7`)
      .reply(204)
      .delete(`/repos/acme/gitops/git/refs/heads%2Fonboarding%2Fissue-7`)
      .reply(404, { message: "Not Found" })
      .delete(`/repos/acme/gitops/git/refs/heads%2Fonboarding%2Fissue-7`)
      .reply(422, { message: "Reference does not exist" });
    const writer = liveWriter();
    await writer.deleteBranch(GITOPS, BRANCH);
    await writer.deleteBranch(GITOPS, BRANCH);
    await writer.deleteBranch(GITOPS, BRANCH);
    expect(scope.isDone()).toBe(true);
  });

  it("throws when deleting a branch fails otherwise", async () => {
    github().delete(`/repos/acme/gitops/git/refs/heads%2Fonboarding%2Fissue-7`).reply(403, { message: "Forbidden" });
    await expect(liveWriter().deleteBranch(GITOPS, BRANCH)).rejects.toMatchObject({ status: 403 });
  });
});

describe("createWriter: the act step's mutation document", () => {
  it("sends every step in one POST /graphql and reports the steps GitHub refused instead of throwing", async () => {
    const bodies: Array<{ query: string; variables: Record<string, unknown> }> = [];
    const scope = github()
      .post("/graphql", (body: { query: string; variables: Record<string, unknown> }) => {
        bodies.push(body);
        return true;
      })
      .reply(200, {
        data: { s0: null, s1: null, s2: null },
        errors: [
          { type: "UNPROCESSABLE", path: ["s0"], message: `A ref named "refs/heads/${BRANCH}" already exists in the repository.` },
          { type: "STALE_DATA", path: ["s1"], message: "Expected branch to point to ... but it did not.  Pull and try again." },
          { type: "UNPROCESSABLE", path: ["s2"], message: `A pull request already exists for acme:${BRANCH}.` },
        ],
      });
    const result = await liveWriter().act(GITOPS, "R_repo", ACT_STEPS);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.query).toContain("s1: createCommitOnBranch(input: $s1)");
    expect(result.commit).toBeUndefined();
    expect(result.steps.map((st) => [st.kind, st.ok])).toEqual([
      ["createRef", false],
      ["commit", false],
      ["createPull", false],
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it("throws when the request itself fails (nothing is known to have been done)", async () => {
    github().post("/graphql").reply(502, { message: "Bad Gateway" });
    await expect(liveWriter().act(GITOPS, "R_repo", ACT_STEPS)).rejects.toMatchObject({ status: 502 });
  });
});

describe("createWriter: issue and pull request writes", () => {
  it("treats removing a label that is already gone (404) as success", async () => {
    const scope = github().delete("/repos/acme/requests/issues/3/labels/lgtm").reply(404, { message: "Label does not exist" });
    await liveWriter().removeLabel(OTHER_REPO_ISSUE, "lgtm");
    expect(scope.isDone()).toBe(true);
  });

  it("throws other failures of removing a label", async () => {
    github().delete("/repos/acme/requests/issues/3/labels/lgtm").reply(500, { message: "boom" });
    await expect(liveWriter().removeLabel(OTHER_REPO_ISSUE, "lgtm")).rejects.toMatchObject({ status: 500 });
  });

  it("sends no request for adding no labels or requesting no reviewers", async () => {
    const writer = dryRunWriter();
    await writer.addLabels({ ...GITOPS, number: 99 }, []);
    await writer.requestReviewers(GITOPS, 8, [], []);
  });

  it("updates only the given fields of a pull request", async () => {
    const scope = github().patch("/repos/acme/gitops/pulls/12", { state: "open" }).reply(200, {});
    await liveWriter().updatePull(GITOPS, 12, { state: "open" });
    expect(scope.isDone()).toBe(true);
  });

  it("ignores GitHub refusing a reviewer (422) but not other failures", async () => {
    const scope = github()
      .post("/repos/acme/gitops/pulls/12/requested_reviewers", { reviewers: ["alice"], team_reviewers: ["approvers"] })
      .reply(422, { message: "Reviews may only be requested from collaborators." })
      .post("/repos/acme/gitops/pulls/12/requested_reviewers")
      .reply(500, { message: "boom" });
    const writer = liveWriter();
    await writer.requestReviewers(GITOPS, 12, ["alice"], ["approvers"]);
    await expect(writer.requestReviewers(GITOPS, 12, ["alice"], [])).rejects.toMatchObject({ status: 500 });
    expect(scope.isDone()).toBe(true);
  });

  it("merges at exactly the decided head sha", async () => {
    const scope = github()
      .put("/repos/acme/gitops/pulls/12/merge", { sha: "head-1", merge_method: "squash", commit_title: "Onboard aurora" })
      .reply(200, { sha: "merge-1", merged: true });
    expect(await liveWriter().mergePull(GITOPS, 12, "head-1", "squash", "Onboard aurora")).toEqual({ merged: true, sha: "merge-1" });
    expect(scope.isDone()).toBe(true);
  });

  it("reports a moved head (409) and an unmergeable pull request (405) instead of throwing", async () => {
    const scope = github()
      .put("/repos/acme/gitops/pulls/12/merge")
      .reply(409, { message: "Head branch was modified. Review and try the merge again." })
      .put("/repos/acme/gitops/pulls/12/merge")
      .reply(405, { message: "Pull Request is not mergeable" });
    const writer = liveWriter();
    expect(await writer.mergePull(GITOPS, 12, "old", "merge", "t")).toEqual({
      merged: false,
      reason: "head-moved",
      message: "Head branch was modified. Review and try the merge again.",
    });
    expect(await writer.mergePull(GITOPS, 12, "old", "merge", "t")).toEqual({
      merged: false,
      reason: "not-mergeable",
      message: "Pull Request is not mergeable",
    });
    expect(scope.isDone()).toBe(true);
  });
});
