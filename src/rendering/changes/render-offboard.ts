import type { Problem } from "../../types.js";
import { findKustomizationFile } from "../kustomization-objects.js";
import { repositoryProblem } from "../render-problem.js";
import { resolveRepoEntry } from "../safe-path.js";
import { groupOverlaysOf } from "../wire-overlays.js";
import { argocdPruneLines } from "./argocd-prune.js";
import type { OffboardChange } from "./change-request.js";
import { afterEdits, emptySummary, type ChangeInput, type ChangeOutput, type Step } from "./change-types.js";
import { clusterClosures, configuredClusters } from "./cluster-closures.js";
import { removeListItems } from "./edit-yaml-list.js";
import { referrers, type WalkResult } from "./kustomize-references.js";
import { removeFromOverlays } from "./remove-from-overlays.js";
import { existingTeam, ownedNamespace } from "./tenant-lookup.js";

/** A walk's result as a step: its errors are the repository's problems. */
function walk(result: WalkResult<Map<string, string[]>>, what: string): Step<Map<string, string[]>> {
  if (result.kind === "needs-files") return result;
  if (result.kind === "error") return { kind: "problems", problems: [repositoryProblem("namespaces", `${what}: ${result.error}`, "kustomizations that are mappings (maintainers must fix the repository)")] };
  return { ok: result.value };
}

/**
 * Offboards a namespace from the chosen clusters: exactly its line is removed from each cluster's overlay. Its
 * directory is deleted only when no kustomization anywhere in the repository refers to it any more (every overlay,
 * configured or not, and whatever they include: no dangling reference is left). When that deletion leaves no namespace
 * using the team's RBAC component, the team is gone: its group's line is removed from the configured clusters' overlays
 * and group overlays, and the group and RBAC directories are deleted when nothing else refers to them. A namespace
 * another team shares is refused, as is a cluster it is not on. The summary says what is deleted from which cluster
 * and whether ArgoCD prunes it ({@link argocdPruneLines}).
 */
export function renderOffboard(input: ChangeInput<OffboardChange>): ChangeOutput {
  const { change, config, snapshot } = input;
  const dirs = existingTeam(config, snapshot, change.team);
  if (!("ok" in dirs)) return dirs;
  const chosen = configuredClusters(config, change.clusters);
  if (!("ok" in chosen)) return chosen;
  const info = ownedNamespace(snapshot, config, change.team, change.namespace, true);
  if (!("ok" in info)) return info;
  const nsDir = info.ok.dir;
  const { groupDir, rbacDir } = dirs.ok;
  const closures = clusterClosures(snapshot, config.clusters);
  if (!("ok" in closures)) return closures;
  const removal = removeFromOverlays(snapshot, config, change.namespace, nsDir, chosen.ok, closures.ok);
  if (!("ok" in removal)) return removal;
  const edits = new Map(removal.ok.edits);
  const summary = emptySummary();
  summary.lines.push(...removal.ok.lines);
  for (const c of chosen.ok) summary.expect.push({ cluster: c.name, kind: "Namespace", name: change.namespace, present: false });

  const nsUsers = walk(referrers(afterEdits(snapshot, edits), [nsDir], [nsDir]), "finding what uses the namespace");
  if (!("ok" in nsUsers)) return nsUsers;
  const stillUsing = nsUsers.ok.get(nsDir) ?? [];
  const deletedDirs: string[] = [];
  if (stillUsing.length > 0) {
    const where = removal.ok.remaining.length > 0 ? `; it stays on cluster ${removal.ok.remaining.join(", ")}` : "";
    summary.lines.push(`keeps ${nsDir}/: still used by ${stillUsing.join(", ")}${where}`);
  } else {
    deletedDirs.push(nsDir);
    summary.lines.push(`deletes ${nsDir}/: no overlay uses namespace '${change.namespace}' any more`);
    const teamUsers = walk(referrers(afterEdits(snapshot, edits), [rbacDir], [nsDir, rbacDir, groupDir]), "finding the team's namespaces");
    if (!("ok" in teamUsers)) return teamUsers;
    const left = teamUsers.ok.get(rbacDir) ?? [];
    if (left.length > 0) {
      summary.lines.push(`keeps team '${change.team}' (${groupDir}, ${rbacDir}): ${left.length} kustomization${left.length === 1 ? "" : "s"} still use${left.length === 1 ? "s" : ""} its RBAC component (${left.slice(0, 5).join(", ")}${left.length > 5 ? ", ..." : ""})`);
    } else {
      const problems: Problem[] = [];
      const overlays = new Set(config.clusters.flatMap((c) => [c.overlay, ...groupOverlaysOf(c)]));
      for (const dir of [...overlays].sort()) {
        const file = findKustomizationFile(dir, snapshot.paths);
        const source = file === undefined ? undefined : (edits.get(file) ?? snapshot.files.get(file));
        if (file === undefined || source === undefined) continue;
        const removed = removeListItems(source, "resources", (v) => resolveRepoEntry(dir, v) === groupDir);
        if ("error" in removed) problems.push(repositoryProblem("team", `${file}: ${removed.error}`, "an overlay kustomization whose resources is a list of paths"));
        else if (removed.changed.length > 0) {
          edits.set(file, removed.content);
          summary.lines.push(`removes group '${change.team}' from ${file} (the team has no namespace left)`);
        }
      }
      if (problems.length > 0) return { kind: "problems", problems };
      const groupUsers = walk(referrers(afterEdits(snapshot, edits), [groupDir], [nsDir, rbacDir, groupDir]), "finding what uses the team's group");
      if (!("ok" in groupUsers)) return groupUsers;
      const groupLeft = groupUsers.ok.get(groupDir) ?? [];
      if (groupLeft.length > 0) summary.lines.push(`keeps ${groupDir}/: still used by ${groupLeft.join(", ")}`);
      else {
        deletedDirs.push(groupDir);
        summary.lines.push(`deletes ${groupDir}/: team '${change.team}' has no namespace left`);
      }
      deletedDirs.push(rbacDir);
      summary.lines.push(`deletes ${rbacDir}/: no namespace uses it any more`);
    }
  }
  const deletions = [...snapshot.paths].filter((p) => deletedDirs.some((d) => p.startsWith(`${d}/`))).sort();
  // What each cluster loses: what its overlay built before and no longer builds.
  const after = clusterClosures(afterEdits(snapshot, edits, new Set(deletions)), config.clusters);
  if (!("ok" in after)) return after;
  const losing = config.clusters.flatMap((c) => {
    const lost = (dir: string): boolean => closures.ok.get(c.name)?.has(dir) === true && after.ok.get(c.name)?.has(dir) !== true;
    const what = [...(lost(nsDir) ? [`namespace '${change.namespace}' and its objects`] : []), ...(lost(groupDir) ? [`group '${change.team}'`] : [])];
    if (lost(groupDir)) summary.expect.push({ cluster: c.name, kind: "Group", name: change.team, present: false });
    return what.length > 0 ? [{ cluster: c, what: what.join(" and ") }] : [];
  });
  for (const { cluster, what } of losing) summary.lines.push(`cluster '${cluster.name}' loses ${what}`);
  const argo = argocdPruneLines(snapshot, losing);
  if (!("ok" in argo)) return argo;
  summary.lines.unshift(`offboards namespace '${change.namespace}' of team '${change.team}' from ${chosen.ok.map((c) => c.name).join(", ")}`);
  summary.lines.push(...argo.ok);
  summary.editedPaths = [...edits.keys()].sort();
  summary.deletedPaths = deletions;
  const files = [...edits].map(([path, content]) => ({ path, content })).sort((a, b) => (a.path < b.path ? -1 : 1));
  return { kind: "changed", files, deletions, notices: [], summary };
}
