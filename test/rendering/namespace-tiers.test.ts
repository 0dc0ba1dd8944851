import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderWithReader } from "../../src/rendering/render-with-reader.js";
import type { OnboardingRequest } from "../../src/types.js";
import { OPF, PROVENANCE, fixtureConfig, fixtureReader, request, treeSnapshot } from "./fixture-repo.js";

const config = fixtureConfig(OPF);

async function componentsOf(req: OnboardingRequest): Promise<Record<string, string[]>> {
  const out = await renderWithReader({ request: req, config, snapshot: treeSnapshot(OPF), provenance: PROVENANCE }, fixtureReader(OPF).read);
  if (out.kind !== "rendered") throw new Error(`expected a rendering, got ${JSON.stringify(out)}`);
  const result: Record<string, string[]> = {};
  for (const ns of req.namespaces) {
    const file = out.files.find((f) => f.path === `cluster-scope/base/core/namespaces/${ns}/kustomization.yaml`);
    result[ns] = ((parse(file?.content ?? "") as { components?: string[] }).components ?? []).filter((c) => c.includes("resourcequotas"));
  }
  return result;
}

describe("renderTenant: a tier per namespace", () => {
  it("gives each namespace the quota component of its own tier, and the others the request's tier", async () => {
    const components = await componentsOf(
      request({ namespaces: ["aurora-dev", "aurora-ml", "aurora-ci"], quotaTier: "small", namespaceTiers: { "aurora-ml": "large", "aurora-ci": "x-small" } }),
    );
    expect(components).toEqual({
      "aurora-dev": ["../../../../components/resourcequotas/small"],
      "aurora-ml": ["../../../../components/resourcequotas/large"],
      "aurora-ci": ["../../../../components/resourcequotas/x-small"],
    });
  });

  it("refuses a namespace tier whose component is missing instead of writing a broken kustomization", async () => {
    const req = request({ namespaces: ["aurora-dev"], namespaceTiers: { "aurora-dev": "huge" } });
    const out = await renderWithReader({ request: req, config, snapshot: treeSnapshot(OPF), provenance: PROVENANCE }, fixtureReader(OPF).read);
    expect(out.kind).toBe("problems");
  });
});
