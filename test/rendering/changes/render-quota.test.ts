import { describe, expect, it } from "vitest";
import { parseChangeRequest } from "../../../src/rendering/changes/change-request.js";
import { treeConfig, baseFiles, lineChanges, renderIn } from "./change-tree.js";

const NS = "cluster-scope/base/core/namespaces";
const DEV = `${NS}/aurora-dev/kustomization.yaml`;
const PROD = `${NS}/aurora-prod/kustomization.yaml`;
const PROD_QUOTA = `${NS}/aurora-prod/resourcequota.yaml`;
const custom = (cpu: string) => ({ cpu, memory: "16Gi", storage: "50Gi" });

describe("quota change", () => {
  it("swaps the tier component in place: a one-line diff", async () => {
    const out = await renderIn("quota", { team: "aurora", namespace: "aurora-dev", tier: "medium" });
    expect(lineChanges(out)).toEqual({
      files: { [DEV]: { removed: ["  - ../../../../components/resourcequotas/small"], added: ["  - ../../../../components/resourcequotas/medium"] } },
      deletions: [],
    });
  });

  it("from a custom quota to a tier: the resourcequota.yaml line and file go, the component comes", async () => {
    const out = await renderIn("quota", { team: "aurora", namespace: "aurora-prod", tier: "large" });
    expect(lineChanges(out)).toEqual({
      files: { [PROD]: { removed: ["  - resourcequota.yaml"], added: ["  - ../../../../components/resourcequotas/large"] } },
      deletions: [PROD_QUOTA],
    });
  });

  it("from a tier to a custom quota: resourcequota.yaml written and listed, the tier component removed", async () => {
    const out = await renderIn("quota", { team: "aurora", namespace: "aurora-dev", tier: "custom", customQuota: custom("4") });
    const changes = lineChanges(out);
    expect(changes.files[DEV]).toEqual({ removed: ["  - ../../../../components/resourcequotas/small"], added: ["  - resourcequota.yaml"] });
    expect(out.kind === "changed" && out.files.find((f) => f.path === `${NS}/aurora-dev/resourcequota.yaml`)?.content).toContain("name: aurora-dev-custom");
  });

  it("changes a custom quota's values, keeping the file's indentation, comments, quoting and other keys", async () => {
    const out = await renderIn("quota", { team: "aurora", namespace: "aurora-prod", tier: "custom", customQuota: custom("4") });
    expect(lineChanges(out)).toEqual({
      files: {
        [PROD_QUOTA]: {
          removed: ["        requests.cpu: '2'", "        requests.memory: 8Gi", "        requests.storage: 20Gi"],
          added: ["        requests.cpu: '4'", "        requests.memory: 16Gi", "        requests.storage: 50Gi", "        limits.cpu: '4'", "        limits.memory: 16Gi"],
        },
      },
      deletions: [],
    });
    expect(out.kind === "changed" && out.files[0]?.content).toContain("        # agreed in the support issue\n");
  });

  it("the tier the namespace already has is a notice and writes nothing", async () => {
    const out = await renderIn("quota", { team: "aurora", namespace: "aurora-dev", tier: "small" });
    expect(out).toMatchObject({ kind: "changed", files: [], deletions: [], notices: [{ field: "quota_tier" }] });
  });

  it.each([
    { name: "an unknown tier", request: { team: "aurora", namespace: "aurora-dev", tier: "huge" }, field: "quota_tier", message: "tier 'huge' is not configured", audience: undefined },
    { name: "a tier whose component is missing", request: { team: "aurora", namespace: "aurora-dev", tier: "x-small" }, field: "quota_tier", message: "resourcequotas/x-small' of tier 'x-small' does not exist", audience: "maintainers" },
    { name: "a quota over the maximum", request: { team: "aurora", namespace: "aurora-dev", tier: "custom", customQuota: custom("32") }, field: "custom_quota", message: "customQuota.cpu 32 is more than a custom quota may have", audience: undefined },
    { name: "a zero quota", request: { team: "aurora", namespace: "aurora-dev", tier: "custom", customQuota: custom("0") }, field: "custom_quota", message: "customQuota.cpu is zero", audience: undefined },
    { name: "a namespace of another team", request: { team: "aurora", namespace: "borealis-ml", tier: "large" }, field: "namespaces", message: "belongs to team 'borealis', not to 'aurora'", audience: undefined },
    { name: "a namespace no team owns", request: { team: "aurora", namespace: "platform", tier: "large" }, field: "namespaces", message: "uses no team's RBAC component", audience: undefined },
    { name: "a namespace that does not exist", request: { team: "aurora", namespace: "aurora-qa", tier: "large" }, field: "namespaces", message: "namespace 'aurora-qa' does not exist", audience: undefined },
  ])("refuses $name", async ({ request, field, message, audience }) => {
    const out = await renderIn("quota", request);
    expect(out.kind === "problems" && out.problems).toEqual([expect.objectContaining({ field, message: expect.stringContaining(message) })]);
    expect(out.kind === "problems" && out.problems[0]?.audience).toBe(audience);
  });

  it("refuses a custom quota when the configuration does not offer it", async () => {
    const config = treeConfig({ quota: { tiers: [{ name: "small" }], custom: { enabled: false } } });
    const out = await renderIn("quota", { team: "aurora", namespace: "aurora-dev", tier: "custom", customQuota: custom("1") }, baseFiles(), config);
    expect(out.kind === "problems" && out.problems[0]?.message).toContain("the custom quota is not offered");
  });

  it.each([
    { name: "tier custom without values", request: { team: "aurora", namespace: "a", tier: "custom" }, error: "customQuota: tier 'custom' needs customQuota" },
    { name: "values with another tier", request: { team: "aurora", namespace: "a", tier: "small", customQuota: custom("1") }, error: "customQuota is only read with tier 'custom'" },
    { name: "a value that is no quantity", request: { team: "aurora", namespace: "a", tier: "custom", customQuota: custom("lots") }, error: "customQuota.cpu: cpu must be a Kubernetes quantity" },
  ])("the request shape refuses $name", ({ request, error }) => {
    const parsed = parseChangeRequest("quota", request);
    expect("errors" in parsed && parsed.errors.join("\n")).toContain(error);
  });
});
