import { describe, expect, it } from "vitest";
import { findKustomizationFile } from "../../src/rendering/kustomization-objects.js";
import { dirHasFiles } from "../../src/rendering/snapshot-lookup.js";
import { TreeView, UnobservedPathsError, settleObserved, type PathObservation } from "../../src/validation/tree-view.js";

const NS = "cluster-scope/base/core/namespaces";

function tree(...entries: Array<[string, "blob" | "tree"]>): PathObservation {
  return { kind: "tree", oid: "t", entries: entries.map(([name, type]) => ({ name, type, oid: `${name}-oid` })) };
}

function thrown(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof UnobservedPathsError) return error.paths;
    throw error;
  }
  throw new Error("expected an UnobservedPathsError");
}

/** A view of a base where the namespace `taken` exists and `free` was looked up and is absent. */
function view(): TreeView {
  const v = new TreeView({ commitOid: "c", treeOid: "r", rootEntries: [{ name: "cluster-scope", type: "tree", oid: "cs" }] });
  v.observe(`${NS}/taken`, tree(["kustomization.yaml", "blob"], ["namespace.yaml", "blob"]));
  v.observe(`${NS}/free`, { kind: "absent" });
  return v;
}

describe("a partial view of the base tree", () => {
  it("answers for paths looked up, below them, and through a directory's entries", () => {
    const v = view();
    expect(dirHasFiles(v, `${NS}/taken`)).toBe(true);
    expect(v.has(`${NS}/taken/namespace.yaml`)).toBe(true);
    expect(v.has(`${NS}/taken/quota.yaml`)).toBe(false);
    expect(findKustomizationFile(`${NS}/taken`, v)).toBe(`${NS}/taken/kustomization.yaml`);
    expect(dirHasFiles(v, `${NS}/free`)).toBe(false);
    expect(v.has(`${NS}/free/kustomization.yaml`)).toBe(false);
    // The root's entries say there is no argocd directory at all.
    expect(dirHasFiles(v, "argocd/overlays")).toBe(false);
  });

  it("never takes a path it did not see as absent: it names the paths to look up", () => {
    const v = view();
    expect(thrown(() => dirHasFiles(v, `${NS}/other`))).toEqual([`${NS}/other`]);
    expect(thrown(() => findKustomizationFile("cluster-scope/overlays/prod/moc/smaug", v))).toEqual(["cluster-scope/overlays/prod/moc/smaug"]);
    expect(() => v.size).toThrow(/not known/);
    expect(() => [...v]).toThrow(/cannot list/);
  });

  it("finds a namespace under every team of a {team} layout by listing the teams, then looking up each team's directory", () => {
    const v = new TreeView({ commitOid: "c", treeOid: "r", rootEntries: [{ name: "tenants", type: "tree", oid: "t" }] });
    expect(thrown(() => v.layoutDirsOf("tenants/{team}/{namespace}", "victim"))).toEqual(["tenants"]);
    v.observe("tenants", tree(["alpha", "tree"], ["beta", "tree"], ["README.md", "blob"]));
    expect(thrown(() => v.layoutDirsOf("tenants/{team}/{namespace}", "victim"))).toEqual(["tenants/alpha/victim", "tenants/beta/victim"]);
    v.observe("tenants/alpha/victim", { kind: "absent" });
    v.observe("tenants/beta/victim", tree(["kustomization.yaml", "blob"]));
    expect(v.layoutDirsOf("tenants/{team}/{namespace}", "victim")).toEqual(["tenants/beta/victim"]);
  });

  it("looks up what a check stopped at and runs it again, at most a few rounds", async () => {
    const v = view();
    const asked: string[][] = [];
    const lookup = async (paths: readonly string[]) => {
      asked.push([...paths]);
      return new Map(paths.map((p): [string, PathObservation] => [p, tree(["kustomization.yaml", "blob"])]));
    };
    expect(await settleObserved(v, lookup, () => dirHasFiles(v, `${NS}/other`))).toBe(true);
    expect(asked).toEqual([[`${NS}/other`]]);

    let n = 0;
    const endless = () => dirHasFiles(v, `${NS}/endless-${n++}`);
    await expect(settleObserved(v, lookup, endless, 2)).rejects.toBeInstanceOf(UnobservedPathsError);
  });
});
