import type { GitopsSnapshot } from "../types.js";
import { isTreeView } from "../validation/tree-view.js";

const dirCache = new WeakMap<ReadonlySet<string>, Map<string, boolean>>();

/**
 * Whether any blob of the snapshot lies under `dir`: asked of the partial view of an observed tree (which throws
 * when `dir` was never looked up), or one pass over every path per directory, cached per snapshot.
 */
export function dirHasFiles(paths: GitopsSnapshot["paths"], dir: string): boolean {
  if (isTreeView(paths)) return paths.dirHasFiles(dir);
  let cache = dirCache.get(paths);
  if (!cache) {
    cache = new Map();
    dirCache.set(paths, cache);
  }
  const known = cache.get(dir);
  if (known !== undefined) return known;
  const prefix = `${dir}/`;
  let found = false;
  for (const p of paths) {
    if (p.startsWith(prefix)) {
      found = true;
      break;
    }
  }
  cache.set(dir, found);
  return found;
}

/**
 * Whether the snapshot says anything about the GitOps repository: false for the empty snapshot of an offline check
 * (no checkout given), true for every path set of a tree and for an observed tree's partial view.
 */
export function snapshotKnown(snapshot: GitopsSnapshot): boolean {
  return isTreeView(snapshot.paths) || snapshot.paths.size > 0;
}
