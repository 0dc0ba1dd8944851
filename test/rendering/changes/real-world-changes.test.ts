import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../../src/cli/main.js";
import { parseConfig } from "../../../src/config/parse-config.js";
import type { Config } from "../../../src/config/schema.js";
import { applyChange } from "../../../src/rendering/changes/apply-change.js";
import { parseChangeRequest, type ChangeKind } from "../../../src/rendering/changes/change-request.js";
import type { ChangeOutput } from "../../../src/rendering/changes/change-types.js";
import { renderChangeWithReader } from "../../../src/rendering/changes/render-change.js";
import { kubectlAvailable } from "../../../src/rendering/kustomize-build.js";
import { fixtureReader, listFiles, treeSnapshot } from "../fixture-repo.js";
import { OPERATE_FIRST_ANNOTATIONS, buildDocuments, documentChange, findRealWorldTarball, readTree, resetTree, unpackRealWorld, type TreeState } from "../real-world-tree.js";
import { PROVENANCE } from "./change-tree.js";

// Every change kind rendered into the real operate-first/apps snapshot (0b063ae5, ../shared/real-world) and proven
// with `kubectl kustomize`: the overlays build, the intended objects appear or disappear, and every other overlay's
// output is byte-identical. The snapshot is unpacked once; each test starts from it as unpacked (`fresh`), and kubectl
// runs once per distinct overlay input (`buildDocuments`), so an overlay a change leaves alone is not built again.

const TARBALL = findRealWorldTarball();
const HAVE_KUBECTL = await kubectlAvailable();
const SKIP = TARBALL === undefined ? "shared/real-world/ is absent (set ONBOARDING_REAL_WORLD_DIR to its directory)" : !HAVE_KUBECTL ? "kubectl is not on the PATH" : undefined;
if (SKIP) console.warn(`real-world-changes.test.ts: skipped: ${SKIP}`);

const PROD = "cluster-scope/overlays/prod";
/** Every overlay of the snapshot that builds (shared/real-world/README.md). */
const OVERLAYS = ["moc/infra", "moc/smaug", "moc/curator", "emea/rick", "emea/balrog", "emea/morty", "osc/osc-cl1", "common"].map((o) => `${PROD}/${o}`);
const at = (o: string): string => `${PROD}/${o}`;

const RAW_CONFIG = {
  gitops: { repository: "operate-first/apps" },
  clusters: [
    { name: "smaug", overlay: at("moc/smaug"), groupOverlays: [at("common")] },
    { name: "infra", overlay: at("moc/infra"), groupOverlays: [at("common")] },
    { name: "curator", overlay: at("moc/curator") },
    { name: "osc-cl1", overlay: at("osc/osc-cl1") },
  ],
  quota: { tiers: [{ name: "x-small" }, { name: "small" }, { name: "medium" }, { name: "large" }] },
  namespaces: { annotations: OPERATE_FIRST_ANNOTATIONS },
};

function config(): Config {
  const result = parseConfig(RAW_CONFIG);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

/** The directory the snapshot is unpacked in; tests change it, `fresh` puts it back. */
let work = "";
/** The snapshot as unpacked. */
let pristine: TreeState = { files: new Map(), dirs: new Set() };
const before = new Map<string, string[]>();

beforeAll(async () => {
  if (SKIP || TARBALL === undefined) return;
  work = unpackRealWorld(TARBALL);
  pristine = readTree(work);
  const built = await Promise.all(OVERLAYS.map((overlay) => buildDocuments(work, overlay)));
  OVERLAYS.forEach((overlay, i) => before.set(overlay, built[i] ?? []));
}, 60_000);
afterAll(() => {
  if (work !== "") rmSync(work, { recursive: true, force: true });
});

/** The unpacked snapshot, exactly as unpacked, for one test. */
function fresh(): string {
  resetTree(work, pristine);
  return work;
}

/** Renders a change request into `root` with the library (as the app will) and applies it. */
async function changeInto(root: string, kind: ChangeKind, request: unknown): Promise<Extract<ChangeOutput, { kind: "changed" }>> {
  const change = parseChangeRequest(kind, request);
  if ("errors" in change) throw new Error(change.errors.join("; "));
  const out = await renderChangeWithReader({ change, config: config(), snapshot: treeSnapshot(root), provenance: PROVENANCE }, fixtureReader(root).read);
  if (out.kind !== "changed") throw new Error(JSON.stringify(out));
  await applyChange(root, out.files, out.deletions, { dryRun: false });
  return out;
}

const idOf = (doc: string): string => {
  const o = parse(doc) as { kind: string; metadata: { name: string; namespace?: string } };
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
};

/** The ids of the objects an overlay built before that `belong` says go. */
function idsBefore(overlay: string, belong: (id: string) => boolean): string[] {
  return (before.get(overlay) ?? []).map(idOf).filter(belong).sort();
}

/**
 * Every overlay builds; those in `expected` gain and lose exactly the objects listed (by kind, namespace and name),
 * every other object byte-identical; every overlay not in `expected` builds byte-identically.
 */
async function expectOverlays(root: string, expected: Record<string, { added?: string[]; removed?: string[] }>): Promise<Map<string, { added: string[]; removed: string[] }>> {
  const changes = new Map<string, { added: string[]; removed: string[] }>();
  const built = await Promise.all(OVERLAYS.map((overlay) => buildDocuments(root, overlay)));
  for (const [i, overlay] of OVERLAYS.entries()) {
    const change = documentChange(before.get(overlay) ?? [], built[i] ?? []);
    changes.set(overlay, change);
    const want = expected[overlay] ?? {};
    expect({ overlay, added: change.added.map(idOf).sort(), removed: change.removed.map(idOf).sort() }).toEqual({ overlay, added: [...(want.added ?? [])].sort(), removed: [...(want.removed ?? [])].sort() });
  }
  return changes;
}

/** Files of `root` that differ from the pristine snapshot: changed, added and deleted paths. */
function changedFiles(root: string): { changed: string[]; added: string[]; deleted: string[] } {
  const a = new Set(pristine.files.keys());
  const b = new Set(listFiles(root));
  return {
    changed: [...b].filter((p) => a.has(p) && !readFileSync(path.join(root, p)).equals(pristine.files.get(p) ?? Buffer.alloc(0))).sort(),
    added: [...b].filter((p) => !a.has(p)).sort(),
    deleted: [...a].filter((p) => !b.has(p)).sort(),
  };
}

/** Lines of `file` in `root` that the pristine file lacks, and lines the pristine file has that `root` lacks. */
function lineDiff(root: string, file: string): { added: string[]; removed: string[] } {
  const old = (pristine.files.get(file)?.toString("utf8") ?? "").split("\n");
  const now = readFileSync(path.join(root, file), "utf8").split("\n");
  return { added: now.filter((l) => !old.includes(l)), removed: old.filter((l) => !now.includes(l)) };
}

const namespaceIds = (ns: string) => (id: string) => id === `Namespace ${ns}` || id.includes(` ${ns}/`);

describe.skipIf(SKIP !== undefined)("change requests in operate-first/apps (0b063ae5)", () => {
  it("members: a one-line diff per user; every overlay with team thoth's Group builds it with the new users, nothing else changes", async () => {
    const root = fresh();
    await changeInto(root, "members", { team: "thoth", add: ["new-person"], remove: ["fridex"] });
    const group = "cluster-scope/base/user.openshift.io/groups/thoth/group.yaml";
    expect(changedFiles(root)).toEqual({ changed: [group], added: [], deleted: [] });
    expect(lineDiff(root, group)).toEqual({ added: ["  - new-person"], removed: ["  - fridex"] });
    const withGroup = OVERLAYS.filter((o) => idsBefore(o, (id) => id === "Group thoth").length > 0);
    expect(withGroup).toContain(at("common"));
    const changes = await expectOverlays(root, Object.fromEntries(withGroup.map((o) => [o, { added: ["Group thoth"], removed: ["Group thoth"] }])));
    const users = (parse(changes.get(at("common"))?.added[0] ?? "") as { users: string[] }).users;
    expect(users).toContain("new-person");
    expect(users).not.toContain("fridex");
  });

  it("quota: a tier change swaps one component line; smaug builds the new tier's ResourceQuota instead of the old", async () => {
    const root = fresh();
    await changeInto(root, "quota", { team: "boatroackers", namespace: "boatrockers", tier: "medium" });
    const file = "cluster-scope/base/core/namespaces/boatrockers/kustomization.yaml";
    expect(changedFiles(root)).toEqual({ changed: [file], added: [], deleted: [] });
    expect(lineDiff(root, file)).toEqual({ added: ["- ../../../../components/resourcequotas/medium"], removed: ["- ../../../../components/resourcequotas/large"] });
    await expectOverlays(root, { [at("moc/smaug")]: { added: ["ResourceQuota boatrockers/medium"], removed: ["ResourceQuota boatrockers/large"] } });
  });

  it("quota: a custom quota is changed in place in resourcequota.yaml, keeping the file's style", async () => {
    const root = fresh();
    await changeInto(root, "quota", { team: "operate-first", namespace: "opf-kafka", tier: "custom", customQuota: { cpu: "20", memory: "200Gi", storage: "360Gi" } });
    const file = "cluster-scope/base/core/namespaces/opf-kafka/resourcequota.yaml";
    expect(changedFiles(root)).toEqual({ changed: [file], added: [], deleted: [] });
    expect(lineDiff(root, file)).toEqual({ added: ["    limits.cpu: '20'", "    requests.cpu: '20'", "    requests.memory: 200Gi"], removed: ["    limits.cpu: '16'", "    requests.cpu: '8'", "    requests.memory: 100Gi"] });
    // emea/balrog patches opf-kafka-custom's values itself: its build stays the same.
    const users = OVERLAYS.filter((o) => o !== at("emea/balrog") && idsBefore(o, (id) => id === "ResourceQuota opf-kafka/opf-kafka-custom").length > 0);
    expect(users.length).toBeGreaterThan(0);
    await expectOverlays(root, Object.fromEntries(users.map((o) => [o, { added: ["ResourceQuota opf-kafka/opf-kafka-custom"], removed: ["ResourceQuota opf-kafka/opf-kafka-custom"] }])));
  });

  it("namespace: an existing team's new namespace appears on the chosen clusters with its objects (and the group on osc-cl1), nothing else changes", async () => {
    const root = fresh();
    await changeInto(root, "namespace", { team: "boatroackers", namespace: "boatrockers-dev", clusters: ["smaug", "osc-cl1"], tier: "small", owner: "husky-parul", description: "More rocks" });
    const objects = ["Namespace boatrockers-dev", "ResourceQuota boatrockers-dev/small", "LimitRange boatrockers-dev/default", "RoleBinding boatrockers-dev/namespace-admin-boatroackers"];
    expect(changedFiles(root)).toEqual({
      changed: [`${at("moc/smaug")}/kustomization.yaml`, `${at("osc/osc-cl1")}/kustomization.yaml`],
      added: ["cluster-scope/base/core/namespaces/boatrockers-dev/kustomization.yaml", "cluster-scope/base/core/namespaces/boatrockers-dev/namespace.yaml"],
      deleted: [],
    });
    await expectOverlays(root, { [at("moc/smaug")]: { added: objects }, [at("osc/osc-cl1")]: { added: [...objects, "Group boatroackers"] } });
  });

  it("cluster: adding a namespace to infra is one overlay line; infra builds it with its objects, nothing else changes", async () => {
    const root = fresh();
    await changeInto(root, "cluster", { team: "boatroackers", namespace: "boatrockers", add: ["infra"] });
    expect(changedFiles(root)).toEqual({ changed: [`${at("moc/infra")}/kustomization.yaml`], added: [], deleted: [] });
    expect(lineDiff(root, `${at("moc/infra")}/kustomization.yaml`)).toEqual({ added: ["  - ../../../../base/core/namespaces/boatrockers"], removed: [] });
    await expectOverlays(root, { [at("moc/infra")]: { added: idsBefore(at("moc/smaug"), namespaceIds("boatrockers")) } });
  });

  it("cluster: removing a namespace from one cluster removes exactly its line; only that cluster loses its objects", async () => {
    const root = fresh();
    await changeInto(root, "cluster", { team: "operate-first", namespace: "dex", remove: ["osc-cl1"] });
    expect(changedFiles(root)).toEqual({ changed: [`${at("osc/osc-cl1")}/kustomization.yaml`], added: [], deleted: [] });
    expect(lineDiff(root, `${at("osc/osc-cl1")}/kustomization.yaml`)).toEqual({ added: [], removed: ["- ../../../../base/core/namespaces/dex"] });
    const gone = idsBefore(at("osc/osc-cl1"), namespaceIds("dex"));
    expect(gone).toContain("Namespace dex");
    await expectOverlays(root, { [at("osc/osc-cl1")]: { removed: gone } });
  });

  it("offboard: a team's last namespace goes from smaug, with its directory, group and RBAC component; the Group leaves every overlay that had it", async () => {
    const root = fresh();
    const out = await changeInto(root, "offboard", { team: "boatroackers", namespace: "boatrockers", clusters: ["smaug"] });
    expect(changedFiles(root)).toEqual({
      changed: [`${at("common")}/kustomization.yaml`, `${at("moc/smaug")}/kustomization.yaml`],
      added: [],
      deleted: [
        "cluster-scope/base/core/namespaces/boatrockers/kustomization.yaml",
        "cluster-scope/base/core/namespaces/boatrockers/namespace.yaml",
        "cluster-scope/base/user.openshift.io/groups/boatroackers/group.yaml",
        "cluster-scope/base/user.openshift.io/groups/boatroackers/kustomization.yaml",
        "cluster-scope/components/project-admin-rolebindings/boatroackers/kustomization.yaml",
        "cluster-scope/components/project-admin-rolebindings/boatroackers/rbac.yaml",
      ],
    });
    const expected = Object.fromEntries(
      OVERLAYS.map((o) => [o, { removed: idsBefore(o, (id) => namespaceIds("boatrockers")(id) || id === "Group boatroackers") }]).filter(([, v]) => (v as { removed: string[] }).removed.length > 0),
    );
    expect(Object.keys(expected)).toEqual(expect.arrayContaining([at("moc/smaug"), at("common")]));
    await expectOverlays(root, expected);
    const summary = out.summary.lines.join("\n");
    expect(summary).toContain("cluster 'smaug' loses namespace 'boatrockers' and its objects and group 'boatroackers'\ncluster 'infra' loses group 'boatroackers'");
    expect(summary).toContain("whether ArgoCD deletes namespace 'boatrockers' and its objects and group 'boatroackers' from the cluster depends on that application's sync policy");
  });

  it("offboard: a namespace another cluster still uses keeps its directory; the team keeps its group", async () => {
    const root = fresh();
    const out = await changeInto(root, "offboard", { team: "operate-first", namespace: "dex", clusters: ["smaug"] });
    expect(changedFiles(root)).toEqual({ changed: [`${at("moc/smaug")}/kustomization.yaml`], added: [], deleted: [] });
    await expectOverlays(root, { [at("moc/smaug")]: { removed: idsBefore(at("moc/smaug"), namespaceIds("dex")) } });
    expect(out.summary.lines.join("\n")).toContain("keeps cluster-scope/base/core/namespaces/dex/: still used by cluster-scope/overlays/prod/osc/osc-cl1/kustomization.yaml, cluster-scope/overlays/prod/osc/osc-cl2/kustomization.yaml; it stays on cluster osc-cl1");
  });

  it("render-change applies a change to a checkout, proving it first, and reports kubectl's real error for a broken overlay", async () => {
    const root = fresh();
    const cfg = path.join(root, "onboarding-bot.json");
    writeFileSync(cfg, JSON.stringify(RAW_CONFIG));
    const request = path.join(root, "offboard.yaml");
    writeFileSync(request, "team: operate-first\nnamespace: dex\nclusters: [smaug]\n");
    const run = async (...args: string[]) => {
      let stdout = "";
      let stderr = "";
      const code = await main(["render-change", ...args], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: root });
      return { code, stdout, stderr };
    };
    const smaug = `${at("moc/smaug")}/kustomization.yaml`;
    const original = readFileSync(path.join(root, smaug), "utf8");
    writeFileSync(path.join(root, smaug), `${original}- ../../../../base/core/namespaces/no-such-dir\n`);
    const broken = await run("offboard", request, "--config", cfg, "--gitops", root);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("repository problem, for maintainers: the overlay 'cluster-scope/overlays/prod/moc/smaug' does not build even before this change");
    expect(broken.stdout).toContain("no-such-dir");
    writeFileSync(path.join(root, smaug), original);
    const applied = await run("offboard", request, "--config", cfg, "--gitops", root);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toBe(`${smaug}\n`);
    expect(applied.stderr).toContain("removes namespace 'dex' from cluster 'smaug'");
  }, 60_000);
});
