import { isManifestCandidateName } from "../validation/namespace-index.js";
import type { TreeView, ViewEntry } from "../validation/tree-view.js";
import { TREE_LEVELS_PER_QUERY } from "./base-tree.js";
import type { Octokit } from "./octokit.js";
import type { RepoRef } from "./repo-ref.js";
import { cachedTree, forgetTrees, loadTreesBelow, readTreesOnce, trimTrees } from "./tree-walk.js";

/**
 * The files outside the layout's namespace root that may define a Namespace (`*namespace*.y(a)ml`), found by walking
 * the tree around the root without ever listing the root itself, which grows with the namespaces: the entries of the
 * directories above it (the spine, looked up with the request's paths) name every other subtree by oid, and those
 * subtrees are read by oid through the process-wide tree cache of `tree-walk.ts` (git trees are content-addressed, so
 * a tree read once is never read again in this process): with an unchanged base nothing is read, and a new base reads
 * only the subtrees it changed (the spine itself is in the request's own look-up). Cost: the size of the repository
 * outside the root, independent of the namespaces.
 */

/** Candidate files below a tree, relative to it, with their blob oids, by tree oid (derived from the tree cache). */
const candidatesBelow = new Map<string, ReadonlyArray<readonly [string, string]>>();

/** Forgets every tree read (for tests and benchmarks that measure a process's first run). */
export function forgetScannedTrees(): void {
  forgetTrees();
  candidatesBelow.clear();
}

/**
 * The candidate files outside `root` (`layout.namespaceDir`'s static prefix) with their blob oids, sorted by path.
 * The directories above `root` (see `spineOf`) are taken from `view` when it has their entries with oids, else read
 * by their own oid, one level only (cached like every tree).
 * @throws Error when a directory of the spine is not known at all, or GitHub does not answer for a tree.
 */
export async function scanOutsideRoot(octokit: Octokit, repo: RepoRef, view: TreeView, root: string): Promise<Map<string, string>> {
  const spine = new Set<string>([""]);
  if (root !== "") root.split("/").forEach((_, i, segments) => spine.add(segments.slice(0, i + 1).join("/")));
  if (root !== "") spine.delete(root);
  const found = new Map<string, string>();
  const starts: Array<{ path: string; oid: string }> = [];
  const listed = await spineEntries(octokit, repo, view, [...spine]);
  for (const [dir, entries] of listed) {
    for (const entry of entries) {
      const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (spine.has(path) || path === root || entry.oid === undefined) continue;
      // At the root of a `{namespace}` layout every directory is a namespace: only files there are outside it.
      if (entry.type === "tree" && root !== "") starts.push({ path, oid: entry.oid });
      else if (entry.type === "blob" && isManifestCandidateName(entry.name)) found.set(path, entry.oid);
    }
  }
  await loadTreesBelow(octokit, repo, starts.map((s) => s.oid), { levels: TREE_LEVELS_PER_QUERY, skip: (oid) => candidatesBelow.has(oid) });
  for (const start of starts) {
    for (const [relative, oid] of candidatesOf(start.oid)) found.set(`${start.path}/${relative}`, oid);
  }
  trimTrees(undefined, candidatesBelow);
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The entries (with oids) of each directory of the spine that exists: from the view, else read by oid, one level. */
async function spineEntries(octokit: Octokit, repo: RepoRef, view: TreeView, dirs: readonly string[]): Promise<Map<string, readonly ViewEntry[]>> {
  const out = new Map<string, readonly ViewEntry[]>();
  const unread = new Map<string, string>();
  for (const dir of dirs) {
    const kind = dir === "" ? "tree" : view.kindOf(dir);
    if (kind === "absent" || kind === "blob" || kind === "commit") continue;
    const entries = view.entriesOf(dir);
    if (entries && entries.every((e) => e.oid !== undefined)) {
      out.set(dir, entries);
      continue;
    }
    const oid = dir === "" ? view.treeOid : view.oidOf(dir);
    if (oid === undefined) throw new Error(`scan-outside-root: the directory '${dir}' above the namespace root was not looked up`);
    unread.set(dir, oid);
  }
  const read = await readTreesOnce(octokit, repo, [...unread.values()]);
  for (const [dir, oid] of unread) out.set(dir, read.get(oid) as readonly ViewEntry[]);
  return out;
}

function candidatesOf(oid: string): ReadonlyArray<readonly [string, string]> {
  const cached = candidatesBelow.get(oid);
  if (cached) return cached;
  const out: Array<readonly [string, string]> = [];
  for (const entry of cachedTree(oid) ?? []) {
    if (entry.oid === undefined) continue;
    if (entry.type === "tree") for (const [relative, blob] of candidatesOf(entry.oid)) out.push([`${entry.name}/${relative}`, blob]);
    else if (entry.type === "blob" && isManifestCandidateName(entry.name)) out.push([entry.name, entry.oid]);
  }
  candidatesBelow.set(oid, out);
  return out;
}
