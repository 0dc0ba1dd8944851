import type { ClusterConfig, Config } from "../config/schema.js";
import { CUSTOM_TIER } from "../intake/fields.js";
import type { FieldId, OnboardingRequest, Problem } from "../types.js";
import { fillTemplate, type FillResult } from "./fill-template.js";
import { renderProblem, repositoryProblem } from "./render-problem.js";

/**
 * Where a request's files go in the GitOps repository, computed here and nowhere else: validation (taken teams,
 * missing quota components), rendering (every file it writes or edits), the form (tier descriptions) and the
 * controller's reads all ask these functions, so they cannot disagree on a custom `config.layout`. Pure.
 */

/** The directory of namespace `namespace` of team `team` (`layout.namespaceDir`). */
export function namespaceDirOf(config: Config, namespace: string, team: string): FillResult {
  return fillTemplate(config.layout.namespaceDir, { namespace, team });
}

/** The directory of team `team`'s OpenShift Group (`layout.groupDir`). */
export function groupDirOf(config: Config, team: string): FillResult {
  return fillTemplate(config.layout.groupDir, { team });
}

/** The directory of team `team`'s admin RoleBinding component (`layout.rbacComponentDir`). */
export function rbacComponentDirOf(config: Config, team: string): FillResult {
  return fillTemplate(config.layout.rbacComponentDir, { team });
}

/** The directory of quota tier `tier`'s component (`layout.quotaComponentDir`). */
export function quotaComponentDirOf(config: Config, tier: string): FillResult {
  return fillTemplate(config.layout.quotaComponentDir, { tier });
}

/** The overlays through which a cluster receives groups (`groupOverlays`, default `[overlay]`). */
export function groupOverlaysOf(cluster: ClusterConfig): string[] {
  return cluster.groupOverlays && cluster.groupOverlays.length > 0 ? cluster.groupOverlays : [cluster.overlay];
}

/**
 * The overlay directories whose kustomization a request on these clusters edits: each configured cluster's overlay
 * (namespaces) and group overlays (the group), once each, sorted. Names no cluster has are left out.
 */
export function overlayDirsOf(config: Config, clusters: readonly string[]): string[] {
  const wanted = new Set(clusters);
  const dirs = config.clusters.filter((c) => wanted.has(c.name)).flatMap((c) => [c.overlay, ...groupOverlaysOf(c)]);
  return [...new Set(dirs)].sort();
}

/** What of a request decides its directories. */
export type LayoutRequest = Pick<OnboardingRequest, "team" | "namespaces" | "clusters" | "quotaTier"> & Partial<Pick<OnboardingRequest, "namespaceTiers">>;

/**
 * Every directory of the GitOps repository a request writes to or refers to: its namespaces', its team's group and
 * RBAC component, the quota components of the configured tiers it asks for (its own and its namespaces'), the
 * LimitRange and (when enabled) NetworkPolicy components, and the overlays it edits. What the observe step looks up
 * at the base commit instead of reading the whole tree. Values that do not fill a template are left out (validation
 * and {@link planLayout} refuse them). Sorted, without repeats.
 */
export function layoutDirsOf(config: Config, request: LayoutRequest): string[] {
  const tiers = new Set([request.quotaTier, ...Object.values(request.namespaceTiers ?? {})]);
  const filled = [
    ...request.namespaces.map((namespace) => namespaceDirOf(config, namespace, request.team)),
    groupDirOf(config, request.team),
    rbacComponentDirOf(config, request.team),
    ...config.quota.tiers.filter((t) => tiers.has(t.name)).map((t) => quotaComponentDirOf(config, t.name)),
    fillTemplate(config.layout.limitRangeComponentDir, {}),
    ...(config.namespaces.networkPolicies.enabled ? [fillTemplate(config.layout.networkPolicyComponentDir, {})] : []),
  ];
  const dirs = filled.flatMap((result) => (result.ok ? [result.path] : []));
  return [...new Set([...dirs, ...overlayDirsOf(config, request.clusters)])].sort();
}

/** The repository directories one request writes to or refers to, every one filled from `config.layout`. */
export interface LayoutPlan {
  namespaces: Array<{ name: string; dir: string }>;
  groupDir: string;
  rbacComponentDir: string;
  /** Absent for a custom quota. */
  quotaComponentDir?: string;
  limitRangeComponentDir: string;
  /** Present when `namespaces.networkPolicies.enabled`. */
  networkPolicyComponentDir?: string;
  /** The overlays whose kustomization the request edits ({@link overlayDirsOf}). */
  overlayDirs: string[];
}

/**
 * Fills every layout template the request needs. Each failure (a value that is not a DNS-1123 label, a template that
 * would leave its directory) is a problem on the field the value came from; nothing is written for it.
 */
export function planLayout(request: OnboardingRequest, config: Config): { plan: LayoutPlan } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const layout = config.layout;
  const path = (key: keyof Config["layout"], result: FillResult, field: FieldId): string => {
    if (result.ok) return result.path;
    problems.push(renderProblem(field, `layout.${key}: ${result.error}`, "a path inside the directory the layout template names"));
    return "";
  };
  const fixed = (key: "limitRangeComponentDir" | "networkPolicyComponentDir"): string => path(key, fillTemplate(layout[key], {}), "body");
  const team = request.team;
  const namespaces = request.namespaces.map((name) => ({ name, dir: path("namespaceDir", namespaceDirOf(config, name, team), "namespaces") }));
  const plan: LayoutPlan = {
    namespaces,
    groupDir: path("groupDir", groupDirOf(config, team), "team"),
    rbacComponentDir: path("rbacComponentDir", rbacComponentDirOf(config, team), "team"),
    limitRangeComponentDir: fixed("limitRangeComponentDir"),
    overlayDirs: overlayDirsOf(config, request.clusters),
  };
  if (request.quotaTier !== CUSTOM_TIER) plan.quotaComponentDir = path("quotaComponentDir", quotaComponentDirOf(config, request.quotaTier), "quota_tier");
  if (config.namespaces.networkPolicies.enabled) plan.networkPolicyComponentDir = fixed("networkPolicyComponentDir");
  const dirs = new Set<string>();
  for (const ns of namespaces) {
    if (ns.dir !== "" && dirs.has(ns.dir)) {
      problems.push(renderProblem("namespaces", `namespace '${ns.name}' maps to directory '${ns.dir}' that another namespace of this request uses`, "distinct namespace names", ns.name));
    }
    dirs.add(ns.dir);
  }
  // Layouts that share a parent (`tenants/{namespace}`, `tenants/{team}`) map a namespace named like the team to the
  // team's directory: both would write the same kustomization.yaml, and one would silently replace the other.
  const teamDirs: Array<[string, string]> = [
    [plan.groupDir, "the team's group (layout.groupDir)"],
    [plan.rbacComponentDir, "the team's RBAC component (layout.rbacComponentDir)"],
  ];
  for (const ns of namespaces) {
    const shared = teamDirs.find(([dir]) => dir !== "" && dir === ns.dir);
    if (shared) {
      problems.push(
        renderProblem("namespaces", `namespace '${ns.name}' maps to directory '${ns.dir}', which ${shared[1]} also uses`, "a namespace name whose directory differs from the team's, for example with a suffix such as '-dev'", ns.name),
      );
    }
  }
  if (plan.groupDir !== "" && plan.groupDir === plan.rbacComponentDir) {
    problems.push(
      repositoryProblem("body", `layout.groupDir and layout.rbacComponentDir both map team '${team}' to directory '${plan.groupDir}'`, "layout.groupDir and layout.rbacComponentDir to name different directories"),
    );
  }
  return problems.length > 0 ? { problems } : { plan };
}
