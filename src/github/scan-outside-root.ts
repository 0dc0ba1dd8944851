import { isManifestCandidateName } from "../validation/namespace-index.js";
import type { TreeView, ViewEntry } from "../validation/tree-view.js";
import { readTrees } from "./base-tree.js";
import type { Octokit } from "./octokit.js";
import type { RepoRef } from "./repo-ref.js";

/**
 * The files outside the layout's namespace root that may define a Namespace (`*namespace*.y(a)ml`), found by walking
 * the tree around the root without ever listing the root itself, which grows with the namespaces: the entries of the
 * directories above it (the spine, looked up with the request's paths) name every other subtree by oid, and those
 * subtrees are read by oid. Git trees are content-addressed, so a tree read once is never read again in this process:
 * with an unchanged base nothing is read, and a new base reads only the subtrees it changed (the spine itself is in
 * the request's own look-up). Cost: the size of the repository outside the root, independent of the namespaces.
 */

/** Tree entries by tree oid, process-wide; trimmed to {@link TREE_CACHE_SIZE} after each scan (oldest first). */
const trees = new Map<string, readonly ViewEntry[]>();
/** Candidate files below a tree, relative to it, with their blob oids, by tree oid (derived from `trees`). */
const candidatesBelow = new Map<string, ReadonlyArray<readonly [string, string]>>();
/** Trees kept between scans: far more than a GitOps repository has outside its namespace root. */
export const TREE_CACHE_SIZE = 50_000;
/** Most tree reads (round trips) one scan makes before it gives up: a tree deeper than this is not a GitOps repository. */
const MAX_SCAN_ROUNDS = 20;

/** Forgets every tree read (for tests and benchmarks that measure a process's first run). */
export function forgetScannedTrees(): void {
  trees.clear();
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
  await loadTrees(octokit, repo, starts.map((s) => s.oid));
  for (const start of starts) {
    for (const [relative, oid] of candidatesOf(start.oid)) found.set(`${start.path}/${relative}`, oid);
  }
  trim();
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
    const cached = trees.get(oid);
    if (cached) out.set(dir, cached);
    else unread.set(dir, oid);
  }
  if (unread.size > 0) {
    const read = await readTrees(octokit, repo, [...new Set(unread.values())], 1);
    for (const [dir, oid] of unread) {
      const entries = read.get(oid);
      if (!entries) throw new Error(`scan-outside-root: GitHub did not return tree ${oid} of ${repo.owner}/${repo.repo}`);
      trees.set(oid, entries);
      out.set(dir, entries);
    }
  }
  return out;
}

/** Reads every tree below `oids` that is not cached yet, level by level (several levels per read). */
async function loadTrees(octokit: Octokit, repo: RepoRef, oids: readonly string[]): Promise<void> {
  for (let round = 0; ; round++) {
    const missing = new Set<string>();
    const seen = new Set<string>();
    const stack = [...oids];
    while (stack.length > 0) {
      const oid = stack.pop() as string;
      if (seen.has(oid) || candidatesBelow.has(oid)) continue;
      seen.add(oid);
      const entries = trees.get(oid);
      if (!entries) missing.add(oid);
      else for (const e of entries) if (e.type === "tree" && e.oid !== undefined) stack.push(e.oid);
    }
    if (missing.size === 0) return;
    if (round >= MAX_SCAN_ROUNDS) throw new Error(`scan-outside-root: the tree of ${repo.owner}/${repo.repo} is deeper than the scan follows`);
    const read = await readTrees(octokit, repo, [...missing]);
    for (const oid of missing) if (!read.has(oid)) throw new Error(`scan-outside-root: GitHub did not return tree ${oid} of ${repo.owner}/${repo.repo}`);
    for (const [oid, entries] of read) trees.set(oid, entries);
  }
}

function candidatesOf(oid: string): ReadonlyArray<readonly [string, string]> {
  const cached = candidatesBelow.get(oid);
  if (cached) return cached;
  const out: Array<readonly [string, string]> = [];
  for (const entry of trees.get(oid) ?? []) {
    if (entry.oid === undefined) continue;
    if (entry.type === "tree") for (const [relative, blob] of candidatesOf(entry.oid)) out.push([`${entry.name}/${relative}`, blob]);
    else if (entry.type === "blob" && isManifestCandidateName(entry.name)) out.push([entry.name, entry.oid]);
  }
  candidatesBelow.set(oid, out);
  return out;
}

function trim(): void {
  for (const cache of [trees, candidatesBelow] as Array<Map<string, unknown>>) {
    while (cache.size > TREE_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
}
