import type { ClusterConfig, Config } from "../../config/schema.js";
import type { GitopsSnapshot, Problem } from "../../types.js";
import { findKustomizationFile } from "../kustomization-objects.js";
import { renderProblem, repositoryProblem } from "../render-problem.js";
import { resolveRepoEntry } from "../safe-path.js";
import { afterEdits, type Step } from "./change-types.js";
import { clusterClosures } from "./cluster-closures.js";
import { removeListItems } from "./edit-yaml-list.js";

/** Overlay edits that take a namespace off clusters, and the clusters that still build it afterwards. */
export interface OverlayRemoval {
  /** New contents of the edited overlay kustomizations, by path. */
  edits: Map<string, string>;
  /** Configured clusters whose overlay still builds the namespace after the edits. */
  remaining: string[];
  /** One line per overlay edited, for the summary. */
  lines: string[];
}

/**
 * Removes the namespace directory `nsDir` from the `resources` of each chosen cluster's overlay: exactly its line,
 * every other byte kept. Refused: a cluster whose overlay does not build the namespace ("not on it"), an overlay that
 * gets it only (or also) through another kustomization (shared with other clusters: maintainers decide), and an edit
 * that would also take it off a cluster not chosen (an overlay another cluster's overlay includes). `closures` are the clusters'
 * builds before the change ({@link clusterClosures}) of every configured cluster.
 */
export function removeFromOverlays(
  snapshot: GitopsSnapshot,
  config: Config,
  namespace: string,
  nsDir: string,
  chosen: readonly ClusterConfig[],
  closures: ReadonlyMap<string, Set<string>>,
): Step<OverlayRemoval> {
  const problems: Problem[] = [];
  const edits = new Map<string, string>();
  const lines: string[] = [];
  for (const cluster of chosen) {
    if (!closures.get(cluster.name)?.has(nsDir)) {
      problems.push(renderProblem("clusters", `namespace '${namespace}' is not on cluster '${cluster.name}' (its overlay ${cluster.overlay} does not build ${nsDir})`, `a cluster the namespace is on: ${config.clusters.filter((c) => closures.get(c.name)?.has(nsDir)).map((c) => c.name).join(", ") || "none"}`, cluster.name));
      continue;
    }
    const file = findKustomizationFile(cluster.overlay, snapshot.paths) as string;
    const source = edits.get(file) ?? (snapshot.files.get(file) as string);
    const removed = removeListItems(source, "resources", (v) => resolveRepoEntry(cluster.overlay, v) === nsDir);
    if ("error" in removed) {
      problems.push(repositoryProblem("clusters", `${file}: ${removed.error}`, "an overlay kustomization whose resources is a list of paths", cluster.name));
    } else if (removed.changed.length > 0) {
      edits.set(file, removed.content);
      lines.push(`removes namespace '${namespace}' from cluster '${cluster.name}' (${file}: - ${removed.changed.join(", ")})`);
    } else if (!edits.has(file)) {
      problems.push(
        repositoryProblem("clusters", `namespace '${namespace}' reaches cluster '${cluster.name}' through another kustomization, not through a line of ${file}`, `maintainers to remove ${nsDir} where ${cluster.overlay} includes it`, cluster.name),
      );
    }
  }
  if (problems.length > 0) return { kind: "problems", problems };
  const after = clusterClosures(afterEdits(snapshot, edits), config.clusters);
  if (!("ok" in after)) return after;
  const chosenNames = new Set(chosen.map((c) => c.name));
  for (const cluster of chosen) {
    if (after.ok.get(cluster.name)?.has(nsDir)) {
      problems.push(
        repositoryProblem("clusters", `namespace '${namespace}' still reaches cluster '${cluster.name}' through another kustomization after its line is removed from ${cluster.overlay}`, `maintainers to remove ${nsDir} where ${cluster.overlay} includes it`, cluster.name),
      );
    }
  }
  for (const cluster of config.clusters) {
    if (!chosenNames.has(cluster.name) && closures.get(cluster.name)?.has(nsDir) && !after.ok.get(cluster.name)?.has(nsDir)) {
      problems.push(renderProblem("clusters", `removing namespace '${namespace}' from ${[...chosenNames].join(", ")} would also remove it from cluster '${cluster.name}', whose overlay ${cluster.overlay} includes the edited one`, `the clusters to include '${cluster.name}'`, cluster.name));
    }
  }
  if (problems.length > 0) return { kind: "problems", problems };
  const remaining = config.clusters.filter((c) => after.ok.get(c.name)?.has(nsDir)).map((c) => c.name);
  return { ok: { edits, remaining, lines } };
}
