import { diffLines } from "diff";
import { parseConfig } from "../../../src/config/parse-config.js";
import type { Config } from "../../../src/config/schema.js";
import { parseChangeRequest, type ChangeKind } from "../../../src/rendering/changes/change-request.js";
import type { ChangeOutput } from "../../../src/rendering/changes/change-types.js";
import { renderChangeWithReader } from "../../../src/rendering/changes/render-change.js";
import type { GitopsSnapshot, Provenance } from "../../../src/types.js";

// A small GitOps tree in Operate First's layout, in memory, for the change renderers' tables. Two teams: aurora
// (namespaces aurora-dev on smaug with tier small, aurora-prod on smaug and infra with a custom quota) and borealis
// (borealis-ml on smaug); shared-ns belongs to both. Groups reach smaug and infra through common.

const NS = "cluster-scope/base/core/namespaces";
const GROUPS = "cluster-scope/base/user.openshift.io/groups";
const RBAC = "cluster-scope/components/project-admin-rolebindings";
const QUOTAS = "cluster-scope/components/resourcequotas";
/** Overlay directories of the tree. */
export const OVERLAYS = {
  smaug: "cluster-scope/overlays/prod/moc/smaug",
  infra: "cluster-scope/overlays/prod/moc/infra",
  common: "cluster-scope/overlays/prod/common",
  osc: "cluster-scope/overlays/prod/osc/osc-cl1",
} as const;

function namespaceKustomization(name: string, components: string[], resources = ["namespace.yaml"]): string {
  return [
    "apiVersion: kustomize.config.k8s.io/v1beta1",
    "kind: Kustomization",
    `namespace: ${name}`,
    "resources:",
    ...resources.map((r) => `  - ${r}`),
    "components:",
    ...components.map((c) => `  - ../../../../components/${c}`),
    "",
  ].join("\n");
}

function namespaceFiles(name: string, components: string[], customQuota?: string): Record<string, string> {
  const files: Record<string, string> = {
    [`${NS}/${name}/namespace.yaml`]: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`,
    [`${NS}/${name}/kustomization.yaml`]: namespaceKustomization(name, components, customQuota ? ["namespace.yaml", "resourcequota.yaml"] : ["namespace.yaml"]),
  };
  if (customQuota) files[`${NS}/${name}/resourcequota.yaml`] = customQuota;
  return files;
}

function team(name: string, users: string[]): Record<string, string> {
  return {
    [`${GROUPS}/${name}/group.yaml`]: `apiVersion: user.openshift.io/v1\nkind: Group\nmetadata:\n  name: ${name}\nusers:\n${users.map((u) => `  - ${u}\n`).join("")}`,
    [`${GROUPS}/${name}/kustomization.yaml`]: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - group.yaml\n",
    [`${RBAC}/${name}/rbac.yaml`]: `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: namespace-admin-${name}\n`,
    [`${RBAC}/${name}/kustomization.yaml`]: "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - rbac.yaml\n",
  };
}

/** A Component holding one object of `kind` named `name` (so that the tree builds with kubectl kustomize). */
function component(dir: string, kind: string, name: string): Record<string, string> {
  return {
    [`${dir}/kustomization.yaml`]: "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - object.yaml\n",
    [`${dir}/object.yaml`]: `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n`,
  };
}

/** The custom quota file of aurora-prod, as a person wrote it (4-space indentation, a comment, an extra key). */
export const AURORA_PROD_QUOTA = [
  "apiVersion: v1",
  "kind: ResourceQuota",
  "metadata:",
  "    name: aurora-prod-custom",
  "spec:",
  "    hard:",
  "        # agreed in the support issue",
  "        requests.cpu: '2'",
  "        requests.memory: 8Gi",
  "        requests.storage: 20Gi",
  "        count/objectbucketclaims.objectbucket.io: 1",
  "",
].join("\n");

/** Every file of the base tree. */
export function baseFiles(): Record<string, string> {
  return {
    ...team("aurora", ["ada", "Grace-H", "grace-h", "linus"]),
    ...team("borealis", ["bob"]),
    ...namespaceFiles("aurora-dev", ["project-admin-rolebindings/aurora", "limitranges/default", "resourcequotas/small"]),
    ...namespaceFiles("aurora-prod", ["project-admin-rolebindings/aurora", "limitranges/default"], AURORA_PROD_QUOTA),
    ...namespaceFiles("borealis-ml", ["project-admin-rolebindings/borealis", "limitranges/default", "resourcequotas/small"]),
    ...namespaceFiles("shared-ns", ["project-admin-rolebindings/aurora", "project-admin-rolebindings/borealis", "limitranges/default", "resourcequotas/small"]),
    ...namespaceFiles("platform", ["limitranges/default"]),
    ...component("cluster-scope/components/limitranges/default", "LimitRange", "default"),
    ...component(`${QUOTAS}/small`, "ResourceQuota", "small"),
    ...component(`${QUOTAS}/medium`, "ResourceQuota", "medium"),
    ...component(`${QUOTAS}/large`, "ResourceQuota", "large"),
    [`${OVERLAYS.smaug}/kustomization.yaml`]: [
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      "resources:",
      "  - ../common",
      "  # tenants",
      "  - ../../../../base/core/namespaces/aurora-dev",
      "  - ../../../../base/core/namespaces/aurora-prod",
      "  - ../../../../base/core/namespaces/borealis-ml",
      "  - ../../../../base/core/namespaces/platform",
      "  - ../../../../base/core/namespaces/shared-ns # shared by two teams",
      "",
    ].join("\n"),
    [`${OVERLAYS.infra}/kustomization.yaml`]: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ../common\n- ../../../../base/core/namespaces/aurora-prod\n",
    "cluster-scope/overlays/prod/moc/common/kustomization.yaml": "resources:\n- ../../common\n",
    [`${OVERLAYS.common}/kustomization.yaml`]: "resources:\n- ../../../base/user.openshift.io/groups/aurora\n- ../../../base/user.openshift.io/groups/borealis\n",
    [`${OVERLAYS.osc}/kustomization.yaml`]: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ../../../../base/core/namespaces/platform\n",
  };
}

/** The configuration of the tree: smaug and infra get groups through common, osc-cl1 through its own overlay. */
export function treeConfig(overrides: Record<string, unknown> = {}): Config {
  const result = parseConfig({
    gitops: { repository: "example/apps" },
    clusters: [
      { name: "smaug", overlay: OVERLAYS.smaug, groupOverlays: [OVERLAYS.common] },
      { name: "infra", overlay: OVERLAYS.infra, groupOverlays: [OVERLAYS.common] },
      { name: "osc-cl1", overlay: OVERLAYS.osc },
    ],
    quota: { tiers: [{ name: "x-small" }, { name: "small" }, { name: "medium" }, { name: "large" }], custom: { max: { cpu: "16", memory: "64Gi", storage: "1Ti" } } },
    ...overrides,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

/** Provenance of a change request issue. */
export const PROVENANCE: Provenance = { requestRepo: "example/support", issueNumber: 7, issueUrl: "https://github.com/example/support/issues/7", requester: "ada" };

/** A snapshot of `files` that lists every path but holds no contents: renderers must ask for what they read. */
export function bareSnapshot(files: Record<string, string>): GitopsSnapshot {
  return { paths: new Set(Object.keys(files)), files: new Map() };
}

/** Renders a change request (checked against its schema first) against `files`, reading what the renderer asks for. */
export async function renderIn(kind: ChangeKind, request: unknown, files: Record<string, string> = baseFiles(), config = treeConfig()): Promise<ChangeOutput> {
  const change = parseChangeRequest(kind, request);
  if ("errors" in change) throw new Error(`test request does not fit: ${change.errors.join("; ")}`);
  return renderChangeWithReader({ change, config, snapshot: bareSnapshot(files), provenance: PROVENANCE }, async (paths) => new Map(paths.map((p) => [p, files[p]])));
}

/** The lines removed from and added to each file a change writes, and the paths it deletes. */
export function lineChanges(output: ChangeOutput, files: Record<string, string> = baseFiles()): { files: Record<string, { added: string[]; removed: string[] }>; deletions: string[] } {
  if (output.kind !== "changed") throw new Error(`expected a change, got ${JSON.stringify(output)}`);
  const out: Record<string, { added: string[]; removed: string[] }> = {};
  for (const file of output.files) {
    const added: string[] = [];
    const removed: string[] = [];
    for (const part of diffLines(files[file.path] ?? "", file.content)) {
      const lines = part.value.split("\n").filter((l, i, all) => i < all.length - 1 || l !== "");
      if (part.added) added.push(...lines);
      if (part.removed) removed.push(...lines);
    }
    out[file.path] = { added, removed };
  }
  return { files: out, deletions: output.deletions };
}
