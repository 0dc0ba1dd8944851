import { describe, expect, it } from "vitest";
import { actDocument, lostRace, readActResult, ZERO_OID, type ActStep } from "../../../src/github/act/act-document.js";

const REPO = { nameWithOwner: "acme/gitops", id: "R_kgDOgitops" };
const BASE = "b".repeat(40);
const HEAD = "c".repeat(40);
const STEPS: ActStep[] = [
  { kind: "createRef", branch: "onboarding/x", oid: BASE },
  {
    kind: "commit",
    branch: "onboarding/x",
    expectedHead: BASE,
    message: "Onboard aurora\n\nRequested in acme/requests#5",
    additions: [{ path: "ns/a.yaml", content: "name: é\n" }],
    deletions: ["old/b.yaml"],
  },
  { kind: "createPull", base: "main", head: "onboarding/x", title: "t", body: "b" },
];

describe("actDocument", () => {
  it("puts every step in one mutation document, in order, each with its own typed input variable", () => {
    const { query, variables } = actDocument(STEPS, REPO);
    expect(query).toMatch(/^mutation Act\(\$s0: CreateRefInput!, \$s1: CreateCommitOnBranchInput!, \$s2: CreatePullRequestInput!\)/);
    expect(query.indexOf("s0: createRef")).toBeLessThan(query.indexOf("s1: createCommitOnBranch"));
    expect(query.indexOf("s1: createCommitOnBranch")).toBeLessThan(query.indexOf("s2: createPullRequest"));
    expect(variables).toEqual({
      s0: { repositoryId: REPO.id, name: "refs/heads/onboarding/x", oid: BASE },
      s1: {
        branch: { repositoryNameWithOwner: "acme/gitops", branchName: "onboarding/x" },
        expectedHeadOid: BASE,
        message: { headline: "Onboard aurora", body: "Requested in acme/requests#5" },
        fileChanges: { additions: [{ path: "ns/a.yaml", contents: Buffer.from("name: é\n", "utf8").toString("base64") }], deletions: [{ path: "old/b.yaml" }] },
      },
      s2: { repositoryId: REPO.id, baseRefName: "main", headRefName: "onboarding/x", title: "t", body: "b", maintainerCanModify: false },
    });
  });

  it("sends a ref update's beforeOid only when one is given, and the zero oid as is", () => {
    const { variables } = actDocument(
      [{ kind: "updateRefs", changes: [{ branch: "s", after: BASE, force: true }, { branch: "x", before: HEAD, after: ZERO_OID, force: true }] }],
      REPO,
    );
    expect(variables.s0).toEqual({
      repositoryId: REPO.id,
      refUpdates: [
        { name: "refs/heads/s", afterOid: BASE, force: true },
        { name: "refs/heads/x", beforeOid: HEAD, afterOid: ZERO_OID, force: true },
      ],
    });
  });

  it("refuses an empty document", () => {
    expect(() => actDocument([], REPO)).toThrow("at least one step");
  });
});

describe("readActResult", () => {
  it("reads the new commit from the commit step's own answer, and marks refused steps with GitHub's message", () => {
    const data = {
      s0: null,
      s1: { commit: { oid: HEAD, committedDate: "2026-01-02T03:04:05Z", tree: { oid: "d".repeat(40) }, parents: { nodes: [{ oid: BASE }] } } },
      s2: { pullRequest: { id: "PR_1", number: 7, url: "https://github.com/acme/gitops/pull/7" } },
    };
    const result = readActResult(STEPS, data, [{ message: 'A ref named "refs/heads/onboarding/x" already exists in the repository.', path: ["s0"] }]);
    expect(result.steps).toEqual([
      { kind: "createRef", ok: false, error: 'A ref named "refs/heads/onboarding/x" already exists in the repository.' },
      { kind: "commit", ok: true },
      { kind: "createPull", ok: true },
    ]);
    expect(result.commit).toEqual({ oid: HEAD, tree: "d".repeat(40), parents: [BASE], committedAt: "2026-01-02T03:04:05Z" });
    expect(result.pull).toEqual({ id: "PR_1", number: 7, url: "https://github.com/acme/gitops/pull/7" });
  });

  it("reads the opened pull request whole from createPullRequest's answer, an app author spelt as REST spells it", () => {
    const pullRequest = {
      id: "PR_1",
      number: 7,
      url: "https://github.com/acme/gitops/pull/7",
      state: "OPEN",
      merged: false,
      mergeable: "UNKNOWN",
      title: "Onboard team",
      body: "body",
      headRefName: "onboarding/x",
      headRefOid: HEAD,
      baseRefName: "main",
      closedAt: null,
      author: { login: "onboarding-bot", __typename: "Bot" },
      labels: { nodes: [] },
    };
    const result = readActResult(STEPS.slice(2), { s0: { pullRequest } }, []);
    expect(result.opened).toEqual({
      number: 7,
      nodeId: "PR_1",
      htmlUrl: "https://github.com/acme/gitops/pull/7",
      state: "open",
      merged: false,
      mergeable: null,
      title: "Onboard team",
      body: "body",
      headRef: "onboarding/x",
      headSha: HEAD,
      baseRef: "main",
      closedAt: null,
      user: { login: "onboarding-bot[bot]", type: "Bot" },
      labels: [],
    });
    // An answer missing a field gives no opened pull request (its reconcile then reads it), never a guessed one.
    const { headRefOid: _, ...partial } = pullRequest;
    expect(readActResult(STEPS.slice(2), { s0: { pullRequest: partial } }, []).opened).toBeUndefined();
  });

  it("has no commit when the commit step failed, whatever the other steps did", () => {
    const result = readActResult(STEPS, { s0: { ref: { name: "x" } }, s1: null, s2: null }, [
      { message: "Expected branch to point to ... but it did not.", type: "STALE_DATA", path: ["s1"] },
    ]);
    expect(result.commit).toBeUndefined();
    expect(result.steps.map((s) => s.ok)).toEqual([true, false, false]);
    expect(result.steps[2]?.error).toBe("no answer");
  });

  it("throws when GitHub answered a commit without what the ledger needs", () => {
    expect(() => readActResult(STEPS.slice(1, 2), { s0: { commit: { oid: HEAD } } }, [])).toThrow("without the new commit's oid, tree, parents and date");
  });
});

describe("lostRace", () => {
  it("tells a ref that was elsewhere (re-read and converge) from a step refused for what it asked (report it)", () => {
    expect(lostRace({ kind: "commit", ok: false, error: "Expected branch to point to …", errorType: "STALE_DATA" })).toBe(true);
    expect(lostRace({ kind: "commit", ok: false, error: "Could not resolve to a branch", errorType: "NOT_FOUND" })).toBe(true);
    expect(lostRace({ kind: "updateRefs", ok: false, error: "A ref update was rejected." })).toBe(true);
    expect(lostRace({ kind: "commit", ok: false, error: "A path was requested for deletion which does not exist", errorType: "UNPROCESSABLE" })).toBe(false);
    expect(lostRace({ kind: "commit", ok: true })).toBe(false);
    expect(lostRace(undefined)).toBe(false);
  });
});
