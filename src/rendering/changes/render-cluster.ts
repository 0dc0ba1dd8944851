import { fieldLabel } from "../../intake/fields.js";
import type { Notice } from "../../types.js";
import { renderProblem } from "../render-problem.js";
import { wireOverlays } from "../wire-overlays.js";
import type { ClusterChange } from "./change-request.js";
import { emptySummary, type ChangeInput, type ChangeOutput } from "./change-types.js";
import { clusterClosures, configuredClusters } from "./cluster-closures.js";
import { removeFromOverlays } from "./remove-from-overlays.js";
import { existingTeam, ownedNamespace } from "./tenant-lookup.js";

/**
 * Adds an existing namespace of the team to more clusters (one line in each overlay's `resources`, and the team's
 * group into the cluster's group overlays when it is not there, as onboarding wires them) or removes it from some
 * (exactly its line removed from each overlay; {@link removeFromOverlays}). A cluster that already has it is a notice.
 * Refused: a namespace of another team, a cluster it is not on, and removing it from its last cluster (offboarding
 * does that, and cleans up what nothing uses any more).
 */
export function renderCluster(input: ChangeInput<ClusterChange>): ChangeOutput {
  const { change, config, snapshot } = input;
  const dirs = existingTeam(config, snapshot, change.team);
  if (!("ok" in dirs)) return dirs;
  const add = configuredClusters(config, change.add ?? []);
  const remove = configuredClusters(config, change.remove ?? []);
  if (!("ok" in add) || !("ok" in remove)) {
    return { kind: "problems", problems: [...("problems" in add ? add.problems : []), ...("problems" in remove ? remove.problems : [])] };
  }
  const both = add.ok.filter((c) => remove.ok.includes(c));
  if (both.length > 0) return { kind: "problems", problems: both.map((c) => renderProblem("clusters", `cluster '${c.name}' is both added and removed`, "each cluster once", c.name)) };
  const info = ownedNamespace(snapshot, config, change.team, change.namespace);
  if (!("ok" in info)) return info;
  const nsDir = info.ok.dir;
  const closures = clusterClosures(snapshot, config.clusters);
  if (!("ok" in closures)) return closures;

  const notices: Notice[] = [];
  const toAdd = add.ok.filter((c) => {
    if (!closures.ok.get(c.name)?.has(nsDir)) return true;
    notices.push({ field: "clusters", label: fieldLabel("clusters"), message: `namespace '${change.namespace}' is already on cluster '${c.name}'; nothing to add` });
    return false;
  });
  const summary = emptySummary();
  const files = new Map<string, string>();
  if (remove.ok.length > 0) {
    const removal = removeFromOverlays(snapshot, config, change.namespace, nsDir, remove.ok, closures.ok);
    if (!("ok" in removal)) return removal;
    if (removal.ok.remaining.length === 0 && toAdd.length === 0) {
      return {
        kind: "problems",
        problems: [renderProblem("clusters", `removing namespace '${change.namespace}' from ${remove.ok.map((c) => c.name).join(", ")} leaves it on no cluster`, "an offboarding request, which also deletes what nothing uses any more", remove.ok.map((c) => c.name).join(", "))],
      };
    }
    for (const [file, content] of removal.ok.edits) files.set(file, content);
    summary.lines.push(...removal.ok.lines);
    for (const c of remove.ok) summary.expect.push({ cluster: c.name, kind: "Namespace", name: change.namespace, present: false });
  }
  if (toAdd.length > 0) {
    const view = { ...snapshot, files: new Map([...snapshot.files, ...files]) };
    const wiring = wireOverlays({ clusters: toAdd, namespaceDirs: [nsDir], groupDir: dirs.ok.groupDir, snapshot: view });
    if (wiring.kind !== "edits") return wiring;
    for (const edit of wiring.edits) {
      files.set(edit.file, edit.content);
      summary.lines.push(`adds ${edit.added.join(", ")} to ${edit.file}`);
    }
    for (const c of toAdd) summary.expect.push({ cluster: c.name, kind: "Namespace", name: change.namespace, present: true });
  }
  summary.editedPaths = [...files.keys()].sort();
  return { kind: "changed", files: [...files].map(([path, content]) => ({ path, content })).sort((a, b) => (a.path < b.path ? -1 : 1)), deletions: [], notices, summary };
}
