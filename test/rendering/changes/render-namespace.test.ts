import { describe, expect, it } from "vitest";
import { parseChangeRequest } from "../../../src/rendering/changes/change-request.js";
import { OVERLAYS, lineChanges, renderIn } from "./change-tree.js";

const request = (overrides: Record<string, unknown> = {}) => ({
  team: "aurora",
  namespace: "aurora-test",
  clusters: ["smaug", "osc-cl1"],
  tier: "medium",
  owner: "ada",
  description: "Aurora's test environment",
  ...overrides,
});

describe("namespace change", () => {
  it("creates the namespace with the onboarding renderer's objects and wires it into each cluster with one line", async () => {
    const out = await renderIn("namespace", request());
    const changes = lineChanges(out);
    expect(Object.keys(changes.files).sort()).toEqual([
      "cluster-scope/base/core/namespaces/aurora-test/kustomization.yaml",
      "cluster-scope/base/core/namespaces/aurora-test/namespace.yaml",
      `${OVERLAYS.smaug}/kustomization.yaml`,
      `${OVERLAYS.osc}/kustomization.yaml`,
    ]);
    expect(changes.files[`${OVERLAYS.smaug}/kustomization.yaml`]).toEqual({ added: ["  - ../../../../base/core/namespaces/aurora-test"], removed: [] });
    // osc-cl1 gets groups through its own overlay: the team's group comes with the namespace.
    expect(changes.files[`${OVERLAYS.osc}/kustomization.yaml`]).toEqual({ added: ["- ../../../../base/core/namespaces/aurora-test", "- ../../../../base/user.openshift.io/groups/aurora"], removed: [] });
    const kustomization = out.kind === "changed" ? out.files.find((f) => f.path.endsWith("aurora-test/kustomization.yaml"))?.content : "";
    expect(kustomization).toContain("../../../../components/project-admin-rolebindings/aurora");
    expect(kustomization).toContain("../../../../components/resourcequotas/medium");
    expect(out.kind === "changed" && out.summary.expect).toEqual([
      { cluster: "smaug", kind: "Namespace", name: "aurora-test", present: true },
      { cluster: "osc-cl1", kind: "Namespace", name: "aurora-test", present: true },
    ]);
  });

  it("never rewrites the team's Group", async () => {
    const out = await renderIn("namespace", request());
    expect(out.kind === "changed" && out.files.map((f) => f.path).filter((p) => p.includes("/groups/"))).toEqual([]);
  });

  it.each([
    { name: "a team that does not exist", overrides: { team: "nobody" }, field: "team", message: "team 'nobody' does not exist" },
    { name: "a namespace name already taken", overrides: { namespace: "borealis-ml" }, field: "namespaces", message: "namespace 'borealis-ml' already exists" },
    { name: "an unknown cluster", overrides: { clusters: ["mars"] }, field: "clusters", message: "cluster 'mars' is not configured" },
    { name: "a tier whose component is missing", overrides: { tier: "x-small" }, field: "quota_tier", message: "does not exist in the GitOps repository" },
    { name: "a custom quota over the maximum", overrides: { tier: "custom", customQuota: { cpu: "1", memory: "1Ti", storage: "1Gi" } }, field: "custom_quota", message: "customQuota.memory 1Ti is more than a custom quota may have" },
  ])("refuses $name", async ({ overrides, field, message }) => {
    const out = await renderIn("namespace", request(overrides));
    expect(out.kind).toBe("problems");
    expect(out.kind === "problems" && out.problems).toContainEqual(expect.objectContaining({ field, message: expect.stringContaining(message) }));
  });
});

describe("namespace change request shape", () => {
  it.each([
    { name: "a documentation link that is not http(s)", overrides: { docsUrl: "javascript:alert(1)" }, error: "docsUrl: must be an http(s) URL" },
    { name: "an empty description", overrides: { description: "  " }, error: "description: must say what the namespace is for" },
    { name: "no cluster", overrides: { clusters: [] }, error: "clusters: name at least one cluster" },
    { name: "a namespace name that is no DNS label", overrides: { namespace: "Aurora_Test" }, error: "namespace: namespace must be a DNS-1123 label" },
  ])("refuses $name", ({ overrides, error }) => {
    const parsed = parseChangeRequest("namespace", request(overrides));
    expect("errors" in parsed && parsed.errors.join("\n")).toContain(error);
  });
});
