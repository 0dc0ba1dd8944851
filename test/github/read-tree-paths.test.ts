import { beforeEach, describe, expect, it } from "vitest";
import { readTreePaths } from "../../src/github/reader.js";
import type { Octokit } from "../../src/github/octokit.js";
import { forgetTrees, loadTreesBelow, blobPathsBelow, walkBounds } from "../../src/github/tree-walk.js";
import { useSimulator } from "../harness/index.js";
import { OPF_FIXTURE, readTree } from "../helpers/gitops-fixture.js";

const repo = { owner: "acme", repo: "apps" };
const NS = "cluster-scope/base/core/namespaces";

type Answer = { repository: Record<string, { entries?: RawEntry[] } | null> | null };
type RawEntry = { name: string; type: string; oid: string; object?: { entries?: RawEntry[] | null } | null };

describe("walking the GitOps tree for change requests", () => {
  const gh = useSimulator((sim) => {
    sim.addRepo("acme/apps", { files: readTree(OPF_FIXTURE) });
  });
  beforeEach(() => forgetTrees());

  /** The ReadTrees documents sent since the last reset. */
  const treeReads = () => gh.sim.calls.filter((c) => c.graphql?.operationName === "ReadTrees");

  /** The tree listing GitHub gives in one recursive call (read here as the reference, never by the code under test). */
  async function recursiveListing(ref = "main"): Promise<{ treeSha: string; blobs: Set<string>; trees: Map<string, string> }> {
    const { data } = await gh.octokit.rest.git.getTree({ ...repo, tree_sha: ref, recursive: "1" });
    expect(data.truncated).toBe(false);
    const blobs = new Set(data.tree.filter((e) => e.type === "blob").map((e) => e.path as string));
    const trees = new Map(data.tree.filter((e) => e.type === "tree").map((e) => [e.path as string, e.sha as string]));
    return { treeSha: data.sha, blobs, trees };
  }

  /** An octokit whose GraphQL answers pass through `edit`, recording every tree oid asked for. */
  function tampered(edit: (answer: Answer, variables: Record<string, string>) => Answer = (a) => a): { octokit: Octokit; asked: string[] } {
    const asked: string[] = [];
    const octokit = Object.assign(Object.create(gh.octokit) as Octokit, {
      graphql: (async (query: string, variables: Record<string, string>) => {
        if (query.startsWith("query ReadTrees")) asked.push(...Object.entries(variables).filter(([k]) => /^v\d+$/.test(k)).map(([, v]) => v));
        const answer = (await gh.octokit.graphql(query, variables)) as Answer;
        return query.startsWith("query ReadTrees") ? edit(answer, variables) : answer;
      }) as Octokit["graphql"],
    });
    return { octokit, asked };
  }

  it("lists exactly the blobs of the recursive listing, reading each directory once and never recursively", async () => {
    const reference = await recursiveListing();
    gh.sim.resetCalls();
    const paths = await readTreePaths(gh.octokit, repo, reference.treeSha);
    expect(paths).toEqual(reference.blobs);
    expect(gh.sim.calls.every((c) => c.operationId === "graphql")).toBe(true);
    // Every directory (and the root) asked for once, by its own oid: no directory taken from a nested answer.
    const { octokit, asked } = tampered();
    forgetTrees();
    await readTreePaths(octokit, repo, reference.treeSha);
    expect([...asked].sort()).toEqual([reference.treeSha, ...new Set(reference.trees.values())].sort());
  });

  it("reads nothing when the same tree is walked again", async () => {
    const { treeSha, blobs } = await recursiveListing();
    await readTreePaths(gh.octokit, repo, treeSha);
    gh.sim.resetCalls();
    expect(await readTreePaths(gh.octokit, repo, treeSha)).toEqual(blobs);
    expect(gh.sim.calls).toEqual([]);
  });

  it("after a commit changing one namespace, reads only the directories on that namespace's path", async () => {
    const before = await recursiveListing();
    await readTreePaths(gh.octokit, repo, before.treeSha);
    const ns = [...before.trees.keys()].find((p) => p.startsWith(`${NS}/`) && p.split("/").length === 5) as string;
    gh.sim.pushCommit("acme/apps", "main", { [`${ns}/kustomization.yaml`]: "resources:\n- namespace.yaml\n# changed\n" }, "someone");
    const after = await recursiveListing();
    const { octokit, asked } = tampered();
    gh.sim.resetCalls();
    expect(await readTreePaths(octokit, repo, after.treeSha)).toEqual(after.blobs);
    const spine = ["cluster-scope", "cluster-scope/base", "cluster-scope/base/core", NS, ns].map((p) => after.trees.get(p));
    expect(asked).toEqual([after.treeSha, ...spine]);
    expect(treeReads()).toHaveLength(6);
  });

  it("never takes a directory GitHub did not return as empty: the walk fails and caches nothing wrong", async () => {
    const { treeSha, blobs, trees } = await recursiveListing();
    const victim = trees.get(NS) as string;
    const { octokit } = tampered((answer, variables) => {
      const repository = { ...answer.repository };
      for (const [name, oid] of Object.entries(variables)) if (oid === victim) repository[name.replace("v", "t")] = null;
      return { repository };
    });
    await expect(readTreePaths(octokit, repo, treeSha)).rejects.toThrow(`GitHub did not return tree ${victim}`);
    expect(await readTreePaths(gh.octokit, repo, treeSha)).toEqual(blobs);
  });

  it("fails the walk when GitHub answers a read with an error and partial data, and the next walk reads only what it missed", async () => {
    const { treeSha, blobs, trees } = await recursiveListing();
    let reads = 0;
    const failing = Object.assign(Object.create(gh.octokit) as Octokit, {
      graphql: (async (query: string, variables: Record<string, string>) => {
        // The second round (the root's directories): GitHub answers with partial data and an error.
        if (++reads === 2) {
          gh.sim.inject({ operationId: "graphql", status: 200, body: { data: { repository: { t0: { entries: [] } } }, errors: [{ type: "SERVICE_UNAVAILABLE", message: "timedout" }] } });
        }
        return gh.octokit.graphql(query, variables);
      }) as Octokit["graphql"],
    });
    await expect(readTreePaths(failing, repo, treeSha)).rejects.toThrow("timedout");
    const { octokit, asked } = tampered();
    expect(await readTreePaths(octokit, repo, treeSha)).toEqual(blobs);
    expect([...asked].sort()).toEqual([...new Set(trees.values())].sort());
  });

  it("reads again, rather than takes as empty, a nested directory whose entries did not come back", async () => {
    const { treeSha, blobs, trees } = await recursiveListing();
    const stripped = trees.get(NS) as string;
    const strip = (entries: RawEntry[] | null | undefined): void => {
      for (const e of entries ?? []) {
        if (e.oid === stripped && e.object) e.object = null;
        else strip(e.object?.entries);
      }
    };
    const { octokit, asked } = tampered((answer) => {
      for (const tree of Object.values(answer.repository ?? {})) strip(tree?.entries);
      return answer;
    });
    const loaded = await loadTreesBelow(octokit, repo, [treeSha], { levels: 3 });
    expect(loaded.ok).toBe(true);
    expect(asked).toContain(stripped);
    expect(blobPathsBelow(treeSha)).toEqual(blobs);
  });

  it("fails closed past the entry bound, whether the tree is cached or not, and past the call bound", async () => {
    const { treeSha, blobs } = await recursiveListing();
    const entries = blobs.size; // fewer than the tree's entries (directories count too)
    gh.sim.resetCalls();
    expect(await readTreePaths(gh.octokit, repo, treeSha, walkBounds({ maxTreeEntries: entries }))).toBeUndefined();
    const refusedCalls = treeReads().length;
    expect(await readTreePaths(gh.octokit, repo, treeSha)).toEqual(blobs);
    expect(treeReads().length).toBeGreaterThan(refusedCalls);
    gh.sim.resetCalls();
    expect(await readTreePaths(gh.octokit, repo, treeSha, walkBounds({ maxTreeEntries: entries }))).toBeUndefined();
    expect(gh.sim.calls).toEqual([]);
    forgetTrees();
    gh.sim.resetCalls();
    expect(await readTreePaths(gh.octokit, repo, treeSha, { maxEntries: 1_000_000, maxCalls: 2 })).toBeUndefined();
    expect(treeReads().length).toBeLessThanOrEqual(2);
  });
});
