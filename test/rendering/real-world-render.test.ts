import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { main } from "../../src/cli/main.js";
import { parseConfig } from "../../src/config/parse-config.js";
import type { Config } from "../../src/config/schema.js";
import { applyToDirectory } from "../../src/rendering/apply-to-directory.js";
import { kubectlAvailable } from "../../src/rendering/kustomize-build.js";
import { renderWithReader } from "../../src/rendering/render-with-reader.js";
import type { FileChange, OnboardingRequest } from "../../src/types.js";
import { PROVENANCE, fixtureReader, request, treeSnapshot } from "./fixture-repo.js";
import { OPERATE_FIRST_ANNOTATIONS, buildDocuments, documentChange, findRealWorldTarball, readTree, unpackRealWorld } from "./real-world-tree.js";

// Rendering into a real GitOps repository: operate-first/apps at 0b063ae5 (../shared/real-world, see its README),
// proven with `kubectl kustomize`. The tree is unpacked once for this file (12 MB, 1,300 files); each test changes it
// in place (`edit`, `renderInto`), every change is undone after the test, and each builds only the overlays it needs.

const TARBALL = findRealWorldTarball();
const HAVE_KUBECTL = await kubectlAvailable();
const SKIP = TARBALL === undefined ? "shared/real-world/ is absent (set ONBOARDING_REAL_WORLD_DIR to its directory)" : !HAVE_KUBECTL ? "kubectl is not on the PATH" : undefined;
if (SKIP) console.warn(`real-world-render.test.ts: skipped: ${SKIP}`);

const OVERLAY = {
  smaug: "cluster-scope/overlays/prod/moc/smaug",
  infra: "cluster-scope/overlays/prod/moc/infra",
  curator: "cluster-scope/overlays/prod/moc/curator",
  oscCl1: "cluster-scope/overlays/prod/osc/osc-cl1",
  common: "cluster-scope/overlays/prod/common",
} as const;

/** Operate First's layout, as a cloud adopting the bot would configure it (the defaults plus its annotation keys). */
const RAW_CONFIG = {
  gitops: { repository: "operate-first/apps" },
  clusters: [
    { name: "smaug", overlay: OVERLAY.smaug, groupOverlays: [OVERLAY.common] },
    { name: "infra", overlay: OVERLAY.infra, groupOverlays: [OVERLAY.common] },
    { name: "curator", overlay: OVERLAY.curator },
    { name: "osc-cl1", overlay: OVERLAY.oscCl1 },
  ],
  quota: { tiers: [{ name: "x-small" }, { name: "small" }, { name: "medium" }, { name: "large" }] },
  namespaces: {
    annotations: OPERATE_FIRST_ANNOTATIONS,
  },
  teams: { allowExisting: true },
};

function operateFirstConfig(): Config {
  const result = parseConfig(RAW_CONFIG);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

let base = "";
/** Every file of the unpacked tree, as unpacked. */
let baseline: ReadonlyMap<string, Buffer> = new Map();
const before = new Map<string, string[]>();
const temps: string[] = [];
/** Original bytes (`undefined`: the file did not exist) of every file a test changed, restored after it. */
const changed = new Map<string, Buffer | undefined>();

beforeAll(async () => {
  if (SKIP || TARBALL === undefined) return;
  base = unpackRealWorld(TARBALL);
  temps.push(base);
  baseline = currentFiles();
  for (const overlay of [OVERLAY.infra, OVERLAY.curator, OVERLAY.oscCl1, OVERLAY.common]) before.set(overlay, await buildDocuments(base, overlay));
}, 60_000);
afterEach(() => {
  for (const [file, bytes] of changed) {
    if (bytes === undefined) unlinkSync(path.join(base, file));
    else writeFileSync(path.join(base, file), bytes);
  }
  changed.clear();
});
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

/** Every file of the tree as it is now, by repository path. */
function currentFiles(): ReadonlyMap<string, Buffer> {
  return readTree(base).files;
}

/** Remembers the original of `file` (once per test) so that it is restored after the test. */
function track(file: string): void {
  if (changed.has(file)) return;
  const full = path.join(base, file);
  changed.set(file, existsSync(full) ? readFileSync(full) : undefined);
}

/** Changes a file of the tree for this test. */
function edit(file: string, change: (text: string) => string): void {
  track(file);
  writeFileSync(path.join(base, file), change(readFileSync(path.join(base, file), "utf8")));
}

/** Renders `req` into the tree with the library (as the app does) and writes the files. */
async function renderInto(req: OnboardingRequest): Promise<FileChange[]> {
  const out = await renderWithReader({ request: req, config: operateFirstConfig(), snapshot: treeSnapshot(base), provenance: PROVENANCE }, fixtureReader(base).read);
  if (out.kind !== "rendered") throw new Error(JSON.stringify(out));
  out.files.forEach((f) => track(f.path));
  await applyToDirectory(base, out.files, { dryRun: false });
  return out.files;
}

/**
 * Every file of `original` that `files` does not write is byte-identical in the tree, nothing else was added, and each
 * written file holds what was rendered.
 */
function expectOnlyRenderedFilesChanged(original: ReadonlyMap<string, Buffer>, files: readonly FileChange[]): void {
  const written = new Set(files.map((f) => f.path));
  const now = currentFiles();
  expect([...now.keys()]).toEqual([...new Set([...original.keys(), ...written])].sort());
  for (const [file, bytes] of original) {
    if (!written.has(file)) expect(now.get(file)?.equals(bytes), file).toBe(true);
  }
  for (const f of files) expect(now.get(f.path)?.toString("utf8")).toBe(f.content);
}

type ObjectId = string;
const idOf = (doc: string): ObjectId => {
  const o = parse(doc) as { kind: string; metadata: { name: string; namespace?: string } };
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
};

/** The overlay, built now, holds every object it held before, byte-identical, plus exactly `added`. */
async function expectBuildAdds(overlay: string, beforeDocs: readonly string[], added: ObjectId[]): Promise<string[]> {
  const change = documentChange(beforeDocs, await buildDocuments(base, overlay));
  expect(change.removed.map(idOf), `${overlay}: objects changed or removed`).toEqual([]);
  expect(change.added.map(idOf).sort(), `${overlay}: objects added`).toEqual([...added].sort());
  return change.added;
}

/** The objects a new namespace gets in Operate First's layout (tier `small`). */
function namespaceObjects(ns: string, team: string): ObjectId[] {
  return [`Namespace ${ns}`, `ResourceQuota ${ns}/small`, `LimitRange ${ns}/default`, `RoleBinding ${ns}/namespace-admin-${team}`];
}

function beforeOf(overlay: string): string[] {
  const docs = before.get(overlay);
  if (!docs) throw new Error(`no build of ${overlay} before the change`);
  return docs;
}

describe.skipIf(SKIP !== undefined)("rendering into operate-first/apps (0b063ae5) as it is", () => {
  it("onboards a new team: the overlay gains the namespace, its quota, LimitRange, RoleBinding and Group, and nothing else changes", async () => {
    const files = await renderInto(request({ team: "aurora", namespaces: ["aurora-dev"], clusters: ["curator"] }));
    expectOnlyRenderedFilesChanged(baseline, files);
    const added = await expectBuildAdds(OVERLAY.curator, beforeOf(OVERLAY.curator), [...namespaceObjects("aurora-dev", "aurora"), "Group aurora"]);
    const ns = parse(added.find((d) => idOf(d) === "Namespace aurora-dev") ?? "") as { metadata: { annotations: Record<string, string> } };
    expect(Object.keys(ns.metadata.annotations).sort()).toEqual(["op1st/docs", "op1st/onboarding-issue", "op1st/project-owner", "openshift.io/display-name", "openshift.io/requester"]);
    expect(await buildDocuments(base, OVERLAY.common)).toEqual(beforeOf(OVERLAY.common));
  });

  it("adds a namespace for an existing team whose RBAC is a Component through components, reusing its group", async () => {
    const files = await renderInto(request({ team: "adoptium", namespaces: ["adoptium-lab"], clusters: ["infra"] }));
    expectOnlyRenderedFilesChanged(baseline, files);
    expect(files.map((f) => f.path)).toEqual([
      "cluster-scope/base/core/namespaces/adoptium-lab/kustomization.yaml",
      "cluster-scope/base/core/namespaces/adoptium-lab/namespace.yaml",
      `${OVERLAY.infra}/kustomization.yaml`,
    ]);
    const kustomization = parse(files[0]?.content ?? "") as { components: string[] };
    expect(kustomization.components).toContain("../../../../components/project-admin-rolebindings/adoptium");
    await expectBuildAdds(OVERLAY.infra, beforeOf(OVERLAY.infra), namespaceObjects("adoptium-lab", "adoptium"));
    expect(await buildDocuments(base, OVERLAY.common)).toEqual(beforeOf(OVERLAY.common));
  });

  it("adds a namespace for an existing team whose RBAC is a plain Kustomization (as in newer snapshots) through resources", async () => {
    // multinode-demo as newer snapshots keep such teams: a Kustomization that its namespace uses through resources.
    const rbac = "cluster-scope/components/project-admin-rolebindings/multinode-demo/kustomization.yaml";
    const user = "cluster-scope/base/core/namespaces/multinode-demo/kustomization.yaml";
    const entry = "../../../../components/project-admin-rolebindings/multinode-demo";
    edit(rbac, () => stringify({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: ["./rbac.yaml"] }));
    edit(user, (text) => {
      const k = parse(text) as { resources: string[]; components: string[] };
      return stringify({ ...k, resources: [...k.resources, entry], components: k.components.filter((c) => c !== entry) });
    });
    const original = currentFiles();
    const beforeDocs = await buildDocuments(base, OVERLAY.oscCl1);
    expect(beforeDocs.map(idOf)).toContain("RoleBinding multinode-demo/namespace-admin-multinode-demo");

    const files = await renderInto(request({ team: "multinode-demo", namespaces: ["multinode-demo-lab"], clusters: ["osc-cl1"] }));

    expectOnlyRenderedFilesChanged(original, files);
    const kustomization = parse(files.find((f) => f.path.endsWith("multinode-demo-lab/kustomization.yaml"))?.content ?? "") as { resources: string[]; components: string[] };
    expect(kustomization.resources).toEqual(["namespace.yaml", entry]);
    expect(kustomization.components).not.toContain(entry);
    await expectBuildAdds(OVERLAY.oscCl1, beforeDocs, namespaceObjects("multinode-demo-lab", "multinode-demo"));
  });

  it("onboards a multi-cluster request: each cluster gains the namespaces (and the group once), untouched overlays build the same", async () => {
    const files = await renderInto(request({ team: "aurora", namespaces: ["aurora-dev", "aurora-prod"], clusters: ["infra", "osc-cl1"] }));
    expectOnlyRenderedFilesChanged(baseline, files);
    const tenant = [...namespaceObjects("aurora-dev", "aurora"), ...namespaceObjects("aurora-prod", "aurora"), "Group aurora"];
    await expectBuildAdds(OVERLAY.infra, beforeOf(OVERLAY.infra), tenant);
    await expectBuildAdds(OVERLAY.oscCl1, beforeOf(OVERLAY.oscCl1), tenant);
    await expectBuildAdds(OVERLAY.common, beforeOf(OVERLAY.common), ["Group aurora"]);
    expect(await buildDocuments(base, OVERLAY.curator)).toEqual(beforeOf(OVERLAY.curator));
  });

  describe("an overlay that is already broken (moc/smaug with a legacy string entry under patches, as in a newer snapshot)", () => {
    let work = "";
    beforeAll(() => {
      work = mkdtempSync(path.join(tmpdir(), "opf-cli-"));
      temps.push(work);
      writeFileSync(path.join(work, "onboarding-bot.yml"), stringify(RAW_CONFIG));
    });

    /** Breaks moc/smaug for this test the way the newer snapshot has it. */
    function breakSmaug(): void {
      const legacy = "- backingstores/noobaa-default-backing-store_patch.yaml\n";
      edit(`${OVERLAY.smaug}/kustomization.yaml`, (text) => {
        if (!text.includes(`patchesStrategicMerge:\n${legacy}`)) throw new Error("the snapshot's moc/smaug changed; update this test");
        return text.replace(`patchesStrategicMerge:\n${legacy}`, "patchesStrategicMerge:\n").replace("\nresources:\n", `\npatches:\n${legacy}resources:\n`);
      });
    }

    /** `onboarding-bot render` of a request into the tree. */
    async function renderCli(fields: Partial<OnboardingRequest>) {
      writeFileSync(path.join(work, "request.json"), JSON.stringify(request(fields)));
      let out = "";
      let err = "";
      const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: work };
      const code = await main(["render", "request.json", "--config", "onboarding-bot.yml", "--gitops", base], io);
      return { code, out, err };
    }

    it("is reported as the repository's problem, for maintainers, with kubectl's real error and the failing file; nothing is written", async () => {
      breakSmaug();
      const files = currentFiles();
      const { code, out } = await renderCli({ team: "aurora", namespaces: ["aurora-dev"], clusters: ["smaug"] });
      expect(code).toBe(1);
      const lines = out.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^clusters: repository problem, for maintainers: the overlay 'cluster-scope\/overlays\/prod\/moc\/smaug' does not build even before this change; kubectl kustomize fails in cluster-scope\/overlays\/prod\/moc\/smaug\/kustomization.yaml: /);
      expect(lines[0]).toContain("invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches");
      expect(out).not.toMatch(/Warning|body:|deprecated/);
      expectOnlyRenderedFilesChanged(files, []);
    });

    it("does not stop a request for another cluster, whose overlays build", async () => {
      breakSmaug();
      const { code, out } = await renderCli({ team: "aurora", namespaces: ["aurora-dev"], clusters: ["curator"] });
      const written = out.trim().split("\n");
      written.forEach((file) => changed.has(file) || changed.set(file, baseline.get(file)));
      expect(code).toBe(0);
      expect(written).toContain(`${OVERLAY.curator}/kustomization.yaml`);
    });
  });
});
