import { beforeEach, describe, expect, it } from "vitest";
import { readPathsAtBranch } from "../../src/github/base-tree.js";
import { COMPARE_FILE_LIMIT, type ChangedFile } from "../../src/github/compare-commits.js";
import type { Octokit } from "../../src/github/octokit.js";
import { applyChangedFiles, forgetScannedTrees, isOutsideRoot, scanOutsideRoot, type ScanMethod } from "../../src/github/scan-outside-root.js";
import { isManifestCandidateName } from "../../src/validation/namespace-index.js";
import { TreeView } from "../../src/validation/tree-view.js";
import { useSimulator } from "../harness/index.js";
import { OPF_FIXTURE, readTree } from "../helpers/gitops-fixture.js";

const repo = { owner: "acme", repo: "apps" };
const NS = "cluster-scope/base/core/namespaces";
const SPINE = ["cluster-scope", "cluster-scope/base", "cluster-scope/base/core"];
const ARGO = "argocd/overlays/x/namespace.yaml";
const MANIFEST = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: astro-lab\n";

describe("scanning outside the namespace root on a new base", () => {
  const gh = useSimulator((sim) => {
    sim.addRepo("acme/apps", { files: { ...readTree(OPF_FIXTURE), [ARGO]: MANIFEST, "argocd/overlays/x/kustomization.yaml": "resources: [namespace.yaml]\n", "docs/namespaces.md": "not YAML\n" } });
  });
  beforeEach(() => forgetScannedTrees());

  /** The base as the request's look-up gives it: the head commit, with the directories above the root. */
  async function viewOfMain(): Promise<TreeView> {
    const head = await readPathsAtBranch(gh.octokit as unknown as Octokit, repo, "main", SPINE);
    if (!head) throw new Error("no main");
    const view = new TreeView({ commitOid: head.commitOid, treeOid: head.treeOid, ...(head.rootEntries ? { rootEntries: head.rootEntries } : {}) });
    for (const [path, found] of head.found) view.observe(path, found);
    return view;
  }

  /** Scans main as the running process would (after whatever it scanned before); the calls it made and how. */
  async function scan(): Promise<{ found: Map<string, string>; method: ScanMethod | undefined; calls: string[] }> {
    const view = await viewOfMain();
    gh.sim.resetCalls();
    let method: ScanMethod | undefined;
    const found = await scanOutsideRoot(gh.octokit as unknown as Octokit, repo, view, NS, (m) => (method = m));
    return { found, method, calls: gh.sim.calls.map((c) => c.graphql?.operationName ?? c.operationId ?? c.path) };
  }

  /** What a process that never scanned before finds at main (the full walk). */
  async function fullWalk(): Promise<Map<string, string>> {
    forgetScannedTrees();
    const { found, method } = await scan();
    expect(method).toBe("walked");
    return found;
  }

  /** Every candidate outside the root at main, from a recursive listing read here (not by the code under test). */
  async function truth(): Promise<Map<string, string>> {
    const { data } = await gh.octokit.rest.git.getTree({ ...repo, tree_sha: "main", recursive: "1" });
    return new Map(
      data.tree
        .filter((e) => e.type === "blob" && isOutsideRoot(e.path as string, NS) && isManifestCandidateName((e.path as string).split("/").pop() as string))
        .map((e) => [e.path as string, e.sha as string]),
    );
  }

  /** Scans main, changes it with `push`, scans again: the second scan must be `method` and find what a full walk finds. */
  async function expectSameAsWalk(push: () => void | Promise<void>, method: ScanMethod): Promise<Map<string, string>> {
    await scan();
    await push();
    const incremental = await scan();
    expect(incremental.method).toBe(method);
    const walked = await fullWalk();
    expect(incremental.found).toEqual(walked);
    expect(walked).toEqual(await truth());
    return incremental.found;
  }

  const push = (files: Record<string, string | null>) => () => void gh.sim.pushCommit("acme/apps", "main", files, "someone");

  it("walks the tree around the root on a process's first scan over REST only, never listing the root", async () => {
    const { found, method, calls } = await scan();
    expect(method).toBe("walked");
    expect(calls.every((c) => c === "git/get-tree")).toBe(true);
    const rootOid = (await viewOfMain()).entriesOf("cluster-scope/base/core")?.find((e) => e.name === "namespaces")?.oid;
    expect(gh.sim.calls.some((c) => rootOid !== undefined && c.path.includes(rootOid))).toBe(false);
    expect([...found.keys()]).toEqual([ARGO, "cluster-scope/overlays/prod/moc/smaug/opf-monitoring-namespace-patch.yaml"]);
    expect(found).toEqual(await truth());
  });

  it("reads nothing when the base is the one scanned last", async () => {
    await scan();
    expect(await scan()).toMatchObject({ method: "unchanged", calls: [] });
  });

  it("reads nothing when the new base changed only below the root (every tree around it is cached)", async () => {
    const found = await expectSameAsWalk(push({ [`${NS}/new-ns/namespace.yaml`]: MANIFEST }), "cached");
    expect(found.has(`${NS}/new-ns/namespace.yaml`)).toBe(false);
  });

  it("sees a manifest added outside the root with one comparison, and no GraphQL document", async () => {
    await scan();
    gh.sim.pushCommit("acme/apps", "main", { "groups/new/team-namespace.yaml": MANIFEST, "overlays/prod/kustomization.yaml": "resources: [x]\n" }, "someone");
    const { method, calls, found } = await scan();
    expect({ method, calls }).toEqual({ method: "compared", calls: ["repos/compare-commits-with-basehead"] });
    expect(found).toEqual(await fullWalk());
    expect(found.has("groups/new/team-namespace.yaml")).toBe(true);
  });

  it("takes a modified manifest's new blob", async () => {
    const found = await expectSameAsWalk(push({ [ARGO]: `${MANIFEST}# edited\n` }), "compared");
    expect(found.get(ARGO)).toBe((await truth()).get(ARGO));
  });

  it("drops a deleted manifest", async () => {
    const found = await expectSameAsWalk(push({ [ARGO]: null }), "compared");
    expect(found.has(ARGO)).toBe(false);
  });

  it("moves a renamed manifest to its new path", async () => {
    const found = await expectSameAsWalk(push({ [ARGO]: null, "argocd/overlays/z/namespace.yaml": MANIFEST }), "compared");
    expect(found.has(ARGO)).toBe(false);
    expect(found.has("argocd/overlays/z/namespace.yaml")).toBe(true);
  });

  it("drops a manifest renamed into the root, and ignores manifests added there", async () => {
    const found = await expectSameAsWalk(push({ [ARGO]: null, [`${NS}/moved/namespace.yaml`]: MANIFEST, "overlays/x.yaml": "x: 1\n" }), "compared");
    expect([...found.keys()].some((p) => p.startsWith(`${NS}/`))).toBe(false);
  });

  it("walks instead when the comparison may be cut at GitHub's file limit", async () => {
    const many = Object.fromEntries(Array.from({ length: COMPARE_FILE_LIMIT }, (_, i) => [`groups/g${i}/kustomization.yaml`, `# ${i}\n`]));
    const found = await expectSameAsWalk(push({ ...many, "groups/g7/g7-namespace.yaml": MANIFEST }), "walked");
    expect(found.has("groups/g7/g7-namespace.yaml")).toBe(true);
  });

  it("walks instead when the new base does not descend from the last one scanned", async () => {
    await scan();
    const first = gh.sim.ref("acme/apps", "main") as string;
    gh.sim.pushCommit("acme/apps", "main", { "groups/a/a-namespace.yaml": MANIFEST }, "someone");
    await scan();
    // main is forced back to a sibling of the commit scanned last: a diverged comparison.
    const tree = await gh.octokit.rest.git.createTree({ ...repo, base_tree: gh.sim.commit("acme/apps", first).tree, tree: [{ path: "groups/b/b-namespace.yaml", mode: "100644", type: "blob", content: MANIFEST }] });
    const sibling = await gh.octokit.rest.git.createCommit({ ...repo, message: "sibling", tree: tree.data.sha, parents: [first] });
    await gh.octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: sibling.data.sha, force: true });
    const moved = await scan();
    expect(moved.method).toBe("walked");
    expect(moved.calls[0]).toBe("repos/compare-commits-with-basehead");
    expect(moved.found).toEqual(await fullWalk());
    expect(moved.found.has("groups/a/a-namespace.yaml")).toBe(false);
    expect(moved.found.has("groups/b/b-namespace.yaml")).toBe(true);
  });

  it("walks instead when GitHub does not answer the comparison", async () => {
    await scan();
    gh.sim.pushCommit("acme/apps", "main", { "groups/a/a-namespace.yaml": MANIFEST }, "someone");
    gh.sim.inject({ operationId: "repos/compare-commits-with-basehead", status: 500, body: { message: "Server Error" } });
    const { method, found } = await scan();
    expect(method).toBe("walked");
    expect(found).toEqual(await fullWalk());
  });

  it("reads a subtree GitHub lists only in part over GraphQL", async () => {
    gh.sim.inject({ operationId: "git/get-tree", path: /argocd|[0-9a-f]{40}/, status: 200, times: 1, body: { sha: "0".repeat(40), url: "https://api.github.com/x", tree: [], truncated: true } });
    const { found, calls } = await scan();
    expect(calls).toContain("ReadTrees");
    forgetScannedTrees();
    expect(found).toEqual(await truth());
  });

  it("reads a directory above the root that the look-up did not list by its oid, over GraphQL when GitHub lists it only in part", async () => {
    const head = await readPathsAtBranch(gh.octokit as unknown as Octokit, repo, "main", SPINE);
    if (!head) throw new Error("no main");
    const view = new TreeView({ commitOid: head.commitOid, treeOid: head.treeOid });
    for (const [path, found] of head.found) view.observe(path, found);
    gh.sim.inject({ operationId: "git/get-tree", path: new RegExp(head.treeOid), status: 200, body: { sha: head.treeOid, url: "https://api.github.com/x", tree: [], truncated: true } });
    gh.sim.resetCalls();
    const found = await scanOutsideRoot(gh.octokit as unknown as Octokit, repo, view, NS);
    expect(gh.sim.calls.filter((c) => c.graphql).map((c) => c.graphql?.operationName)).toEqual(["ReadTrees"]);
    expect(found).toEqual(await truth());
  });
});

describe("applying a comparison's files to the candidates", () => {
  const sha = (c: string) => c.repeat(40);
  const file = (path: string, status: ChangedFile["status"], blob: string | null = sha("a"), previousPath?: string): ChangedFile => ({
    path,
    status,
    sha: blob,
    ...(previousPath === undefined ? {} : { previousPath }),
  });
  const before = new Map([["a/namespace.yaml", sha("1")]]);

  it("keeps a copied manifest's source and adds the copy", () => {
    expect(applyChangedFiles(before, [file("b/namespace.yaml", "copied", sha("1"), "a/namespace.yaml")], NS)).toEqual(
      new Map([
        ["a/namespace.yaml", sha("1")],
        ["b/namespace.yaml", sha("1")],
      ]),
    );
  });

  it("keeps a file added at a path another was renamed away from, whatever the order GitHub lists them in", () => {
    const files = [file("a/namespace.yaml", "added", sha("2")), file("c/namespace.yaml", "renamed", sha("1"), "a/namespace.yaml")];
    const expected = new Map([
      ["a/namespace.yaml", sha("2")],
      ["c/namespace.yaml", sha("1")],
    ]);
    expect(applyChangedFiles(before, files, NS)).toEqual(expected);
    expect(applyChangedFiles(before, [...files].reverse(), NS)).toEqual(expected);
  });

  it("gives up (walk instead) on a change of type, an unknown status, or a present file without a blob", () => {
    expect(applyChangedFiles(before, [file("a/namespace.yaml", "changed")], NS)).toBeUndefined();
    expect(applyChangedFiles(before, [file("a/namespace.yaml", "merged" as ChangedFile["status"])], NS)).toBeUndefined();
    expect(applyChangedFiles(before, [file("b/namespace.yaml", "added", null)], NS)).toBeUndefined();
  });

  it("counts only top-level files at the root of a {namespace} layout, and never a directory above the root", () => {
    expect(isOutsideRoot("namespace.yaml", "")).toBe(true);
    expect(isOutsideRoot("team/namespace.yaml", "")).toBe(false);
    expect(isOutsideRoot(NS, NS)).toBe(false);
    expect(isOutsideRoot("cluster-scope/base", NS)).toBe(false);
    expect(isOutsideRoot("cluster-scope/base/core/namespaces-extra/namespace.yaml", NS)).toBe(true);
  });
});
