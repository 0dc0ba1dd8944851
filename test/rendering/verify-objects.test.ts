import { describe, expect, it } from "vitest";
import { customQuotaObject } from "../../src/rendering/namespace-objects.js";
import { groupObject, rbacObject } from "../../src/rendering/team-objects.js";
import { verifyEntries, verifyObject } from "../../src/rendering/verify-objects.js";
import { request } from "./fixture-repo.js";

describe("verifyObject", () => {
  it("accepts the objects the renderer builds", () => {
    expect(verifyObject("g", groupObject(request()))).toEqual([]);
    expect(verifyObject("r", rbacObject("aurora"))).toEqual([]);
    expect(verifyObject("q", customQuotaObject("aurora-dev", { cpu: "500m", memory: "2Gi", storage: "10Gi" }))).toEqual([]);
  });

  it("uses the Kubernetes schema: a RoleBinding without roleRef.apiGroup is refused", () => {
    const binding = rbacObject("aurora") as Record<string, unknown>;
    binding.roleRef = { kind: "ClusterRole", name: "admin" };
    expect(verifyObject("rbac.yaml", binding).join("\n")).toMatch(/rbac\.yaml: .*RoleBinding schema: .*apiGroup/);
  });

  it("checks the OpenShift Group by hand: users must be distinct non-empty strings", () => {
    expect(verifyObject("g", { ...groupObject(request()), users: ["a", 1] })).toEqual(["g: users must be a list of non-empty strings"]);
    expect(verifyObject("g", { ...groupObject(request()), users: ["a", "a"] })).toEqual(["g: users lists someone twice"]);
  });

  it("checks names, labels, unknown fields and quantities, which the models do not", () => {
    const errors = verifyObject("ns", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "Not_A_Label", labels: { "ok/team": "has space" }, annotations: { "bad key!": "x" } },
      data: { secret: "x" },
    });
    expect(errors).toEqual([
      "ns: unknown field 'data' for v1/Namespace",
      "ns: metadata.name 'Not_A_Label' is not a DNS-1123 label (lowercase, digits, '-', at most 63)",
      "ns: label 'ok/team' has value 'has space'; expected at most 63 alphanumerics, '-', '_', '.'",
      "ns: annotation key 'bad key!': name 'bad key!' is not a qualified name (alphanumerics, '-', '_', '.', at most 63)",
    ]);
    const quota = verifyObject("q", customQuotaObject("a", { cpu: "lots", memory: "2Gi", storage: "1Gi" }));
    expect(quota).toContain("q: spec.hard['requests.cpu'] = 'lots' is not a Kubernetes quantity");
    expect(quota).toContain("q: spec.hard['limits.cpu'] = 'lots' is not a Kubernetes quantity");
    expect(quota.some((e) => e.startsWith("q: v1/ResourceQuota schema:"))).toBe(true);
  });

  it("refuses kinds the bot never writes", () => {
    expect(verifyObject("s", { apiVersion: "v1", kind: "Secret", metadata: { name: "x" } })).toEqual(["s: the bot does not write objects of kind 'v1/Secret'"]);
  });
});

describe("verifyEntries", () => {
  const paths = new Set(["base/a/kustomization.yaml", "base/a/ns.yaml", "components/c/kustomization.yaml"]);

  it("accepts entries that resolve to files or kustomization directories, existing or being written", () => {
    const rendered = new Set(["base/b/kustomization.yaml"]);
    const written = [{ file: "overlays/x/kustomization.yaml", entries: ["../../base/a", "../../base/b", "../../base/a/ns.yaml"] }];
    expect(verifyEntries(written, paths, rendered)).toEqual([]);
  });

  it("reports a dangling entry and one that leaves the repository", () => {
    const written = [{ file: "overlays/x/kustomization.yaml", entries: ["../../components/missing", "../../../outside"] }];
    expect(verifyEntries(written, paths, new Set())).toEqual([
      "overlays/x/kustomization.yaml: entry '../../components/missing' points at 'components/missing', which has no kustomization file and is not a file",
      "overlays/x/kustomization.yaml: entry '../../../outside' leaves the repository or is remote",
    ]);
  });
});
