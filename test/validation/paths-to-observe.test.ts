import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { pathsToObserve, spineOf } from "../../src/validation/paths-to-observe.js";

function config(overrides: Record<string, unknown> = {}) {
  const parsed = parseConfig({
    gitops: { repository: "acme/apps" },
    clusters: [
      { name: "smaug", overlay: "cluster-scope/overlays/prod/moc/smaug", groupOverlays: ["cluster-scope/overlays/prod/common"] },
      { name: "infra", overlay: "cluster-scope/overlays/prod/moc/infra" },
    ],
    quota: { tiers: [{ name: "small" }, { name: "large" }] },
    ...overrides,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

const request = { team: "astro-lab", namespaces: ["astro-lab", "astro-dev"], clusters: ["smaug"], quotaTier: "small", namespaceTiers: { "astro-dev": "large" } };

describe("the paths one request needs from the GitOps repository", () => {
  it("lists the namespace directories, the team's and tiers' components, the chosen overlays and the spine, never the namespace root", () => {
    const paths = pathsToObserve(config(), request);
    expect(paths).toEqual(
      [
        "cluster-scope",
        "cluster-scope/base",
        "cluster-scope/base/core",
        "cluster-scope/base/core/namespaces/astro-dev",
        "cluster-scope/base/core/namespaces/astro-lab",
        "cluster-scope/base/user.openshift.io/groups/astro-lab",
        "cluster-scope/components/limitranges/default",
        "cluster-scope/components/project-admin-rolebindings/astro-lab",
        "cluster-scope/components/resourcequotas/large",
        "cluster-scope/components/resourcequotas/small",
        "cluster-scope/overlays/prod/common",
        "cluster-scope/overlays/prod/common/kustomization.yaml",
        "cluster-scope/overlays/prod/moc/smaug",
        "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml",
      ].sort(),
    );
    expect(paths).not.toContain("cluster-scope/base/core/namespaces");
  });

  it("lists the team level of a {team} layout, which grows with teams, and leaves out values that fill no path", () => {
    const flat = config({ layout: { namespaceDir: "tenants/{team}/{namespace}", groupDir: "groups/{team}" } });
    const paths = pathsToObserve(flat, { ...request, team: "Not A Label", namespaces: ["victim"] });
    expect(paths).toContain("tenants");
    expect(paths.filter((p) => p.startsWith("tenants/"))).toEqual([]);
    expect(paths.filter((p) => p.startsWith("groups"))).toEqual([]);
    expect(spineOf(flat)).toEqual([]);
  });
});
