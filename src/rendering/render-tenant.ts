import path from "node:path";
import type { ClusterConfig, Config } from "../config/schema.js";
import type { FileChange, Problem } from "../types.js";
import { findKustomizationFile, component, kustomization } from "./kustomization-objects.js";
import { CUSTOM_QUOTA_FILE, NAMESPACE_FILE, customQuotaObject, namespaceObject, type KubeObject } from "./namespace-objects.js";
import { networkPolicyFiles } from "./network-policy-objects.js";
import { namespaceQuota } from "./namespace-quota.js";
import { planLayout, type LayoutPlan } from "./plan-layout.js";
import { rbacReference } from "./rbac-reference.js";
import { renderProblem, repositoryProblem } from "./render-problem.js";
import type { RenderInput, RenderOutput } from "./render-types.js";
import { dirHasFiles } from "./snapshot-lookup.js";
import { GROUP_FILE, RBAC_FILE, groupObject, rbacObject } from "./team-objects.js";
import { verifyEntries, verifyObject, type WrittenEntries } from "./verify-objects.js";
import { wireOverlays } from "./wire-overlays.js";
import { namespaceDefinedAt, namespaceIndex } from "../validation/namespace-index.js";
import { reservedNamespace, reservedTeam } from "../validation/reserved-names.js";
import { toYaml } from "./yaml-output.js";

export type { RenderInput, RenderOutput, RenderSummary } from "./render-types.js";

const KUSTOMIZATION_FILE = "kustomization.yaml";

interface ConfigIndex {
  clusters: Map<string, ClusterConfig>;
  tiers: Set<string>;
}

const configIndex = new WeakMap<Config, ConfigIndex>();

/** Lookups derived from a configuration, computed once per configuration object. */
function indexConfig(config: Config): ConfigIndex {
  let index = configIndex.get(config);
  if (!index) {
    index = { clusters: new Map(config.clusters.map((c) => [c.name, c])), tiers: new Set(config.quota.tiers.map((t) => t.name)) };
    configIndex.set(config, index);
  }
  return index;
}

function byPath(a: FileChange, b: FileChange): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Collects rendered files, their Kubernetes objects and the kustomization entries written, for verification. */
class FileSet {
  readonly files: FileChange[] = [];
  readonly objects: Array<{ path: string; object: KubeObject }> = [];
  readonly entries: WrittenEntries[] = [];

  object(file: string, object: KubeObject): void {
    this.files.push({ path: file, content: toYaml(object) });
    this.objects.push({ path: file, object });
  }

  kustomization(file: string, content: Record<string, unknown>): void {
    this.files.push({ path: file, content: toYaml(content) });
    const list = (key: string): string[] => (Array.isArray(content[key]) ? (content[key] as string[]) : []);
    this.entries.push({ file, entries: [...list("resources"), ...list("components")] });
  }
}

/** Checks the request against what rendering relies on (validation checks these too; rendering never trusts it). */
function checkPreconditions(input: RenderInput, plan: LayoutPlan, clusters: ClusterConfig[], index: ConfigIndex): Problem[] {
  const { request, config, snapshot } = input;
  const problems: Problem[] = [];
  const known = [...index.clusters.keys()].join(", ");
  for (const name of request.clusters) {
    if (!index.clusters.has(name)) problems.push(renderProblem("clusters", `cluster '${name}' is not configured`, `one of: ${known}`, name));
  }
  if (clusters.length === 0 && problems.length === 0) problems.push(renderProblem("clusters", "no cluster was chosen", `at least one of: ${known}`));
  if (request.namespaces.length === 0) problems.push(renderProblem("namespaces", "no namespace was requested", "at least one namespace name"));
  // Names: never a reserved one, never one the repository defines anywhere (see namespace-index.ts). A snapshot whose
  // caller read the candidate manifests must have read them all; a bare tree (tests) is checked by its paths.
  const names = namespaceIndex(snapshot, config, { requireAll: snapshot.namespaceManifests !== undefined });
  if (names.gap) problems.push(renderProblem("namespaces", names.gap.message, names.gap.expected));
  for (const ns of plan.namespaces) {
    const reserved = reservedNamespace(ns.name, config);
    if (reserved) problems.push(renderProblem("namespaces", reserved.reason, reserved.expected, ns.name));
    const where = dirHasFiles(snapshot.paths, ns.dir) ? [ns.dir] : namespaceDefinedAt(snapshot, config, names, ns.name);
    if (where.length > 0) {
      problems.push(renderProblem("namespaces", `namespace '${ns.name}' already exists in the GitOps repository (${where.slice(0, 3).join(", ")})`, "a namespace name that is not taken", ns.name));
    }
  }
  const reservedTeamName = reservedTeam(request.team, config);
  if (reservedTeamName) problems.push(renderProblem("team", reservedTeamName.reason, reservedTeamName.expected, request.team));
  if (request.quotaTier === "custom") {
    if (!config.quota.custom.enabled) problems.push(renderProblem("quota_tier", "the custom quota is not offered", "one of the configured tiers", "custom"));
    if (!request.customQuota) problems.push(renderProblem("quota_tier", "the custom quota has no CPU, memory and storage values", "custom CPU, memory and storage"));
  } else if (!index.tiers.has(request.quotaTier)) {
    problems.push(renderProblem("quota_tier", `tier '${request.quotaTier}' is not configured`, `one of: ${[...index.tiers].join(", ")}`, request.quotaTier));
  } else if (plan.quotaComponentDir !== undefined && findKustomizationFile(plan.quotaComponentDir, snapshot.paths) === undefined) {
    problems.push(renderProblem("quota_tier", `the quota component '${plan.quotaComponentDir}' of tier '${request.quotaTier}' does not exist in the GitOps repository`, "a kustomization.yaml in that directory", request.quotaTier));
  }
  if (findKustomizationFile(plan.limitRangeComponentDir, snapshot.paths) === undefined) {
    problems.push(repositoryProblem("body", `the LimitRange component '${plan.limitRangeComponentDir}' does not exist in the GitOps repository`, "layout.limitRangeComponentDir to name a directory with a kustomization.yaml"));
  }
  const groupExists = dirHasFiles(snapshot.paths, plan.groupDir);
  if (groupExists && !config.teams.allowExisting) {
    problems.push(renderProblem("team", `team '${request.team}' already exists (${plan.groupDir}) and this configuration does not reuse teams`, "a new team name", request.team));
  }
  return problems;
}

/**
 * Renders a tenant into the GitOps tree, purely: the namespaces (Namespace, kustomization, custom ResourceQuota), the
 * team (Group and admin RoleBinding component, unless the Group exists: then it is reused untouched), the default
 * NetworkPolicies component when enabled and missing, and minimal edits of the chosen clusters' overlays. Paths come from
 * `config.layout` ({@link planLayout}); every object is verified ({@link verifyObject}) and every kustomization entry
 * written must resolve. Never overwrites an existing file other than an overlay kustomization. Kustomization contents it
 * has not seen come back as `needs-files`; the caller reads them and calls again (see `renderWithReader`).
 */
export function renderTenant(input: RenderInput): RenderOutput {
  const { request, config, snapshot, provenance } = input;
  const index = indexConfig(config);
  const planned = planLayout(request, config);
  if ("problems" in planned) return { kind: "problems", problems: planned.problems };
  const plan = planned.plan;
  const clusters = [...new Set(request.clusters)].flatMap((name) => {
    const cluster = index.clusters.get(name);
    return cluster ? [cluster] : [];
  });
  const problems = checkPreconditions(input, plan, clusters, index);
  if (problems.length > 0) return { kind: "problems", problems };

  const wiring = wireOverlays({ clusters, namespaceDirs: plan.namespaces.map((n) => n.dir), groupDir: plan.groupDir, snapshot });
  const rbac = rbacReference(plan.rbacComponentDir, snapshot);
  if (wiring.kind === "problems" || rbac.kind === "problems") {
    return { kind: "problems", problems: [...(wiring.kind === "problems" ? wiring.problems : []), ...(rbac.kind === "problems" ? rbac.problems : [])] };
  }
  if (wiring.kind === "needs-files" || rbac.kind === "needs-files") {
    return { kind: "needs-files", paths: [...(wiring.kind === "needs-files" ? wiring.paths : []), ...(rbac.kind === "needs-files" ? rbac.paths : [])].sort() };
  }

  const out = new FileSet();
  const teamReused = dirHasFiles(snapshot.paths, plan.groupDir);
  const rbacExists = dirHasFiles(snapshot.paths, plan.rbacComponentDir);
  for (const ns of plan.namespaces) {
    const rel = (dir: string): string => path.posix.relative(ns.dir, dir);
    const components = [rel(plan.rbacComponentDir), rel(plan.limitRangeComponentDir)];
    // --- per-namespace quota tier (issue 11 §4, wt-intake): the namespace's own tier, else the request's ---
    const quota = namespaceQuota(request, config, ns.name);
    if ("error" in quota) return { kind: "problems", problems: [renderProblem("namespaces", quota.error, "a tier name that fills layout.quotaComponentDir", quota.tier)] };
    if (quota.componentDir !== undefined) components.push(rel(quota.componentDir));
    // --- end per-namespace quota tier ---
    if (plan.networkPolicyComponentDir !== undefined) components.push(rel(plan.networkPolicyComponentDir));
    const resources = [NAMESPACE_FILE];
    out.object(`${ns.dir}/${NAMESPACE_FILE}`, namespaceObject(ns.name, request, config, provenance));
    if (quota.tier === "custom" && request.customQuota) {
      resources.push(CUSTOM_QUOTA_FILE);
      out.object(`${ns.dir}/${CUSTOM_QUOTA_FILE}`, customQuotaObject(ns.name, request.customQuota));
    }
    // A team whose RBAC directory is a plain Kustomization is used through resources, as the repository already does.
    if (rbac.list === "resources") resources.push(...components.splice(components.indexOf(rel(plan.rbacComponentDir)), 1));
    out.kustomization(`${ns.dir}/${KUSTOMIZATION_FILE}`, kustomization(resources, { namespace: ns.name, components }));
  }
  if (!teamReused) {
    out.object(`${plan.groupDir}/${GROUP_FILE}`, groupObject(request));
    out.kustomization(`${plan.groupDir}/${KUSTOMIZATION_FILE}`, kustomization([GROUP_FILE]));
  }
  if (!rbacExists) {
    out.object(`${plan.rbacComponentDir}/${RBAC_FILE}`, rbacObject(request.team));
    out.kustomization(`${plan.rbacComponentDir}/${KUSTOMIZATION_FILE}`, component([RBAC_FILE]));
  }
  const npDir = plan.networkPolicyComponentDir;
  if (npDir !== undefined && findKustomizationFile(npDir, snapshot.paths) === undefined) {
    const policies = networkPolicyFiles(config);
    for (const p of policies) out.object(`${npDir}/${p.file}`, p.object);
    out.kustomization(`${npDir}/${KUSTOMIZATION_FILE}`, component(policies.map((p) => p.file)));
  }

  const created = out.files.map((f) => f.path);
  const collisions = created.filter((p) => snapshot.paths.has(p));
  const rendered = new Set(created);
  // Defence in depth (planLayout refuses coinciding directories): a path rendered twice would silently lose a file.
  const twice = rendered.size === created.length ? [] : created.filter((p, i) => created.indexOf(p) !== i);
  const errors = [
    ...collisions.map((p) => `'${p}' already exists and the bot never overwrites it`),
    ...[...new Set(twice)].map((p) => `'${p}' would be written twice by this request (two layout directories coincide)`),
    ...out.objects.flatMap(({ path: file, object }) => verifyObject(file, object)),
    ...verifyEntries([...out.entries, ...wiring.edits.map((e) => ({ file: e.file, entries: e.added }))], snapshot.paths, rendered),
  ];
  if (errors.length > 0) {
    return {
      kind: "problems",
      problems: errors.map((e) => repositoryProblem("body", `the rendered tree would be broken: ${e}`, "a request and configuration that render valid Kubernetes objects")),
    };
  }

  const files = [...out.files, ...wiring.edits.map((e) => ({ path: e.file, content: e.content }))].sort(byPath);
  const editedPaths = wiring.edits.map((e) => e.file).sort();
  return {
    kind: "rendered",
    files,
    summary: {
      namespaces: plan.namespaces.map((n) => n.name),
      team: request.team,
      teamReused,
      clusters: clusters.map((c) => c.name),
      createdPaths: [...created].sort(),
      editedPaths,
      overlays: [...new Set(wiring.edits.map((e) => e.dir))].sort(),
    },
  };
}
