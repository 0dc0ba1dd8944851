import { describe, expect, it } from "vitest";
import { useSimulator } from "../harness/index.js";

const repo = { owner: "acme", repo: "gitops" };

describe("compare two commits (GET repos/{owner}/{repo}/compare/{base}...{head})", () => {
  const gh = useSimulator((sim) => {
    sim.addRepo("acme/gitops", {
      files: { "README.md": "# gitops\n", "groups/a/namespace.yaml": "kind: Namespace\n", "overlays/prod/kustomization.yaml": "resources: []\n" },
    });
  });
  const compare = async (basehead: string) => (await gh.octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead })).data;

  it("lists added, modified, removed and exactly renamed files from the base to a descendant, as ahead", async () => {
    const before = gh.sim.ref("acme/gitops", "main") as string;
    gh.sim.pushCommit("acme/gitops", "main", { "groups/b/namespace.yaml": "kind: Namespace\n# b\n", "overlays/prod/kustomization.yaml": "resources: [x]\n" }, "alice");
    const after = gh.sim.pushCommit("acme/gitops", "main", { "groups/a/namespace.yaml": null, "groups/c/ns-namespace.yaml": "kind: Namespace\n", "README.md": null }, "alice");
    const data = await compare(`${before}...${after}`);
    expect(data).toMatchObject({ status: "ahead", ahead_by: 2, behind_by: 0, total_commits: 2 });
    expect(data.merge_base_commit.sha).toBe(before);
    expect(data.commits.map((c) => c.sha).at(-1)).toBe(after);
    const files = Object.fromEntries((data.files ?? []).map((f) => [f.filename, { status: f.status, sha: f.sha, previous: f.previous_filename }]));
    const sha = async (path: string) => ((await gh.octokit.rest.repos.getContent({ ...repo, path, ref: after })).data as { sha: string }).sha;
    expect(files).toEqual({
      "README.md": { status: "removed", sha: expect.any(String), previous: undefined },
      "groups/b/namespace.yaml": { status: "added", sha: await sha("groups/b/namespace.yaml"), previous: undefined },
      "groups/c/ns-namespace.yaml": { status: "renamed", sha: await sha("groups/c/ns-namespace.yaml"), previous: "groups/a/namespace.yaml" },
      "overlays/prod/kustomization.yaml": { status: "modified", sha: await sha("overlays/prod/kustomization.yaml"), previous: undefined },
    });
  });

  it("tells identical, behind and diverged comparisons apart, with the merge base", async () => {
    const first = gh.sim.ref("acme/gitops", "main") as string;
    const second = gh.sim.pushCommit("acme/gitops", "main", { "a.txt": "a\n" }, "alice");
    const tree = gh.sim.commit("acme/gitops", first).tree;
    const { data: sibling } = await gh.octokit.rest.git.createCommit({ ...repo, message: "sibling", tree, parents: [first] });
    expect((await compare(`${second}...${second}`)).status).toBe("identical");
    expect(await compare(`${second}...${first}`)).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 1, files: [] });
    const diverged = await compare(`${second}...${sibling.sha}`);
    expect(diverged).toMatchObject({ status: "diverged", ahead_by: 1, behind_by: 1 });
    expect(diverged.merge_base_commit.sha).toBe(first);
  });

  it("cuts the file list at 300 files, as GitHub does", async () => {
    const before = gh.sim.ref("acme/gitops", "main") as string;
    const files = Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`groups/g${i}/kustomization.yaml`, `# ${i}\n`]));
    const after = gh.sim.pushCommit("acme/gitops", "main", files, "alice");
    expect((await compare(`${before}...${after}`)).files).toHaveLength(300);
  });

  it("answers 404 for a commit the repository does not have", async () => {
    await expect(compare(`main...${"0".repeat(40)}`)).rejects.toMatchObject({ status: 404 });
  });
});
