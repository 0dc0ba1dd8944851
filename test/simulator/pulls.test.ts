import { describe, expect, it } from "vitest";
import { useSimulator } from "../harness/index.js";

const repo = { owner: "acme", repo: "gitops" };
const FULL = "acme/gitops";

describe("pull requests", () => {
  const gh = useSimulator(
    (sim) => {
      sim.addRepo(FULL, { files: { "README.md": "# gitops\n", "base.yaml": "a: 1\n" } });
      sim.addUser("Alice");
      sim.addUser("bob");
    },
  );

  async function openPull(branch = "onboard/team-a"): Promise<number> {
    gh.sim.pushCommit(FULL, branch, { "namespaces/team-a.yaml": "kind: Namespace\n" }, "Alice");
    const { data } = await gh.octokit.rest.pulls.create({ ...repo, head: branch, base: "main", title: "Onboard team-a", body: "Fixes #1" });
    return data.number;
  }

  it("refuses a second pull request for the same head with GitHub's message", async () => {
    await openPull();
    await expect(gh.octokit.rest.pulls.create({ ...repo, head: "acme:onboard/team-a", base: "main", title: "again" })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("A pull request already exists for acme:onboard/team-a."),
    });
  });

  it("refuses a pull request whose head has no commits ahead of the base", async () => {
    const main = gh.sim.ref(FULL, "main") as string;
    await gh.octokit.rest.git.createRef({ ...repo, ref: "refs/heads/empty", sha: main });
    await expect(gh.octokit.rest.pulls.create({ ...repo, head: "empty", base: "main", title: "nothing" })).rejects.toMatchObject({ status: 422 });
  });

  it("lists pull requests filtered by head and state, sharing the number sequence with issues", async () => {
    gh.sim.openIssue(FULL, { author: "Alice", title: "request", body: "x" });
    const number = await openPull();
    expect(number).toBe(2);
    const { data: byHead } = await gh.octokit.rest.pulls.list({ ...repo, head: "acme:onboard/team-a", state: "open" });
    expect(byHead.map((p) => p.number)).toEqual([2]);
    const { data: other } = await gh.octokit.rest.pulls.list({ ...repo, head: "acme:other" });
    expect(other).toEqual([]);
    const { data: issues } = await gh.octokit.rest.issues.listForRepo({ ...repo, state: "all" });
    expect(issues.map((i) => [i.number, i.pull_request !== undefined])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it("merges by applying the head's changes onto the base tip and emits closed(merged) and push", async () => {
    const number = await openPull();
    // The base moves on after the branch was cut: the merge must keep that change.
    gh.sim.pushCommit(FULL, "main", { "README.md": "# gitops v2\n" }, "bob");
    const { data: pull } = await gh.octokit.rest.pulls.get({ ...repo, pull_number: number });
    expect(pull.mergeable).toBe(true);
    expect(pull.mergeable_state).toBe("clean");
    gh.sim.takeEvents();

    const { data: merge } = await gh.octokit.rest.pulls.merge({ ...repo, pull_number: number, sha: pull.head.sha, merge_method: "squash" });
    expect(merge.merged).toBe(true);
    expect(gh.sim.ref(FULL, "main")).toBe(merge.sha);
    expect(gh.sim.listFiles(FULL, "main")).toEqual(["README.md", "base.yaml", "namespaces/team-a.yaml"]);
    expect(gh.sim.readFile(FULL, "main", "README.md")).toBe("# gitops v2\n");
    expect(gh.sim.commit(FULL, merge.sha).parents).toHaveLength(1);
    const [merged] = gh.sim.pulls(FULL);
    expect(merged).toMatchObject({ state: "closed", merged: true, merge_commit_sha: merge.sha });

    const events = gh.sim.takeEvents();
    expect(events.map((e) => `${e.name}.${e.payload.action ?? ""}`)).toEqual(["pull_request.closed", "push."]);
    expect(events[0]?.payload.pull_request).toMatchObject({ number, merged: true, state: "closed" });
    expect(events[1]?.payload).toMatchObject({ ref: "refs/heads/main", after: merge.sha });
  });

  it("creates a two-parent merge commit for the merge method", async () => {
    const number = await openPull();
    const head = gh.sim.pulls(FULL)[0]?.head.sha as string;
    const { data: merge } = await gh.octokit.rest.pulls.merge({ ...repo, pull_number: number, merge_method: "merge" });
    expect(gh.sim.commit(FULL, merge.sha).parents[1]).toBe(head);
  });

  it("replays the head's commits onto the base for the rebase method, keeping their authors", async () => {
    const number = await openPull();
    gh.sim.pushCommit(FULL, "onboard/team-a", { "b.txt": "b\n" }, "Alice", "second");
    const base = gh.sim.pushCommit(FULL, "main", { "README.md": "# v2\n" }, "bob");
    const { data: merge } = await gh.octokit.rest.pulls.merge({ ...repo, pull_number: number, merge_method: "rebase" });
    const tip = gh.sim.commit(FULL, merge.sha);
    expect(tip.message).toBe("second");
    expect(tip.author.name).toBe("Alice");
    expect(gh.sim.commit(FULL, tip.parents[0] as string).parents).toEqual([base]);
    expect(gh.sim.listFiles(FULL, "main")).toEqual(["README.md", "b.txt", "base.yaml", "namespaces/team-a.yaml"]);
  });

  it("refuses to merge a stale head sha (409) and an unmergeable pull request (405)", async () => {
    const number = await openPull();
    const old = gh.sim.pulls(FULL)[0]?.head.sha as string;
    gh.sim.pushCommit(FULL, "onboard/team-a", { "namespaces/team-a.yaml": "kind: Namespace # v2\n" }, "Alice");
    await expect(gh.octokit.rest.pulls.merge({ ...repo, pull_number: number, sha: old })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("Head branch was modified"),
    });
    gh.sim.setMergeable(FULL, number, false);
    await expect(gh.octokit.rest.pulls.merge({ ...repo, pull_number: number })).rejects.toMatchObject({ status: 405 });
    expect(gh.sim.pulls(FULL)[0]?.merged).toBe(false);
  });

  it("computes conflicts: both sides changing a file differently is not mergeable", async () => {
    gh.sim.pushCommit(FULL, "change", { "base.yaml": "a: 2\n" }, "Alice");
    const { data } = await gh.octokit.rest.pulls.create({ ...repo, head: "change", base: "main", title: "t" });
    gh.sim.pushCommit(FULL, "main", { "base.yaml": "a: 3\n" }, "bob");
    const { data: pull } = await gh.octokit.rest.pulls.get({ ...repo, pull_number: data.number });
    expect(pull.mergeable).toBe(false);
    expect(pull.mergeable_state).toBe("dirty");
  });

  it("emits synchronize when a person pushes to the head of an open pull request", async () => {
    const number = await openPull();
    gh.sim.takeEvents();
    const before = gh.sim.pulls(FULL)[0]?.head.sha;
    const after = gh.sim.pushCommit(FULL, "onboard/team-a", { "extra.txt": "x\n" }, "Alice");
    const events = gh.sim.takeEvents();
    const sync = events.find((e) => e.name === "pull_request" && e.payload.action === "synchronize");
    expect(sync?.payload).toMatchObject({ number, before, after, sender: { login: "Alice", type: "User" } });
    expect(sync?.payload.pull_request.head.sha).toBe(after);
  });

  it("closes via PATCH with a closed(merged: false) event and records requested reviewers and reviews", async () => {
    const number = await openPull();
    await gh.octokit.rest.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ["bob"] });
    expect(gh.sim.pulls(FULL)[0]?.requested_reviewers).toEqual(["bob"]);
    await expect(gh.octokit.rest.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ["ghost"] })).rejects.toMatchObject({ status: 422 });
    gh.sim.submitReview(FULL, number, "bob", "APPROVED", "lgtm");
    const { data: reviews } = await gh.octokit.rest.pulls.listReviews({ ...repo, pull_number: number });
    expect(reviews.map((r) => [r.user?.login, r.state])).toEqual([["bob", "APPROVED"]]);
    expect(gh.sim.pulls(FULL)[0]?.requested_reviewers).toEqual([]);
    gh.sim.takeEvents();
    await gh.octokit.rest.pulls.update({ ...repo, pull_number: number, state: "closed" });
    const [closed] = gh.sim.takeEvents();
    expect(closed?.name).toBe("pull_request");
    expect(closed?.payload).toMatchObject({ action: "closed", pull_request: { merged: false, state: "closed" } });
  });

  it("lists a pull request's commits oldest first", async () => {
    const number = await openPull();
    const second = gh.sim.pushCommit(FULL, "onboard/team-a", { "b.txt": "b\n" }, "Alice", "second");
    const { data: commits } = await gh.octokit.rest.pulls.listCommits({ ...repo, pull_number: number });
    expect(commits).toHaveLength(2);
    expect(commits[1]?.sha).toBe(second);
  });
});
