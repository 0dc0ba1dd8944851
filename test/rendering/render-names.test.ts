import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderTenant } from "../../src/rendering/render-tenant.js";
import type { GitopsSnapshot } from "../../src/types.js";
import { FIXTURES, fixtureConfig, OPF, PROVENANCE, request, treeSnapshot } from "./fixture-repo.js";

const FLAT = path.join(FIXTURES, "rendering", "flat-layout-repo");

function problemsOf(output: ReturnType<typeof renderTenant>): string[] {
  return output.kind === "problems" ? output.problems.map((p) => `${p.field}: ${p.message}`) : [];
}

describe("renderTenant refuses names it must not write, whatever validation said", () => {
  it("refuses a namespace another team has under a {team} layout", () => {
    const output = renderTenant({
      request: request({ team: "evil", namespaces: ["platform-tools"], clusters: ["alpha"] }),
      config: fixtureConfig(FLAT),
      snapshot: treeSnapshot(FLAT),
      provenance: PROVENANCE,
    });
    expect(problemsOf(output)).toEqual(["namespaces: namespace 'platform-tools' already exists in the GitOps repository (tenants/platform/platform-tools)"]);
  });

  it("refuses a namespace a Namespace manifest defines elsewhere", () => {
    const tree = treeSnapshot(OPF);
    const snapshot: GitopsSnapshot = {
      ...tree,
      paths: new Set([...tree.paths, "argocd/overlays/x/namespace.yaml"]),
      namespaceManifests: new Map([
        ["argocd/overlays/x/namespace.yaml", ["aurora-dev"]],
        ["cluster-scope/overlays/prod/moc/smaug/opf-monitoring-namespace-patch.yaml", ["opf-monitoring"]],
      ]),
    };
    const output = renderTenant({ request: request(), config: fixtureConfig(OPF), snapshot, provenance: PROVENANCE });
    expect(problemsOf(output)).toEqual(["namespaces: namespace 'aurora-dev' already exists in the GitOps repository (argocd/overlays/x/namespace.yaml)"]);
  });

  it("fails closed when the caller read the candidate manifests but not all of them", () => {
    const snapshot: GitopsSnapshot = { ...treeSnapshot(OPF), namespaceManifests: new Map() };
    const output = renderTenant({ request: request(), config: fixtureConfig(OPF), snapshot, provenance: PROVENANCE });
    expect(problemsOf(output).join("\n")).toContain("opf-monitoring-namespace-patch.yaml");
  });

  it("refuses privileged team names and platform namespaces", () => {
    const output = renderTenant({
      request: request({ team: "cluster-admins", namespaces: ["argocd"] }),
      config: fixtureConfig(OPF),
      snapshot: treeSnapshot(OPF),
      provenance: PROVENANCE,
    });
    expect(problemsOf(output)).toEqual([
      "namespaces: 'argocd' is the namespace of a platform component, which is never given to a tenant",
      "team: 'cluster-admins' is a privileged group name: a group of this name can carry cluster-wide rights",
    ]);
  });
});
