import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderWithReader } from "../../src/rendering/render-with-reader.js";
import type { OnboardingRequest } from "../../src/types.js";
import { FIXTURES, OPF, PROVENANCE, fixtureConfig, fixtureReader, request, treeSnapshot } from "./fixture-repo.js";
import { expectGolden } from "./golden.js";

const FLAT = path.join(FIXTURES, "rendering", "flat-layout-repo");

async function render(repo: string, req: OnboardingRequest, configOverrides: Record<string, unknown> = {}) {
  const { read } = fixtureReader(repo);
  return renderWithReader({ request: req, config: fixtureConfig(repo, configOverrides), snapshot: treeSnapshot(repo), provenance: PROVENANCE }, read);
}

describe("renderTenant golden files", () => {
  it("renders a new team with one namespace on one cluster, its group going to the shared common overlay", async () => {
    const out = await render(OPF, request());
    expectGolden("new-team-one-namespace", out);
  });

  it("renders several namespaces on several clusters: the group goes to common for smaug and to osc-cl1's own overlay", async () => {
    const out = await render(OPF, request({ namespaces: ["aurora-prod", "aurora-dev"], clusters: ["smaug", "osc-cl1"] }));
    expectGolden("several-namespaces-several-clusters", out);
  });

  it("reuses an existing team without touching its files, adding its group only where the cluster lacks it", async () => {
    const out = await render(
      OPF,
      request({ team: "data-science", namespaces: ["ds-notebooks"], clusters: ["infra", "osc-cl1"], owner: "durandom", members: ["durandom"] }),
    );
    expectGolden("existing-team-reused", out);
    if (out.kind !== "rendered") return;
    expect(out.summary.teamReused).toBe(true);
    expect(out.files.some((f) => f.path.includes("groups/data-science") || f.path.includes("rolebindings/data-science"))).toBe(false);
  });

  it("renders a custom quota as a ResourceQuota in the namespace instead of a tier component", async () => {
    const out = await render(OPF, request({ quotaTier: "custom", customQuota: { cpu: "3", memory: "12Gi", storage: "80Gi" } }));
    expectGolden("custom-quota", out);
  });

  it("writes the NetworkPolicies component once and wires it into every namespace when enabled, with Pod Security labels", async () => {
    const out = await render(OPF, request({ namespaces: ["aurora-dev", "aurora-ci"] }), {
      namespaces: { podSecurity: "restricted", networkPolicies: { enabled: true } },
    });
    expectGolden("network-policies", out);
  });

  it("renders into a non-default flat layout (tenants/{team}/{namespace}) with a flow-style overlay list", async () => {
    const out = await render(FLAT, request({ clusters: ["alpha", "beta"], quotaTier: "large" }));
    expectGolden("flat-layout", out);
  });
});
