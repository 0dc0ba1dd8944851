import { isManifestCandidateName } from "../validation/namespace-index.js";
import type { TreeView, ViewEntry } from "../validation/tree-view.js";
import { TREE_LEVELS_PER_QUERY } from "./base-tree.js";
import type { Octokit } from "./octokit.js";
import type { RepoRef } from "./repo-ref.js";
import { changedFilesSince, type ChangedFile } from "./compare-commits.js";
import { cachedTree, forgetTrees, loadSubtreesWhole, loadTreesBelow, readTreesOnce, trimTrees } from "./tree-walk.js";

/**
 * The files outside the layout's namespace root that may define a Namespace (`*namespace*.y(a)ml`), found without
 * ever listing the root itself, which grows with the namespaces. A process's first scan walks the tree around the
 * root: the entries of the directories above it (the spine, looked up with the request's paths) name every other
 * subtree by oid, and those subtrees are read whole by oid (REST, one round trip) into the process-wide tree cache
 * of `tree-walk.ts`. Later scans of the same repository start from the last one: the same base reads nothing, and a
 * base that descends from it reads the files changed since (one REST comparison), whatever the repository's size.
 * No GraphQL document is sent on these paths (Probot's throttle spaces GraphQL documents a second apart). Cost: the
 * size of the repository outside the root on a process's first scan, the size of the change after that.
 */

/** Candidate files below a tree, relative to it, with their blob oids, by tree oid (derived from the tree cache). */
const candidatesBelow = new Map<string, ReadonlyArray<readonly [string, string]>>();

/** The last base scanned in a repository: its commit, the namespace root, and what the scan found there. */
interface ScannedBase {
  commit: string;
  root: string;
  candidates: ReadonlyMap<string, string>;
}
/** The last base scanned, by repository (`owner/repo`, lower case), least recently scanned first. */
const scannedBases = new Map<string, ScannedBase>();
/** Repositories whose last scanned base is kept (a deployment serves one GitOps repository per installation). */
export const SCANNED_BASES_KEPT = 64;

/** Forgets every tree read and every base scanned (for tests and benchmarks that measure a process's first run). */
export function forgetScannedTrees(): void {
  forgetTrees();
  candidatesBelow.clear();
  scannedBases.clear();
}

/**
 * How {@link scanOutsideRoot} found the candidates: the base scanned last, a walk of trees all cached already, the
 * base scanned last and a comparison, or a walk that read trees.
 */
export type ScanMethod = "unchanged" | "cached" | "compared" | "walked";

/**
 * The candidate files outside `root` (`layout.namespaceDir`'s static prefix) with their blob oids, sorted by path, at
 * `view`'s commit. The same base as the last scan of this repository costs nothing, and so does a new base that
 * changed no tree around the root (e.g. only namespaces below it: the walk finds every tree cached). A new base that
 * changed trees around the root and descends from the last one scanned costs one REST comparison (`compare-commits.ts`; not spaced by Probot's throttle): the last candidates with the
 * changed files outside the root applied. Anything else (no scan yet, another root, a base that does not descend
 * from the last, a comparison that may be cut or fails) walks the tree around the root as
 * {@link walkOutsideRoot} does. `onMethod` hears which of the three it was (for tests and benchmarks).
 * @throws Error when the walk fails (see {@link walkOutsideRoot}).
 */
export async function scanOutsideRoot(octokit: Octokit, repo: RepoRef, view: TreeView, root: string, onMethod?: (method: ScanMethod) => void): Promise<Map<string, string>> {
  const key = `${repo.owner}/${repo.repo}`.toLowerCase();
  const last = scannedBases.get(key);
  let found: Map<string, string> | undefined;
  let method: ScanMethod = "walked";
  if (last?.root === root && last.commit === view.commitOid) {
    found = new Map(last.candidates);
    method = "unchanged";
  } else if ((found = await walkOutsideRoot(octokit, repo, view, root, true))) {
    method = "cached";
  } else if (last?.root === root) {
    const comparison = await changedFilesSince(octokit, repo, last.commit, view.commitOid);
    found = comparison.ok ? applyChangedFiles(last.candidates, comparison.files, root) : undefined;
    if (found) method = "compared";
  }
  found ??= (await walkOutsideRoot(octokit, repo, view, root)) as Map<string, string>;
  onMethod?.(method);
  scannedBases.delete(key);
  scannedBases.set(key, { commit: view.commitOid, root, candidates: found });
  while (scannedBases.size > SCANNED_BASES_KEPT) scannedBases.delete(scannedBases.keys().next().value as string);
  return new Map(found);
}

/**
 * Whether a file at `path` is outside the namespace `root` as {@link walkOutsideRoot} sees it: not the root, not
 * below it, not a directory above it; at the root of a `{namespace}` layout (`root` ""), only top-level files.
 */
export function isOutsideRoot(path: string, root: string): boolean {
  if (root === "") return !path.includes("/");
  return path !== root && !path.startsWith(`${root}/`) && !root.startsWith(`${path}/`);
}

/**
 * The candidates at a new commit from those at an earlier one and the files changed between them (`compare-commits.ts`):
 * a removed file leaves, a renamed one leaves its old path, and a file at a candidate path outside `root` takes its
 * new blob. Undefined (walk instead) when a change is not understood: an unknown status, a change of type, or no
 * blob for a file that is there. Sorted by path. One difference from the walk remains: the compare API does not tell
 * a submodule from a file, so a submodule added under a candidate name (`*namespace*.yaml`) is taken as a candidate
 * that cannot be read, and validation fails closed on it, where the walk would leave it out.
 */
export function applyChangedFiles(candidates: ReadonlyMap<string, string>, files: readonly ChangedFile[], root: string): Map<string, string> | undefined {
  const out = new Map(candidates);
  const counts = (path: string): boolean => isOutsideRoot(path, root) && isManifestCandidateName(path.slice(path.lastIndexOf("/") + 1));
  // Every path that is gone first, then every file that is there: a path renamed away may be added again.
  for (const file of files) {
    if (file.status === "removed") out.delete(file.path);
    else if (!PRESENT_STATUSES.has(file.status)) return undefined;
    else if (file.status === "renamed" && file.previousPath !== undefined) out.delete(file.previousPath);
  }
  for (const file of files) {
    if (file.status === "removed" || !counts(file.path)) continue;
    if (typeof file.sha !== "string" || !/^[0-9a-f]{40}$/.test(file.sha)) return undefined;
    out.set(file.path, file.sha);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The statuses of a file that is there at the new commit as a file, with its blob (`copied`: its source stays too).
 * `changed` (a change of type, e.g. a file that became a submodule, which the walk would leave out) is not one.
 */
const PRESENT_STATUSES: ReadonlySet<string> = new Set(["added", "modified", "renamed", "copied", "unchanged"]);

/**
 * The candidate files outside `root`, found by walking the tree around it. The directories above `root` (see
 * `spineOf`) are taken from `view` when it has their entries with oids, else read by their own oid, one level only;
 * the subtrees they name outside the root are read whole over REST when not cached (one round trip), and by GraphQL
 * for what GitHub lists only in part (all cached like every tree). With `cachedOnly`, reads nothing: undefined when
 * a tree it needs is not cached.
 * @throws Error when a directory of the spine is not known at all, or GitHub does not answer for a tree.
 */
export async function walkOutsideRoot(octokit: Octokit, repo: RepoRef, view: TreeView, root: string, cachedOnly: true): Promise<Map<string, string> | undefined>;
export async function walkOutsideRoot(octokit: Octokit, repo: RepoRef, view: TreeView, root: string, cachedOnly?: false): Promise<Map<string, string>>;
export async function walkOutsideRoot(octokit: Octokit, repo: RepoRef, view: TreeView, root: string, cachedOnly = false): Promise<Map<string, string> | undefined> {
  const spine = new Set<string>([""]);
  if (root !== "") root.split("/").forEach((_, i, segments) => spine.add(segments.slice(0, i + 1).join("/")));
  if (root !== "") spine.delete(root);
  const found = new Map<string, string>();
  const starts: Array<{ path: string; oid: string }> = [];
  const listed = await spineEntries(octokit, repo, view, [...spine], cachedOnly);
  if (!listed) return undefined;
  for (const [dir, entries] of listed) {
    for (const entry of entries) {
      const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (spine.has(path) || path === root || entry.oid === undefined) continue;
      // At the root of a `{namespace}` layout every directory is a namespace: only files there are outside it.
      if (entry.type === "tree" && root !== "") starts.push({ path, oid: entry.oid });
      else if (entry.type === "blob" && isManifestCandidateName(entry.name)) found.set(path, entry.oid);
    }
  }
  const skip = (oid: string): boolean => candidatesBelow.has(oid);
  const oids = starts.map((s) => s.oid);
  if (cachedOnly && !oids.every(allCached)) return undefined;
  await loadSubtreesWhole(octokit, repo, oids, skip);
  await loadTreesBelow(octokit, repo, oids, { levels: TREE_LEVELS_PER_QUERY, skip });
  for (const start of starts) {
    for (const [relative, oid] of candidatesOf(start.oid)) found.set(`${start.path}/${relative}`, oid);
  }
  trimTrees(undefined, candidatesBelow);
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The entries (with oids) of each directory of the spine that exists: from the view, else read by oid, one level. */
async function spineEntries(octokit: Octokit, repo: RepoRef, view: TreeView, dirs: readonly string[], cachedOnly: boolean): Promise<Map<string, readonly ViewEntry[]> | undefined> {
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
  if (cachedOnly && ![...unread.values()].every((oid) => cachedTree(oid))) return undefined;
  const read = await readTreesOnce(octokit, repo, [...unread.values()]);
  for (const [dir, oid] of unread) out.set(dir, read.get(oid) as readonly ViewEntry[]);
  return out;
}

/** Whether the tree `oid` and every tree below it are cached (or its candidates are). */
function allCached(oid: string): boolean {
  if (candidatesBelow.has(oid)) return true;
  const entries = cachedTree(oid);
  return entries !== undefined && entries.every((e) => e.type !== "tree" || (e.oid !== undefined && allCached(e.oid)));
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
