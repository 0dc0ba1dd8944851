import type { Config } from "../config/schema.js";
import { fillTemplate, type TemplateValues } from "../rendering/fill-template.js";
import { staticPrefixDir } from "../rendering/safe-path.js";
import type { OnboardingRequest } from "../types.js";
import { layoutPattern, literalSegment } from "./layout-pattern.js";

/**
 * The paths of the GitOps repository one request's validation and rendering ask about, known from the configuration
 * and the request alone, so they can be looked up at the base commit in the same round trip as everything else
 * (`Commit.file(path:)` each) instead of reading the whole tree:
 *
 * - every directory a requested namespace could occupy under `layout.namespaceDir` (with `{team}` before
 *   `{namespace}`: the directory above the team segment, to list the teams; `<team>/<name>` is then looked up per team);
 * - the team's group and RBAC directories, the quota components of the tiers asked for, the LimitRange and
 *   NetworkPolicy components;
 * - the overlays and group overlays of the chosen clusters, and their `kustomization.yaml` (its text is needed);
 * - the directories above the layout's namespace root (the spine), whose entries start the scan of the rest of the
 *   tree for Namespace manifests (the root itself is never listed: it grows with the namespaces).
 *
 * Pure. Bounded by the configuration's limits (namespaces, clusters); values that do not fill a template (a team that
 * is not a DNS label) are left out: validation refuses them without asking the tree. Sorted, without repeats.
 */
export function pathsToObserve(config: Config, request: Pick<OnboardingRequest, "team" | "namespaces" | "clusters" | "quotaTier"> & Partial<Pick<OnboardingRequest, "namespaceTiers">>): string[] {
  const out = new Set<string>(spineOf(config));
  const fill = (template: string, values: TemplateValues): void => {
    const filled = fillTemplate(template, values);
    if (filled.ok) out.add(filled.path);
  };
  const layout = config.layout;
  const team = typeof request.team === "string" ? request.team : "";
  const namespaces = (Array.isArray(request.namespaces) ? request.namespaces : []).slice(0, config.limits.maxNamespaces + 1);
  for (const name of namespaces) {
    if (typeof name !== "string") continue;
    fill(layout.namespaceDir, { namespace: name, team });
    const listed = firstListedDir(layout.namespaceDir, name);
    if (listed !== undefined) out.add(listed);
  }
  fill(layout.groupDir, { team });
  fill(layout.rbacComponentDir, { team });
  const tiers = new Set([request.quotaTier, ...Object.values(request.namespaceTiers ?? {})]);
  for (const tier of config.quota.tiers) if (tiers.has(tier.name)) fill(layout.quotaComponentDir, { tier: tier.name });
  out.add(layout.limitRangeComponentDir);
  if (config.namespaces.networkPolicies.enabled) out.add(layout.networkPolicyComponentDir);
  const wanted = new Set((Array.isArray(request.clusters) ? request.clusters : []).slice(0, config.limits.maxClusters));
  for (const cluster of config.clusters) {
    if (!wanted.has(cluster.name)) continue;
    for (const dir of [cluster.overlay, ...(cluster.groupOverlays ?? [])]) {
      out.add(dir);
      out.add(`${dir}/kustomization.yaml`);
    }
  }
  out.delete("");
  return [...out].sort();
}

/**
 * The directories above the layout's namespace root, root excluded (`cluster-scope`, `cluster-scope/base`,
 * `cluster-scope/base/core` for `cluster-scope/base/core/namespaces/{namespace}`): the scan of the tree outside the
 * root starts from their entries.
 */
export function spineOf(config: Config): string[] {
  const root = namespaceRoot(config);
  if (root === "") return [];
  const segments = root.split("/");
  return segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join("/"));
}

/** The layout's namespace root: the directory under which every namespace directory lies (`""`: the repository root). */
export function namespaceRoot(config: Config): string {
  return staticPrefixDir(config.layout.namespaceDir);
}

/**
 * For a template with a segment that is not the name alone (`{team}`), the directory above the first such segment,
 * filled for `name`: its entries are listed to find every team. Undefined when every segment is known from the name.
 */
function firstListedDir(template: string, name: string): string | undefined {
  const segments: string[] = [];
  for (const parts of layoutPattern(template).segments) {
    const literal = literalSegment(parts, name);
    if (literal === undefined) return segments.join("/");
    segments.push(literal);
  }
  return undefined;
}
