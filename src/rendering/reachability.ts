import type { GitopsSnapshot } from "../types.js";
import { readEntries } from "./edit-kustomization.js";
import { findKustomizationFile } from "./kustomization-objects.js";
import { resolveRepoEntry } from "./safe-path.js";
import { UnobservedPathsError } from "../validation/tree-view.js";

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
    const unobserved: string[] = [];
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
      const children = [...entries.resources, ...entries.components].map((entry) => resolveRepoEntry(dir, entry));
      // `until` listed right here needs no look-up of the other entries (an overlay may list thousands of namespaces).
      if (until !== undefined && children.includes(until) && findKustomizationFile(until, snapshot.paths) !== undefined) {
        parent.set(until, dir);
        return { kind: "walked", parent };
      }
      for (const child of children) {
        if (child === undefined || parent.has(child)) continue;
        if (!hasKustomization(snapshot, child, unobserved)) continue;
        parent.set(child, dir);
        if (child === until) return { kind: "walked", parent };
        if (parent.size > MAX_REACHABILITY_DIRS) {
          return { kind: "error", error: `more than ${MAX_REACHABILITY_DIRS} kustomizations are reachable from '${from}'; expected a smaller tree` };
        }
        next.push(child);
      }
    }
    // Directories a partial view of the tree never saw are looked up all at once, a level at a time.
    if (unobserved.length > 0) throw new UnobservedPathsError(unobserved);
    if (missing.length > 0) return { kind: "needs-files", paths: missing };
    frontier = next;
  }
  return { kind: "walked", parent };
}

/** Whether `dir` holds a kustomization file; a directory the snapshot's partial view never saw goes into `unobserved`. */
function hasKustomization(snapshot: GitopsSnapshot, dir: string, unobserved: string[]): boolean {
  try {
    return findKustomizationFile(dir, snapshot.paths) !== undefined;
  } catch (error) {
    if (!(error instanceof UnobservedPathsError)) throw error;
    unobserved.push(...error.paths);
    return false;
  }
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
