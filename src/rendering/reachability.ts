import type { GitopsSnapshot } from "../types.js";
import { readEntries } from "./edit-kustomization.js";
import { findKustomizationFile } from "./kustomization-objects.js";
import { resolveRepoEntry } from "./safe-path.js";

/** Most kustomization directories followed from one overlay; a repository deeper than this is reported, not walked. */
export const MAX_REACHABILITY_DIRS = 2000;

/** Outcome of {@link findReachable}. */
export type ReachabilityResult =
  | { kind: "reachable"; via: string[] }
  | { kind: "unreachable" }
  | { kind: "needs-files"; paths: string[] }
  | { kind: "error"; error: string };

/** Outcome of {@link walkOverlay}: each directory reached with the one that listed it (`null` for `from`). */
export type WalkOverlayResult = { kind: "walked"; parent: Map<string, string | null> } | { kind: "needs-files"; paths: string[] } | { kind: "error"; error: string };

/**
 * The directories kustomize builds when it builds `from`: `from` and every local directory that holds a kustomization
 * file and is listed (transitively) in the `resources` or `components` of kustomizations reached from `from` (remote
 * entries and files are not followed), each with the directory that listed it first. Breadth-first, so the answer
 * needs as few reads as possible: kustomization files not yet in `snapshot.files` come back as `needs-files` (all of
 * one level at once); a file that is not a kustomization mapping is an `error`. Stops as soon as `until` is reached.
 */
export function walkOverlay(snapshot: GitopsSnapshot, from: string, until?: string): WalkOverlayResult {
  const parent = new Map<string, string | null>([[from, null]]);
  let frontier = from === until ? [] : [from];
  while (frontier.length > 0) {
    const missing: string[] = [];
    const next: string[] = [];
    for (const dir of frontier) {
      const file = findKustomizationFile(dir, snapshot.paths);
      if (file === undefined) continue;
      const source = snapshot.files.get(file);
      if (source === undefined) {
        missing.push(file);
        continue;
      }
      const entries = readEntries(source);
      if ("error" in entries) return { kind: "error", error: `${file}: ${entries.error}` };
      for (const entry of [...entries.resources, ...entries.components]) {
        const child = resolveRepoEntry(dir, entry);
        if (child === undefined || parent.has(child)) continue;
        if (findKustomizationFile(child, snapshot.paths) === undefined) continue;
        parent.set(child, dir);
        if (child === until) return { kind: "walked", parent };
        if (parent.size > MAX_REACHABILITY_DIRS) {
          return { kind: "error", error: `more than ${MAX_REACHABILITY_DIRS} kustomizations are reachable from '${from}'; expected a smaller tree` };
        }
        next.push(child);
      }
    }
    if (missing.length > 0) return { kind: "needs-files", paths: missing };
    frontier = next;
  }
  return { kind: "walked", parent };
}

/**
 * Whether kustomize, building `from`, reaches `target`: `target` is `from` itself or a directory {@link walkOverlay}
 * reaches from it, with the path of directories that leads there.
 */
export function findReachable(snapshot: GitopsSnapshot, from: string, target: string): ReachabilityResult {
  const walked = walkOverlay(snapshot, from, target);
  if (walked.kind !== "walked") return walked;
  if (!walked.parent.has(target)) return { kind: "unreachable" };
  const via: string[] = [];
  for (let at: string | null | undefined = target; at; at = walked.parent.get(at)) via.unshift(at);
  return { kind: "reachable", via };
}
