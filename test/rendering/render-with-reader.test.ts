import { describe, expect, it } from "vitest";
import { renderWithReader } from "../../src/rendering/render-with-reader.js";
import { OPF, PROVENANCE, fixtureConfig, fixtureReader, request, treeSnapshot } from "./fixture-repo.js";

const config = fixtureConfig(OPF);

describe("renderWithReader", () => {
  it("reads all overlays of a multi-cluster request in a single call and renders", async () => {
    const reader = fixtureReader(OPF);
    const out = await renderWithReader(
      { request: request({ clusters: ["smaug", "infra", "osc-cl1"] }), config, snapshot: treeSnapshot(OPF), provenance: PROVENANCE },
      reader.read,
    );
    expect(out.kind).toBe("rendered");
    expect(reader.calls).toHaveLength(1);
    expect(reader.calls[0]).toHaveLength(4);
  });

  it("does not read files the snapshot already holds", async () => {
    const reader = fixtureReader(OPF);
    const first = await reader.read(["cluster-scope/overlays/prod/common/kustomization.yaml", "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml"]);
    const snapshot = { paths: treeSnapshot(OPF).paths, files: new Map([...first].map(([k, v]) => [k, v ?? ""])) };
    const counting = fixtureReader(OPF);
    const out = await renderWithReader({ request: request(), config, snapshot, provenance: PROVENANCE }, counting.read);
    expect(out.kind).toBe("rendered");
    expect(counting.calls).toEqual([]);
  });

  it("reports a file the tree lists but the reader cannot return", async () => {
    const out = await renderWithReader({ request: request(), config, snapshot: treeSnapshot(OPF), provenance: PROVENANCE }, async (paths) => new Map(paths.map((p) => [p, undefined])));
    expect(out.kind).toBe("problems");
    if (out.kind === "problems") expect(out.problems[0]?.message).toMatch(/^could not read cluster-scope\/overlays\/prod\/common\/kustomization.yaml/);
  });

  it("stops after maxRounds and returns what is still needed", async () => {
    const reader = fixtureReader(OPF);
    const out = await renderWithReader({ request: request(), config, snapshot: treeSnapshot(OPF), provenance: PROVENANCE }, reader.read, 0);
    expect(out.kind).toBe("needs-files");
    expect(reader.calls).toEqual([]);
  });
});
