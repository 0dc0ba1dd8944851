import { describe, expect, it } from "vitest";
import { findReachable } from "../../src/rendering/reachability.js";
import { TreeView, UnobservedPathsError, type PathObservation } from "../../src/validation/tree-view.js";

const OVERLAY = "overlays/smaug";
const COMMON = "overlays/common";
const tenants = Array.from({ length: 50 }, (_, i) => `../../namespaces/t${i}`);

function dir(...files: string[]): PathObservation {
  return { kind: "tree", oid: "t", entries: files.map((name) => ({ name, type: "blob" as const })) };
}

function overlayListing(resources: string[]): string {
  return `resources:\n${resources.map((r) => `- ${r}`).join("\n")}\n`;
}

/** A base looked up as the app does: the overlays and their kustomizations, none of the tenants' directories. */
function partial(resources: string[], extra: Record<string, PathObservation> = {}) {
  const view = new TreeView({ commitOid: "c", treeOid: "r" });
  view.observe(OVERLAY, dir("kustomization.yaml"));
  view.observe(COMMON, dir("kustomization.yaml"));
  for (const [path, found] of Object.entries(extra)) view.observe(path, found);
  const files = new Map([
    [`${OVERLAY}/kustomization.yaml`, overlayListing(resources)],
    [`${COMMON}/kustomization.yaml`, "resources: []\n"],
  ]);
  return { paths: view, files };
}

describe("reachability over a partially read tree", () => {
  it("finds a group overlay listed among thousands of namespaces without looking any of them up", () => {
    expect(findReachable(partial([...tenants, "../common"]), OVERLAY, COMMON)).toEqual({ kind: "reachable", via: [OVERLAY, COMMON] });
  });

  it("asks for every unknown directory of a level at once, never one per round", () => {
    let asked: string[] = [];
    try {
      findReachable(partial([...tenants, "../mid"], { "overlays/mid": dir("kustomization.yaml") }), OVERLAY, COMMON);
    } catch (error) {
      if (error instanceof UnobservedPathsError) asked = error.paths;
      else throw error;
    }
    expect(asked).toHaveLength(50);
    expect(asked).toContain("namespaces/t49");
  });
});
