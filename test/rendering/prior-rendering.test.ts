import { describe, expect, it } from "vitest";
import { isExactlyRendered, priorRenderingCandidates, withoutDirs } from "../../src/rendering/prior-rendering.js";
import type { GitopsSnapshot } from "../../src/types.js";
import { OPF, fixtureConfig, request, treeSnapshot } from "./fixture-repo.js";

const config = fixtureConfig(OPF);
const NS = "cluster-scope/base/core/namespaces";

function withPaths(extra: string[]): GitopsSnapshot {
  const base = treeSnapshot(OPF);
  return { paths: new Set([...base.paths, ...extra]), files: base.files };
}

describe("prior rendering of a request", () => {
  it("has no candidate unless every requested namespace directory exists", () => {
    const snapshot = withPaths([`${NS}/aurora-dev/namespace.yaml`]);
    expect(priorRenderingCandidates(request({ namespaces: ["aurora-dev", "aurora-ci"] }), config, snapshot)).toEqual([]);
  });

  it("tries the namespace directories with every combination of the team's existing directories, largest first", () => {
    const snapshot = withPaths([`${NS}/aurora-dev/namespace.yaml`, "cluster-scope/base/user.openshift.io/groups/aurora/group.yaml", "cluster-scope/components/project-admin-rolebindings/aurora/rbac.yaml"]);
    expect(priorRenderingCandidates(request(), config, snapshot)).toEqual([
      [`${NS}/aurora-dev`, "cluster-scope/base/user.openshift.io/groups/aurora", "cluster-scope/components/project-admin-rolebindings/aurora"],
      [`${NS}/aurora-dev`, "cluster-scope/components/project-admin-rolebindings/aurora"],
      [`${NS}/aurora-dev`, "cluster-scope/base/user.openshift.io/groups/aurora"],
      [`${NS}/aurora-dev`],
    ]);
  });

  it("takes out only the paths inside the directories, not siblings that share a name prefix", () => {
    const snapshot: GitopsSnapshot = {
      paths: new Set([`${NS}/a/namespace.yaml`, `${NS}/a-b/namespace.yaml`]),
      files: new Map([[`${NS}/a/namespace.yaml`, "x"]]),
      namespaceManifests: new Map([[`${NS}/a/extra.yaml`, ["a"]], ["elsewhere/ns.yaml", ["b"]]]),
    };
    const out = withoutDirs(snapshot, [`${NS}/a`]);
    expect([...out.paths]).toEqual([`${NS}/a-b/namespace.yaml`]);
    expect(out.files.size).toBe(0);
    expect([...(out.namespaceManifests ?? [])]).toEqual([["elsewhere/ns.yaml", ["b"]]]);
  });

  it("is exact only when every rendered file is present byte for byte and nothing else lies in the created directories", () => {
    const files = [{ path: `${NS}/a/namespace.yaml`, content: "kind: Namespace\n" }];
    const snapshot: GitopsSnapshot = { paths: new Set([`${NS}/a/namespace.yaml`]), files: new Map() };
    const present = new Map([[`${NS}/a/namespace.yaml`, "kind: Namespace\n"]]);
    expect(isExactlyRendered(files, present, snapshot, [`${NS}/a`])).toBe(true);
    expect(isExactlyRendered(files, new Map([[`${NS}/a/namespace.yaml`, "kind: Namespace\n# edited\n"]]), snapshot, [`${NS}/a`])).toBe(false);
    const extra: GitopsSnapshot = { paths: new Set([...snapshot.paths, `${NS}/a/extra.yaml`]), files: new Map() };
    expect(isExactlyRendered(files, present, extra, [`${NS}/a`])).toBe(false);
  });
});
