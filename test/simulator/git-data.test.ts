import { describe, expect, it } from "vitest";
import { useSimulator } from "../harness/index.js";
import { GitStore } from "./index.js";

const repo = { owner: "acme", repo: "gitops" };

describe("git object hashing", () => {
  it("hashes blobs, trees and the empty tree exactly like git", () => {
    const git = new GitStore();
    // `printf 'hello\n' | git hash-object --stdin` and `git hash-object -t tree /dev/null`
    expect(git.writeBlob("hello\n")).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    expect(git.writeTree([])).toBe("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    // `git mktree` of "100644 blob ce01…\thello.txt" gives this tree id
    const tree = git.applyChanges(undefined, [{ path: "hello.txt", content: "hello\n" }]);
    expect(tree).toBe("aaa96ced2d9a1c8e72c56b253a0e2fe78393feb7");
  });

  it("sorts directories as if their names ended in '/'", () => {
    const git = new GitStore();
    const tree = git.applyChanges(undefined, [
      { path: "a.txt", content: "1" },
      { path: "a/b.txt", content: "2" },
    ]);
    expect(git.tree(tree)?.map((e) => e.name)).toEqual(["a.txt", "a"]);
  });
});

describe("a large repository", () => {
  const files = (count: number): Array<[string, string]> => [
    ["README.md", "# gitops\n"],
    ...Array.from({ length: count }, (_, i): [string, string] => [`namespaces/ns-${i}/kustomization.yaml`, `namespace: ns-${i % 3}\n`]),
  ];

  it("bulk-loads files to the same tree as writing them one by one", () => {
    const git = new GitStore();
    const one = git.applyChanges(undefined, files(50).map(([path, content]) => ({ path, content })));
    expect(new GitStore().bulkWrite(files(50))).toBe(one);
  });

  it("edits a tree by the directories an edit touches, giving the same tree as a full rewrite", () => {
    const git = new GitStore();
    const base = git.bulkWrite(files(20));
    const edited = git.applyChanges(base, [
      { path: "namespaces/ns-5/other.yaml", content: "a: 1\n" },
      { path: "namespaces/new/kustomization.yaml", content: "namespace: new\n" },
      { path: "namespaces/ns-3/kustomization.yaml", sha: null },
    ]);
    const expected = files(20).filter(([path]) => path !== "namespaces/ns-3/kustomization.yaml");
    expect(edited).toBe(
      new GitStore().bulkWrite([...expected, ["namespaces/new/kustomization.yaml", "namespace: new\n"], ["namespaces/ns-5/other.yaml", "a: 1\n"]]),
    );
    // Untouched subtrees keep their shas; the changed files are exactly what a diff of the two trees reports.
    expect(git.lookup(edited, "namespaces/ns-4")?.sha).toBe(git.lookup(base, "namespaces/ns-4")?.sha);
    expect([...git.diff(base, edited).keys()].sort()).toEqual([
      "namespaces/new/kustomization.yaml",
      "namespaces/ns-3/kustomization.yaml",
      "namespaces/ns-5/other.yaml",
    ]);
    expect(git.diff(base, edited).get("namespaces/ns-3/kustomization.yaml")).toBeNull();
  });
});

describe("git data API", () => {
  const gh = useSimulator(
    (sim) => {
      sim.addRepo("acme/gitops", { files: { "README.md": "# gitops\n", "clusters/a/kustomization.yaml": "resources: []\n" } });
    },
  );

  it("round-trips blob, tree, commit and ref and reads the recursive tree back", async () => {
    const main = gh.sim.ref("acme/gitops", "heads/main") as string;
    const { data: base } = await gh.octokit.rest.git.getCommit({ ...repo, commit_sha: main });
    const { data: blob } = await gh.octokit.rest.git.createBlob({ ...repo, content: "kind: Namespace\n", encoding: "utf-8" });
    const { data: tree } = await gh.octokit.rest.git.createTree({
      ...repo,
      base_tree: base.tree.sha,
      tree: [
        { path: "namespaces/team-a/namespace.yaml", mode: "100644", type: "blob", sha: blob.sha },
        { path: "namespaces/team-a/kustomization.yaml", mode: "100644", type: "blob", content: "resources:\n- namespace.yaml\n" },
        { path: "README.md", mode: "100644", type: "blob", sha: null },
      ],
    });
    const { data: commit } = await gh.octokit.rest.git.createCommit({ ...repo, message: "Onboard team-a", tree: tree.sha, parents: [main] });
    await gh.octokit.rest.git.createRef({ ...repo, ref: "refs/heads/onboard/team-a", sha: commit.sha });

    const { data: ref } = await gh.octokit.rest.git.getRef({ ...repo, ref: "heads/onboard/team-a" });
    expect(ref.object.sha).toBe(commit.sha);
    const { data: read } = await gh.octokit.rest.git.getTree({ ...repo, tree_sha: "onboard/team-a", recursive: "1" });
    expect(read.truncated).toBe(false);
    expect(read.tree.filter((e) => e.type === "blob").map((e) => e.path)).toEqual([
      "clusters/a/kustomization.yaml",
      "namespaces/team-a/kustomization.yaml",
      "namespaces/team-a/namespace.yaml",
    ]);
    expect(read.tree.find((e) => e.path === "namespaces")?.type).toBe("tree");
    expect(gh.sim.readFile("acme/gitops", "onboard/team-a", "namespaces/team-a/namespace.yaml")).toBe("kind: Namespace\n");
    const { data: fetched } = await gh.octokit.rest.git.getBlob({ ...repo, file_sha: blob.sha });
    expect(Buffer.from(fetched.content, "base64").toString("utf8")).toBe("kind: Namespace\n");
  });

  it("gives identical content an identical tree sha however it was written", async () => {
    const main = gh.sim.ref("acme/gitops", "main") as string;
    const baseTree = gh.sim.commit("acme/gitops", main).tree;
    const { data: viaContent } = await gh.octokit.rest.git.createTree({
      ...repo,
      base_tree: baseTree,
      tree: [{ path: "x/y.yaml", mode: "100644", type: "blob", content: "same\n" }],
    });
    const { data: blob } = await gh.octokit.rest.git.createBlob({ ...repo, content: Buffer.from("same\n").toString("base64"), encoding: "base64" });
    const { data: viaSha } = await gh.octokit.rest.git.createTree({
      ...repo,
      base_tree: baseTree,
      tree: [{ path: "x/y.yaml", mode: "100644", type: "blob", sha: blob.sha }],
    });
    expect(viaSha.sha).toBe(viaContent.sha);
    const { data: unchanged } = await gh.octokit.rest.git.createTree({ ...repo, base_tree: baseTree, tree: [] });
    expect(unchanged.sha).toBe(baseTree);
  });

  it("marks API commits by the app verified and a person's pushed commits unverified", async () => {
    const main = gh.sim.ref("acme/gitops", "main") as string;
    const { data: commit } = await gh.octokit.rest.git.createCommit({
      ...repo,
      message: "bot commit",
      tree: gh.sim.commit("acme/gitops", main).tree,
      parents: [main],
    });
    expect(commit.verification?.verified).toBe(true);
    expect(commit.author.name).toBe("onboarding-bot[bot]");
    expect(commit.committer.name).toBe("onboarding-bot[bot]");
    const pushed = gh.sim.pushCommit("acme/gitops", "main", { "README.md": "changed\n" }, "alice");
    expect(gh.sim.commit("acme/gitops", pushed).verification.verified).toBe(false);
  });

  it("refuses a non-fast-forward ref update unless forced", async () => {
    const main = gh.sim.ref("acme/gitops", "main") as string;
    const tree = gh.sim.commit("acme/gitops", main).tree;
    const { data: sibling } = await gh.octokit.rest.git.createCommit({ ...repo, message: "sibling", tree, parents: [main] });
    const advanced = gh.sim.pushCommit("acme/gitops", "main", { "a.txt": "a\n" }, "alice");

    await expect(gh.octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: sibling.sha, force: false })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("Update is not a fast forward"),
    });
    expect(gh.sim.ref("acme/gitops", "main")).toBe(advanced);

    const { data: child } = await gh.octokit.rest.git.createCommit({ ...repo, message: "child", tree, parents: [advanced] });
    await gh.octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: child.sha, force: false });
    expect(gh.sim.ref("acme/gitops", "main")).toBe(child.sha);

    await gh.octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: sibling.sha, force: true });
    expect(gh.sim.ref("acme/gitops", "main")).toBe(sibling.sha);
  });

  it("answers 422 when creating a ref that exists and 404 for a missing ref", async () => {
    const main = gh.sim.ref("acme/gitops", "main") as string;
    await expect(gh.octokit.rest.git.createRef({ ...repo, ref: "refs/heads/main", sha: main })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("Reference already exists"),
    });
    await expect(gh.octokit.rest.git.getRef({ ...repo, ref: "heads/nope" })).rejects.toMatchObject({ status: 404 });
    const { data: matching } = await gh.octokit.rest.git.listMatchingRefs({ ...repo, ref: "heads/ma" });
    expect(matching.map((r) => r.ref)).toEqual(["refs/heads/main"]);
  });

  it("deletes refs and emits a push for each ref change made through the API", async () => {
    const main = gh.sim.ref("acme/gitops", "main") as string;
    gh.sim.takeEvents();
    await gh.octokit.rest.git.createRef({ ...repo, ref: "refs/heads/tmp", sha: main });
    await gh.octokit.rest.git.deleteRef({ ...repo, ref: "heads/tmp" });
    expect(gh.sim.branches("acme/gitops")).toEqual(["main"]);
    const pushes = gh.sim.takeEvents().filter((e) => e.name === "push");
    expect(pushes.map((e) => [e.payload.ref, e.payload.created, e.payload.deleted])).toEqual([
      ["refs/heads/tmp", true, false],
      ["refs/heads/tmp", false, true],
    ]);
    expect(pushes[0]?.payload.sender).toMatchObject({ login: "onboarding-bot[bot]", type: "Bot" });
  });

  it("lets a person delete a branch, with a push that says so", async () => {
    gh.sim.pushCommit("acme/gitops", "feature", { "f.txt": "f\n" }, "alice");
    gh.sim.takeEvents();
    gh.sim.deleteBranch("acme/gitops", "feature", "alice");
    expect(gh.sim.branches("acme/gitops")).toEqual(["main"]);
    const pushes = gh.sim.takeEvents().filter((e) => e.name === "push");
    expect(pushes.map((e) => [e.payload.ref, e.payload.deleted, e.payload.sender.login])).toEqual([["refs/heads/feature", true, "alice"]]);
    expect(() => gh.sim.deleteBranch("acme/gitops", "feature", "alice")).toThrow(/has no branch feature/);
  });

  it("serves commits and branches by name or sha", async () => {
    const sha = gh.sim.pushCommit("acme/gitops", "main", { "clusters/a/kustomization.yaml": null }, "alice", "drop a");
    const { data: commit } = await gh.octokit.rest.repos.getCommit({ ...repo, ref: "main" });
    expect(commit.sha).toBe(sha);
    expect(commit.commit.message).toBe("drop a");
    expect(commit.files?.map((f) => [f.filename, f.status])).toEqual([["clusters/a/kustomization.yaml", "removed"]]);
    const { data: branch } = await gh.octokit.rest.repos.getBranch({ ...repo, branch: "main" });
    expect(branch.commit.sha).toBe(sha);
    await expect(gh.octokit.rest.repos.getBranch({ ...repo, branch: "nope" })).rejects.toMatchObject({ status: 404 });
  });
});
