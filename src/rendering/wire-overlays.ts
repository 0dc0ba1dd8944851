import path from "node:path";
import type { ClusterConfig } from "../config/schema.js";
import type { GitopsSnapshot, Problem } from "../types.js";
import { addEntries } from "./edit-kustomization.js";
import { findKustomizationFile } from "./kustomization-objects.js";
import { groupOverlaysOf } from "./plan-layout.js";
import { findReachable } from "./reachability.js";
import { repositoryProblem } from "./render-problem.js";

/** One overlay kustomization the wiring edits: its original text, new text and the entries added. */
export interface OverlayEdit {
  file: string;
  dir: string;
  original: string;
  content: string;
  added: string[];
}

/** What the wiring needs: the chosen clusters, the new namespace directories and the team's group directory. */
export interface WiringInput {
  clusters: readonly ClusterConfig[];
  namespaceDirs: readonly string[];
  groupDir: string;
  snapshot: GitopsSnapshot;
}

/** Outcome of {@link wireOverlays}. */
export type WiringResult = { kind: "edits"; edits: OverlayEdit[] } | { kind: "needs-files"; paths: string[] } | { kind: "problems"; problems: Problem[] };

// Defined with the other layout paths; re-exported for the modules that import it from here.
export { groupOverlaysOf };

/**
 * Wires the tenant into the clusters: each namespace directory goes into the `resources` of each cluster's overlay,
 * the group directory into the `resources` of each of the cluster's group overlays. A group overlay must be the overlay
 * or reachable from it (checked, never assumed); an overlay shared by clusters is edited once. Only entries are
 * inserted ({@link addEntries}, one parse per file); nothing else of an overlay changes. Missing kustomization contents come back as
 * `needs-files`, all of them at once.
 */
export function wireOverlays(input: WiringInput): WiringResult {
  const { snapshot } = input;
  const problems: Problem[] = [];
  const files = new Map<string, string>();
  const needed = new Set<string>();
  const kustomizationOf = (cluster: ClusterConfig, dir: string, role: string): string | undefined => {
    const file = findKustomizationFile(dir, snapshot.paths);
    if (file === undefined) {
      problems.push(
        repositoryProblem("clusters", `cluster '${cluster.name}': ${role} '${dir}' has no kustomization.yaml in the GitOps repository`, "the configured overlay directories to exist with a kustomization.yaml (a problem in the GitOps repository or the bot's configuration: maintainers must fix it; the request itself may be fine)", cluster.name),
      );
      return undefined;
    }
    files.set(dir, file);
    if (!snapshot.files.has(file)) needed.add(file);
    return file;
  };
  for (const cluster of input.clusters) {
    kustomizationOf(cluster, cluster.overlay, "overlay");
    for (const dir of groupOverlaysOf(cluster)) kustomizationOf(cluster, dir, "group overlay");
  }
  if (problems.length > 0) return { kind: "problems", problems };
  if (needed.size > 0) return { kind: "needs-files", paths: [...needed].sort() };

  for (const cluster of input.clusters) {
    for (const target of groupOverlaysOf(cluster)) {
      const reach = findReachable(snapshot, cluster.overlay, target);
      if (reach.kind === "needs-files") reach.paths.forEach((p) => needed.add(p));
      else if (reach.kind === "error") {
        problems.push(repositoryProblem("clusters", `cluster '${cluster.name}': ${reach.error}`, "overlays that are kustomization mappings (a problem in the GitOps repository: maintainers must fix it; the request itself may be fine)", cluster.name));
      } else if (reach.kind === "unreachable") {
        problems.push(
          repositoryProblem(
            "clusters",
            `cluster '${cluster.name}': group overlay '${target}' is not reachable from its overlay '${cluster.overlay}' through resources/components, so the group would never reach the cluster`,
            `'${target}' listed (directly or through other kustomizations) in '${cluster.overlay}', or groupOverlays changed in the configuration`,
            cluster.name,
          ),
        );
      }
    }
  }
  if (problems.length > 0) return { kind: "problems", problems };
  if (needed.size > 0) return { kind: "needs-files", paths: [...needed].sort() };

  // Collect every entry per overlay file first, so each file is parsed and edited once.
  const wanted = new Map<string, { dir: string; entries: Set<string>; clusters: Set<string> }>();
  const want = (cluster: ClusterConfig, dir: string, target: string): void => {
    const file = files.get(dir) as string;
    let slot = wanted.get(file);
    if (!slot) {
      slot = { dir, entries: new Set(), clusters: new Set() };
      wanted.set(file, slot);
    }
    slot.entries.add(path.posix.relative(dir, target));
    slot.clusters.add(cluster.name);
  };
  for (const cluster of input.clusters) {
    for (const nsDir of input.namespaceDirs) want(cluster, cluster.overlay, nsDir);
    for (const dir of groupOverlaysOf(cluster)) want(cluster, dir, input.groupDir);
  }
  const edits: OverlayEdit[] = [];
  for (const [file, slot] of [...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const original = snapshot.files.get(file) as string;
    const result = addEntries(original, "resources", [...slot.entries]);
    if ("error" in result) {
      const names = [...slot.clusters].join("', '");
      problems.push(repositoryProblem("clusters", `cluster '${names}': ${file}: ${result.error}`, "a kustomization.yaml whose resources is a list of paths (a problem in the GitOps repository: maintainers must fix it; the request itself may be fine)", [...slot.clusters][0]));
    } else if (result.added.length > 0) {
      edits.push({ file, dir: slot.dir, original, content: result.content, added: result.added });
    }
  }
  if (problems.length > 0) return { kind: "problems", problems };
  return { kind: "edits", edits };
}
