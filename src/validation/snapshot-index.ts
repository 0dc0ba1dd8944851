import type { GitopsSnapshot } from "../types.js";

/** Every directory that holds at least one file of a snapshot, built in one pass over its paths. */
export interface SnapshotIndex {
  directories: ReadonlySet<string>;
  paths: ReadonlySet<string>;
}

const cache = new WeakMap<GitopsSnapshot["paths"], SnapshotIndex>();

/**
 * The directory index of a snapshot, computed once per tree (its `paths` set): checks then ask "does this directory
 * exist" in constant time instead of scanning every path per name.
 */
export function snapshotIndex(snapshot: GitopsSnapshot): SnapshotIndex {
  const cached = cache.get(snapshot.paths);
  if (cached) return cached;
  const directories = new Set<string>();
  for (const path of snapshot.paths) {
    let slash = path.lastIndexOf("/");
    while (slash > 0) {
      const dir = path.slice(0, slash);
      if (directories.has(dir)) break; // its parents were added with it
      directories.add(dir);
      slash = dir.lastIndexOf("/");
    }
  }
  const index: SnapshotIndex = { directories, paths: snapshot.paths };
  cache.set(snapshot.paths, index);
  return index;
}
