import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/schema.js";
import { applyToDirectory } from "../../src/rendering/apply-to-directory.js";
import { kubectlAvailable, kubectlErrorText, kustomizeBuild } from "../../src/rendering/kustomize-build.js";
import { renderWithReader } from "../../src/rendering/render-with-reader.js";
import type { OnboardingRequest } from "../../src/types.js";
import { FIXTURES, OPF, PROVENANCE, fixtureConfig, fixtureReader, request, treeSnapshot } from "./fixture-repo.js";

const HAVE_KUBECTL = await kubectlAvailable();
if (!HAVE_KUBECTL) console.warn("kustomize-build.test: kubectl is not installed here; skipping the `kubectl kustomize` tests");

interface Obj {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

/** Copies a fixture to a temp dir, renders the request into it and returns the dir and the overlays touched. */
async function renderInto(fixture: string, req: OnboardingRequest, config: Config): Promise<{ dir: string; overlays: string[]; clusterOverlays: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), "onboarding-render-"));
  temps.push(dir);
  cpSync(fixture, dir, { recursive: true });
  const out = await renderWithReader({ request: req, config, snapshot: treeSnapshot(fixture), provenance: PROVENANCE }, fixtureReader(fixture).read);
  if (out.kind !== "rendered") throw new Error(JSON.stringify(out));
  await applyToDirectory(dir, out.files, { dryRun: false });
  const clusterOverlays = out.summary.clusters.map((name) => config.clusters.find((c) => c.name === name)?.overlay ?? "");
  return { dir, overlays: out.summary.overlays, clusterOverlays };
}

function has(objects: Obj[], kind: string, name: string, namespace?: string): boolean {
  return objects.some((o) => o.kind === kind && o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace));
}

describe("kubectl kustomize of the rendered tree", () => {
  it.skipIf(!HAVE_KUBECTL)("builds every touched overlay and each cluster gets the new Namespace, quota, LimitRange, RoleBinding and Group", async () => {
    const config = fixtureConfig(OPF);
    const { dir, overlays, clusterOverlays } = await renderInto(OPF, request({ namespaces: ["aurora-dev", "aurora-prod"], clusters: ["smaug", "osc-cl1"] }), config);
    for (const overlay of overlays) {
      const built = await kustomizeBuild(path.join(dir, overlay));
      expect(built, overlay).toMatchObject({ ok: true });
    }
    for (const overlay of clusterOverlays) {
      const built = await kustomizeBuild(path.join(dir, overlay));
      if (!built.ok) throw new Error(built.error);
      const objects = built.objects as Obj[];
      for (const ns of ["aurora-dev", "aurora-prod"]) {
        expect(has(objects, "Namespace", ns), `${overlay} Namespace ${ns}`).toBe(true);
        expect(has(objects, "ResourceQuota", "small", ns), `${overlay} ResourceQuota in ${ns}`).toBe(true);
        expect(has(objects, "LimitRange", "default", ns), `${overlay} LimitRange in ${ns}`).toBe(true);
        expect(has(objects, "RoleBinding", "namespace-admin-aurora", ns), `${overlay} RoleBinding in ${ns}`).toBe(true);
      }
      expect(has(objects, "Group", "aurora"), `${overlay} Group`).toBe(true);
      // Existing tenants still build as before.
      expect(has(objects, "Namespace", "thoth-station")).toBe(true);
    }
  });

  it.skipIf(!HAVE_KUBECTL)("builds a custom quota with NetworkPolicies on infra", async () => {
    const config = fixtureConfig(OPF, { namespaces: { podSecurity: "baseline", networkPolicies: { enabled: true } } });
    const req = request({ clusters: ["infra"], quotaTier: "custom", customQuota: { cpu: "3", memory: "12Gi", storage: "80Gi" } });
    const { dir } = await renderInto(OPF, req, config);
    const built = await kustomizeBuild(path.join(dir, "cluster-scope/overlays/prod/moc/infra"));
    if (!built.ok) throw new Error(built.error);
    const objects = built.objects as Obj[];
    expect(has(objects, "ResourceQuota", "aurora-dev-custom", "aurora-dev")).toBe(true);
    expect(has(objects, "ResourceQuota", "small", "aurora-dev")).toBe(false);
    for (const name of ["deny-by-default", "allow-same-namespace", "allow-from-ingress", "allow-from-monitoring"]) {
      expect(has(objects, "NetworkPolicy", name, "aurora-dev"), name).toBe(true);
    }
    expect(has(objects, "Group", "aurora")).toBe(true);
  });

  it.skipIf(!HAVE_KUBECTL)("builds the flat layout, including the flow-style overlay", async () => {
    const flat = path.join(FIXTURES, "rendering", "flat-layout-repo");
    const { dir, clusterOverlays } = await renderInto(flat, request({ clusters: ["alpha", "beta"] }), fixtureConfig(flat));
    for (const overlay of clusterOverlays) {
      const built = await kustomizeBuild(path.join(dir, overlay));
      if (!built.ok) throw new Error(built.error);
      const objects = built.objects as Obj[];
      expect(has(objects, "Namespace", "aurora-dev")).toBe(true);
      expect(has(objects, "Group", "aurora")).toBe(true);
      expect(has(objects, "RoleBinding", "namespace-admin-aurora", "aurora-dev")).toBe(true);
    }
  });

  it.skipIf(!HAVE_KUBECTL)("reports a directory kustomize cannot build", async () => {
    const built = await kustomizeBuild(path.join(tmpdir(), "definitely-not-here-onboarding"));
    expect(built.ok).toBe(false);
    expect(!built.ok && built.error).toMatch(/^kubectl kustomize .* failed: /);
  });
});

describe("kubectlErrorText", () => {
  const warning = "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically.";

  it("drops kubectl's deprecation warnings and unwraps klog's \"command failed\" line to the real error", () => {
    const stderr = `${warning}\nE1201 11:16:39.113160    8759 run.go:72] "command failed" err="invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches of type types.Patch"\n`;
    expect(kubectlErrorText(stderr)).toBe("invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches of type types.Patch");
  });

  it("keeps quotes escaped inside the wrapped error and every error line", () => {
    const stderr = `${warning}\nE1201 11:16:39.1 1 run.go:72] "command failed" err="accumulating components: \\"recursed accumulation of path 'x'\\""\nerror: second line\n`;
    expect(kubectlErrorText(stderr)).toBe("accumulating components: \"recursed accumulation of path 'x'\"\nerror: second line");
  });

  it("keeps the warnings when they are all kubectl printed", () => {
    expect(kubectlErrorText(`${warning}\n`)).toBe(warning);
  });
});
