import { describe, expect, it } from "vitest";
import type { Octokit } from "../../src/github/octokit.js";
import type { PullInfo } from "../../src/github/reader.js";
import { createWriter, DryRunViolation } from "../../src/github/writer.js";
import { renderCommitMessage } from "../../src/publishing/commit-message.js";
import type { LedgerEntry } from "../../src/publishing/ledger.js";
import { publishRequest, scratchBranch, type PublishInput, type PublishOutcome } from "../../src/publishing/publish-request.js";
import { renderRequestMarker } from "../../src/publishing/request-marker.js";
import { withDeletions } from "../../src/publishing/tenant-digest.js";
import type { FileChange, OnboardingRequest } from "../../src/types.js";
import { useSimulator } from "../harness/index.js";
import type { RecordedCall } from "../simulator/index.js";

const GITOPS_NAME = "acme/gitops";
const GITOPS = { owner: "acme", repo: "gitops" };
const REQUEST_REF = { owner: "acme", repo: "requests", number: 5 };
const BRANCH = "onboarding/acme/requests/issue-5";
const NAMESPACE = "cluster-scope/base/core/namespaces/aurora-dev/namespace.yaml";
const OLD_TENANT = "cluster-scope/base/core/namespaces/old-dev/namespace.yaml";
const FILES: FileChange[] = [{ path: NAMESPACE, content: "kind: Namespace\nmetadata:\n  name: aurora-dev\n" }];
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
const TENANT = "1111111111";
const TITLE = "Onboard aurora: aurora-dev on smaug";
const BODY = `${renderRequestMarker({ ...REQUEST_REF, digest: DIGEST })}\nbody`;

describe("publishRequest over GraphQL mutations", () => {
  const gh = useSimulator((sim) => {
    sim.addRepo(GITOPS_NAME, { files: { "README.md": "gitops\n", [OLD_TENANT]: "kind: Namespace\n" } });
    sim.addRepo("acme/requests");
  });
  const sim = () => gh.sim;
  const octokit = () => gh.octokit as unknown as Octokit;
  const writer = (dryRun = false) => createWriter(octokit(), { gitopsRepo: GITOPS, dryRun });

  /** The base branch as the observe step reads it. */
  function base() {
    const commitSha = sim().ref(GITOPS_NAME, "heads/main") as string;
    return { commitSha, treeSha: sim().commit(GITOPS_NAME, commitSha).tree, blobs: new Map<string, string>() };
  }

  /** The ledger of one test, with what the branch pointed at each time an entry was recorded. */
  function ledgerBook() {
    const entries: LedgerEntry[] = [];
    const branchAtRecord: Array<string | undefined> = [];
    return {
      entries,
      branchAtRecord,
      record: async (entry: LedgerEntry) => {
        branchAtRecord.push(sim().ref(GITOPS_NAME, BRANCH));
        entries.push(entry);
      },
    };
  }

  function input(book: ReturnType<typeof ledgerBook>, overrides: Partial<PublishInput> = {}): PublishInput {
    return {
      gitops: GITOPS,
      baseBranch: "main",
      branch: BRANCH,
      request: REQUEST_REF,
      base: base(),
      files: FILES,
      digest: DIGEST,
      tenantDigest: TENANT,
      fields: {},
      commitMessage: renderCommitMessage(REQUEST, REQUEST_REF, DIGEST, base().commitSha),
      title: TITLE,
      body: BODY,
      branchSha: sim().ref(GITOPS_NAME, BRANCH),
      pull: currentPull(),
      reopen: false,
      ledger: [...book.entries],
      record: book.record,
      ...overrides,
    };
  }

  /** The request branch's pull request as the observe step reads it (REST shape of the reader, with the node id). */
  function currentPull(): PullInfo | undefined {
    const p = sim().pulls(GITOPS_NAME).find((x) => x.head.ref === BRANCH);
    if (!p) return undefined;
    return {
      number: p.number,
      state: p.state,
      merged: p.merged,
      title: p.title,
      body: p.body ?? "",
      headRef: p.head.ref,
      headSha: p.head.sha,
      baseRef: p.base.ref,
      user: { login: p.user.login, type: p.user.type === "Bot" ? "Bot" : "User" },
      labels: p.labels,
      htmlUrl: `https://github.com/${GITOPS_NAME}/pull/${p.number}`,
      mergeable: null,
      closedAt: null,
    };
  }

  const publish = (book: ReturnType<typeof ledgerBook>, overrides: Partial<PublishInput> = {}, w = writer()) =>
    publishRequest(octokit(), w, input(book, overrides));
  const mutations = (): RecordedCall[] => sim().calls.filter((c) => c.graphql?.operation === "mutation");
  const documents = () => mutations().map((c) => c.graphql?.rootFields.join(" + "));
  const gitRestWrites = () => sim().calls.filter((c) => c.method !== "GET" && c.operationId?.startsWith("git/") && c.operationId !== "git/create-tree");
  const headOf = (outcome: PublishOutcome) => ("headSha" in outcome ? outcome.headSha : undefined);

  it("with no branch: one document creates the branch, the signed commit on the base and the pull request; then records it", async () => {
    const book = ledgerBook();
    sim().resetCalls();
    const outcome = await publish(book);

    expect(outcome.kind).toBe("opened");
    expect(documents()).toEqual(["createRef + createCommitOnBranch + createPullRequest"]);
    expect(gitRestWrites()).toEqual([]);
    const head = sim().ref(GITOPS_NAME, BRANCH) as string;
    expect(headOf(outcome)).toBe(head);
    const commit = sim().commit(GITOPS_NAME, head);
    expect(commit.parents).toEqual([base().commitSha]);
    expect(commit.verification.verified).toBe(true);
    expect(sim().readFile(GITOPS_NAME, BRANCH, NAMESPACE)).toBe(FILES[0]!.content);
    // Recorded after the branch moved, from what the mutation answered: sha, tree and parents of that very commit.
    expect(book.entries).toEqual([expect.objectContaining({ sha: head, tree: commit.tree, parents: [base().commitSha], digest: DIGEST, tenantDigest: TENANT })]);
    expect(book.branchAtRecord).toEqual([head]);
    const pulls = sim().pulls(GITOPS_NAME);
    expect(pulls.map((p) => [p.head.ref, p.head.sha, p.title])).toEqual([[BRANCH, head, TITLE]]);
  });

  it("with a head the ledger vouches for, the same digest and an up-to-date pull request: makes no call at all", async () => {
    const book = ledgerBook();
    await publish(book);
    sim().resetCalls();
    const outcome = await publish(book);
    expect(outcome.kind).toBe("unchanged");
    expect(sim().calls).toEqual([]);
  });

  it("with the same digest and a stale title: one document that only updates the pull request", async () => {
    const book = ledgerBook();
    await publish(book);
    sim().resetCalls();
    const outcome = await publish(book, { title: "Onboard aurora (renamed)" });
    expect(outcome).toMatchObject({ kind: "unchanged", committed: false });
    expect(documents()).toEqual(["updatePullRequest"]);
    expect(sim().pulls(GITOPS_NAME)[0]!.title).toBe("Onboard aurora (renamed)");
  });

  it("with another digest: commits on the base via the scratch branch, records BEFORE the branch moves, then moves it and updates the pull request", async () => {
    const book = ledgerBook();
    const first = await publish(book);
    const before = headOf(first) as string;
    sim().resetCalls();
    const changed: FileChange[] = [{ path: NAMESPACE, content: "kind: Namespace\nmetadata:\n  name: aurora-dev\n  labels: {tier: large}\n" }];
    const outcome = await publish(book, { files: changed, digest: "abcdefabcdefabcdef00", tenantDigest: "2222222222", body: `${BODY}\nchanged` });

    expect(outcome).toMatchObject({ kind: "updated", committed: true });
    expect(documents()).toEqual(["updateRefs + createCommitOnBranch", "updateRefs + updateRefs + updatePullRequest"]);
    const head = sim().ref(GITOPS_NAME, BRANCH) as string;
    expect(head).not.toBe(before);
    expect(sim().commit(GITOPS_NAME, head).parents).toEqual([base().commitSha]);
    expect(sim().readFile(GITOPS_NAME, BRANCH, NAMESPACE)).toBe(changed[0]!.content);
    expect(book.entries.map((e) => e.sha)).toEqual([before, head]);
    expect(book.branchAtRecord[1]).toBe(before);
    expect(sim().branches(GITOPS_NAME)).not.toContain(scratchBranch(BRANCH));
    // The request branch never passed through the base (GitHub would have closed the pull request for good).
    expect(sim().pulls(GITOPS_NAME).map((p) => [p.number, p.state, p.head.sha, p.body])).toEqual([[1, "open", head, `${BODY}\nchanged`]]);
  });

  it("when someone pushed after the head was read: the expected head does not match, nothing is overwritten, the commit is reported foreign", async () => {
    const book = ledgerBook();
    const first = await publish(book);
    const stale = input(book);
    const foreign = sim().pushCommit(GITOPS_NAME, BRANCH, { "cluster-scope/admin.yaml": "kind: ClusterRoleBinding\n" }, "mallory");

    const outcome = await publishRequest(octokit(), writer(), { ...stale, files: [{ path: NAMESPACE, content: "changed\n" }], digest: "abcdefabcdefabcdef00" });
    expect(outcome).toMatchObject({ kind: "foreign-commit", sha: foreign });
    expect(sim().ref(GITOPS_NAME, BRANCH)).toBe(foreign);
    expect(sim().commit(GITOPS_NAME, foreign).parents).toEqual([headOf(first)]);
  });

  it("when a branch appeared after the state was read: the commit expecting the base fails and the other head is reported, not overwritten", async () => {
    const book = ledgerBook();
    const observed = input(book);
    const foreign = sim().pushCommit(GITOPS_NAME, BRANCH, { [NAMESPACE]: "kind: Namespace # not the bot's\n" }, "mallory");

    const outcome = await publishRequest(octokit(), writer(), observed);
    expect(outcome).toMatchObject({ kind: "foreign-commit", sha: foreign });
    expect(sim().ref(GITOPS_NAME, BRANCH)).toBe(foreign);
    expect(book.entries).toEqual([]);
  });

  it("after a crash between the mutation and the record: the next run adopts the head, since it is exactly the rendering on exactly the base", async () => {
    const crashed = ledgerBook();
    await expect(
      publish(crashed, {
        record: async () => {
          throw new Error("replica killed");
        },
      }),
    ).rejects.toThrow("replica killed");
    const head = sim().ref(GITOPS_NAME, BRANCH) as string;
    expect(head).toBeDefined();

    const book = ledgerBook();
    sim().resetCalls();
    const outcome = await publish(book);
    expect(outcome).toMatchObject({ kind: "unchanged", headSha: head, committed: false });
    expect(book.entries).toEqual([expect.objectContaining({ sha: head, parents: [base().commitSha], digest: DIGEST })]);
    expect(mutations()).toEqual([]);
    expect(sim().pulls(GITOPS_NAME)).toHaveLength(1);
  });

  it("never adopts a head someone else pushed unless it is exactly that: one more file on the same base is foreign", async () => {
    const foreign = sim().pushCommit(GITOPS_NAME, BRANCH, { [NAMESPACE]: FILES[0]!.content, "cluster-scope/admin.yaml": "kind: ClusterRoleBinding\n" }, "mallory", "Onboard aurora", {
      signed: true,
    });
    const book = ledgerBook();
    const outcome = await publish(book);
    expect(outcome).toMatchObject({ kind: "foreign-commit", sha: foreign });
    expect(book.entries).toEqual([]);
    expect(mutations()).toEqual([]);
    expect(sim().ref(GITOPS_NAME, BRANCH)).toBe(foreign);
  });

  it("never adopts exactly the rendering on top of another commit (one parent, but not the base)", async () => {
    sim().pushCommit(GITOPS_NAME, BRANCH, { "cluster-scope/admin.yaml": "kind: ClusterRoleBinding\n" }, "mallory");
    const foreign = sim().pushCommit(GITOPS_NAME, BRANCH, { [NAMESPACE]: FILES[0]!.content, "cluster-scope/admin.yaml": null }, "mallory");
    const book = ledgerBook();
    expect(await publish(book)).toMatchObject({ kind: "foreign-commit", sha: foreign });
    expect(book.entries).toEqual([]);
  });

  it("applies deletions in the same commit, and a new set of deletions is new content with a new tenant digest", async () => {
    const book = ledgerBook();
    const outcome = await publish(book, { deletions: [OLD_TENANT] });
    expect(outcome.kind).toBe("opened");
    expect(sim().listFiles(GITOPS_NAME, BRANCH)).toEqual(["README.md", NAMESPACE]);
    expect(documents()).toEqual(["createRef + createCommitOnBranch + createPullRequest"]);
    expect(book.entries[0]).toMatchObject({ digest: withDeletions(DIGEST, [OLD_TENANT]), tenantDigest: withDeletions(TENANT, [OLD_TENANT]) });
    expect(book.entries[0]!.tenantDigest).not.toBe(TENANT);

    // The same files without the deletion: different content, so a new commit (and approvals reset with its digest).
    const again = await publish(book, { deletions: [] });
    expect(again).toMatchObject({ kind: "updated", committed: true });
    expect(sim().listFiles(GITOPS_NAME, BRANCH)).toContain(OLD_TENANT);
    expect(book.entries[1]!.tenantDigest).toBe(TENANT);
  });

  it("refuses a path that is both written and deleted, before any call", async () => {
    sim().resetCalls();
    await expect(publish(ledgerBook(), { deletions: [NAMESPACE] })).rejects.toThrow(`'${NAMESPACE}' is both written and deleted`);
    await expect(publish(ledgerBook(), { deletions: ["../etc/passwd"] })).rejects.toThrow("is not a file path relative to the repository root");
    expect(sim().calls).toEqual([]);
  });

  it("reports GitHub's reason when the commit itself is refused (a deletion of a path the base lacks), instead of retrying as if it raced", async () => {
    await expect(publish(ledgerBook(), { deletions: ["not/there.yaml"] })).rejects.toThrow(
      /GitHub refused the commit on onboarding\/acme\/requests\/issue-5 in acme\/gitops: A path was requested for deletion which does not exist/,
    );
    expect(mutations()).toHaveLength(1);
  });

  it("two replicas publishing at once end with one branch, one commit of the content and one pull request", async () => {
    const shared = ledgerBook();
    const [a, b] = await Promise.all([publish(shared), publish(shared)]);
    const head = sim().ref(GITOPS_NAME, BRANCH) as string;
    expect([headOf(a), headOf(b)]).toEqual([head, head]);
    expect(sim().commit(GITOPS_NAME, head).parents).toEqual([base().commitSha]);
    expect(sim().pulls(GITOPS_NAME)).toHaveLength(1);
    expect(sim().branches(GITOPS_NAME)).toEqual(["main", BRANCH]);
    expect(mutations().filter((c) => c.graphql?.rootFields.includes("createCommitOnBranch")).length).toBeGreaterThanOrEqual(1);
  });

  it("with a merged pull request: reports it merged and never brings the branch back", async () => {
    const book = ledgerBook();
    await publish(book);
    sim().mergePull(GITOPS_NAME, 1, "carol");
    sim().resetCalls();
    expect((await publish(book, { branchSha: undefined })).kind).toBe("merged");
    expect(mutations()).toEqual([]);
  });

  it("with a pull request closed without merge: reports it closed, or with /retry reopens it on a new commit", async () => {
    const book = ledgerBook();
    await publish(book);
    await gh.octokit.rest.pulls.update({ owner: "acme", repo: "gitops", pull_number: 1, state: "closed" });
    sim().resetCalls();
    expect((await publish(book)).kind).toBe("closed");
    expect(mutations()).toEqual([]);

    const outcome = await publish(book, { reopen: true, files: [{ path: NAMESPACE, content: "retried\n" }], digest: "abcdefabcdefabcdef00" });
    expect(outcome.kind).toBe("reopened");
    expect(sim().pulls(GITOPS_NAME).map((p) => [p.number, p.state])).toEqual([[1, "open"]]);
    expect(sim().readFile(GITOPS_NAME, BRANCH, NAMESPACE)).toBe("retried\n");
  });

  it("never touches another request's pull request on the branch", async () => {
    const book = ledgerBook();
    await publish(book, { body: `${renderRequestMarker({ owner: "acme", repo: "requests", number: 6, digest: DIGEST })}\nother` });
    sim().resetCalls();
    await expect(publish(book, { pull: undefined, branchSha: undefined })).rejects.toThrow("belongs to another request");
    expect(mutations().filter((c) => c.graphql?.rootFields.includes("updatePullRequest"))).toEqual([]);
  });

  it("in dry-run: throws DryRunViolation before any request (no mutation, not even the node id read)", async () => {
    sim().resetCalls();
    await expect(publish(ledgerBook(), {}, writer(true))).rejects.toBeInstanceOf(DryRunViolation);
    expect(sim().calls).toEqual([]);
    expect(sim().branches(GITOPS_NAME)).toEqual(["main"]);
  });
});
