import type { GitopsSnapshot } from "../types.js";

const dirCache = new WeakMap<ReadonlySet<string>, Map<string, boolean>>();

/** Whether any blob of the snapshot lies under `dir` (one pass over the tree per directory, cached per snapshot). */
export function dirHasFiles(paths: GitopsSnapshot["paths"], dir: string): boolean {
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
