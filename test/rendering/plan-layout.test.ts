import { describe, expect, it } from "vitest";
import type { Config } from "../../src/config/schema.js";
import { tierComponentDirs } from "../../src/intake/tier-descriptions.js";
import { groupDirOf, layoutDirsOf, overlayDirsOf, planLayout, quotaComponentDirOf } from "../../src/rendering/plan-layout.js";
import { renderTenant } from "../../src/rendering/render-tenant.js";
import type { GitopsSnapshot } from "../../src/types.js";
import { validateRequest } from "../../src/validation/validate-request.js";
import { configFrom, exampleRaw, validRequest } from "../intake/support.js";
import { PROVENANCE } from "./fixture-repo.js";

/** A layout unlike the default in every key, so a path computed anywhere else from the defaults would show. */
const CUSTOM_LAYOUT = {
  namespaceDir: "tenants/{team}/{namespace}",
  groupDir: "tenants/{team}/group",
  rbacComponentDir: "tenants/{team}/rbac",
  quotaComponentDir: "quotas/{tier}",
  limitRangeComponentDir: "quotas/limits",
  networkPolicyComponentDir: "policies/default",
};

function customConfig(overrides: Record<string, unknown> = {}): Config {
  return configFrom({ ...exampleRaw(), layout: CUSTOM_LAYOUT, ...overrides });
}

const SMAUG = "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml";
const COMMON = "cluster-scope/overlays/prod/common/kustomization.yaml";

/** A repository in the custom layout: the small tier's component, the LimitRange, the overlays; plus `extra` paths. */
function customTree(extra: readonly string[] = []): GitopsSnapshot {
  const files = new Map([
    [SMAUG, "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../common\n"],
    [COMMON, "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n"],
  ]);
  const paths = new Set([...files.keys(), "quotas/small/kustomization.yaml", "quotas/small/quota.yaml", "quotas/limits/kustomization.yaml", ...extra]);
  return { paths, files };
}

const world = (snapshot: GitopsSnapshot) => ({ snapshot, users: null });

describe("layout paths, computed once for validation and rendering", () => {
  it("fills every directory of a request from the configured layout", () => {
    const config = customConfig();
    const planned = planLayout(validRequest({ namespaces: ["my-team-dev"] }), config);
    expect(planned).toEqual({
      plan: {
        namespaces: [{ name: "my-team-dev", dir: "tenants/my-team/my-team-dev" }],
        groupDir: "tenants/my-team/group",
        rbacComponentDir: "tenants/my-team/rbac",
        quotaComponentDir: "quotas/small",
        limitRangeComponentDir: "quotas/limits",
        overlayDirs: ["cluster-scope/overlays/prod/common", "cluster-scope/overlays/prod/moc/smaug"],
      },
    });
  });

  it("find an existing team in the same directory: validation names it, the renderer reuses it", () => {
    const config = customConfig({ teams: { allowExisting: true } });
    const snapshot = customTree(["tenants/my-team/group/group.yaml", "tenants/my-team/group/kustomization.yaml"]);
    const request = validRequest({ namespaces: ["my-team-dev"] });
    const dir = groupDirOf(config, "my-team");
    expect(dir).toEqual({ ok: true, path: "tenants/my-team/group" });

    const validated = validateRequest(request, config, world(snapshot));
    expect(validated.problems).toEqual([]);
    expect(validated.notices).toContainEqual(expect.objectContaining({ field: "team", message: expect.stringContaining("(tenants/my-team/group)") }));

    const rendered = renderTenant({ request, config, snapshot, provenance: PROVENANCE });
    expect(rendered.kind).toBe("rendered");
    if (rendered.kind !== "rendered") return;
    expect(rendered.summary.teamReused).toBe(true);
    expect(rendered.summary.createdPaths.some((p) => p.startsWith("tenants/my-team/group/"))).toBe(false);
    expect(rendered.summary.createdPaths).toContain("tenants/my-team/my-team-dev/namespace.yaml");
    expect(rendered.summary.createdPaths).toContain("tenants/my-team/rbac/kustomization.yaml");
    // The overlays the renderer edits are the ones the plan names.
    expect(rendered.summary.overlays).toEqual(overlayDirsOf(config, request.clusters));
  });

  it("find a missing quota component at the same path: validation and the renderer both name it", () => {
    const config = customConfig();
    const request = validRequest({ quotaTier: "large" });
    const dir = quotaComponentDirOf(config, "large");
    expect(dir).toEqual({ ok: true, path: "quotas/large" });

    const validated = validateRequest(request, config, world(customTree()));
    expect(validated.problems).toEqual([
      expect.objectContaining({ field: "quota_tier", message: expect.stringContaining("(quotas/large/kustomization.yaml is missing)") }),
    ]);
    const rendered = renderTenant({ request, config, snapshot: customTree(), provenance: PROVENANCE });
    expect(rendered).toMatchObject({ kind: "problems", problems: [expect.objectContaining({ field: "quota_tier", message: expect.stringContaining("'quotas/large'") })] });
    // And the form describes the tiers from the same directories.
    expect(tierComponentDirs(config).get("large")).toBe("quotas/large");
  });

  it("accept, in validation and rendering alike, a request whose tier component exists in the custom layout", () => {
    const config = customConfig();
    const request = validRequest();
    expect(validateRequest(request, config, world(customTree())).problems).toEqual([]);
    const rendered = renderTenant({ request, config, snapshot: customTree(), provenance: PROVENANCE });
    expect(rendered.kind).toBe("rendered");
  });

  it("lists each overlay once, only for configured clusters", () => {
    const config = customConfig();
    expect(overlayDirsOf(config, ["smaug", "infra", "nowhere"])).toEqual([
      "cluster-scope/overlays/prod/common",
      "cluster-scope/overlays/prod/moc/infra",
      "cluster-scope/overlays/prod/moc/smaug",
    ]);
    expect(overlayDirsOf(config, ["osc-cl1"])).toEqual(["cluster-scope/overlays/prod/osc/osc-cl1"]);
  });
});

describe("layoutDirsOf", () => {
  it("lists every directory the plan names, and the tier components of the namespaces' own tiers", () => {
    const config = customConfig({ namespaces: { ...(exampleRaw().namespaces as object), networkPolicies: { enabled: true } } });
    const request = validRequest({ namespaces: ["my-team-dev", "my-team-ml"], clusters: ["smaug", "osc-cl1"], namespaceTiers: { "my-team-ml": "large" } });
    const planned = planLayout(request, config);
    if (!("plan" in planned)) throw new Error(JSON.stringify(planned.problems));
    const { plan } = planned;
    expect(layoutDirsOf(config, request)).toEqual(
      [
        ...plan.namespaces.map((n) => n.dir),
        plan.groupDir,
        plan.rbacComponentDir,
        plan.quotaComponentDir,
        "quotas/large",
        plan.limitRangeComponentDir,
        plan.networkPolicyComponentDir,
        ...plan.overlayDirs,
      ].sort(),
    );
  });

  it("leaves out what does not fill a template, and tiers that are not configured", () => {
    const config = customConfig();
    const dirs = layoutDirsOf(config, validRequest({ team: "Not A Label", quotaTier: "huge" }));
    expect(dirs).toEqual(["cluster-scope/overlays/prod/common", "cluster-scope/overlays/prod/moc/smaug", "quotas/limits"]);
  });
});
