import type { ClusterConfig, Config } from "../../config/schema.js";
import type { GitopsSnapshot, Problem } from "../../types.js";
import { repositoryProblem, renderProblem } from "../render-problem.js";
import type { Step } from "./change-types.js";
import { overlayClosure } from "./kustomize-references.js";

/** The configured clusters `names` refers to, or a problem on `clusters` for each unknown name. */
export function configuredClusters(config: Config, names: readonly string[]): Step<ClusterConfig[]> {
  const known = new Map(config.clusters.map((c) => [c.name, c]));
  const problems: Problem[] = [];
  const out: ClusterConfig[] = [];
  for (const name of [...new Set(names)]) {
    const cluster = known.get(name);
    if (cluster) out.push(cluster);
    else problems.push(renderProblem("clusters", `cluster '${name}' is not configured`, `one of: ${[...known.keys()].join(", ")}`, name));
  }
  return problems.length > 0 ? { kind: "problems", problems } : { ok: out };
}

/**
 * The directories each cluster's overlay builds ({@link overlayClosure}), by cluster name. Unread kustomizations of
 * every cluster come back together as `needs-files`; an overlay that cannot be walked is a problem for maintainers.
 */
export function clusterClosures(snapshot: GitopsSnapshot, clusters: readonly ClusterConfig[]): Step<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const needed = new Set<string>();
  const problems: Problem[] = [];
  for (const cluster of clusters) {
    const closure = overlayClosure(snapshot, cluster.overlay);
    if (closure.kind === "needs-files") closure.paths.forEach((p) => needed.add(p));
    else if (closure.kind === "error") problems.push(repositoryProblem("clusters", `cluster '${cluster.name}': ${closure.error}`, "overlays that are kustomization mappings (maintainers must fix the repository)", cluster.name));
    else out.set(cluster.name, closure.value);
  }
  if (problems.length > 0) return { kind: "problems", problems };
  if (needed.size > 0) return { kind: "needs-files", paths: [...needed].sort() };
  return { ok: out };
}
