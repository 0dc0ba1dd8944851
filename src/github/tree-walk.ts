import type { ViewEntry } from "../validation/tree-view.js";
import { mapLimit } from "../util/map-limit.js";
import { TREES_PER_QUERY, readTrees } from "./base-tree.js";
import { FAN_OUT_LIMIT } from "./fan-out-limit.js";
import type { Octokit } from "./octokit.js";
import type { RepoRef } from "./repo-ref.js";

/**
 * Walks the GitOps repository's trees by oid, each directory read at most once per process. Git trees are
 * content-addressed: the entries of a tree oid never change, so a tree read once is kept (up to
 * {@link TREE_CACHE_SIZE}) and a walk of an unchanged base reads nothing, while a new base reads only the trees its
 * commit changed (the spine from the root to each changed file). A recursive listing is kept only when GitHub says
 * it is whole (`truncated: false`), never in part: a tree is known when GitHub returned all of its own entries, and a
 * tree GitHub did not return fails the walk instead of being taken as empty. Shared by the scan outside the namespace root
 * (`scan-outside-root.ts`, which reads subtrees whole over REST, {@link loadSubtreesWhole}: Probot's throttle spaces
 * GraphQL documents a second apart, not REST reads) and the whole-tree path listing change requests need
 * (`readTreePaths` in `reader.ts`, GraphQL by levels, bounded).
 */

/** Tree entries by tree oid, process-wide, least recently walked first; trimmed to {@link TREE_CACHE_SIZE} trees. */
const trees = new Map<string, readonly ViewEntry[]>();
/** Trees kept between walks at least (a larger walk keeps all of its own, see {@link trimTrees}). */
export const TREE_CACHE_SIZE = 50_000;
/** Most sequential read rounds of one walk: a tree deeper than this is not a GitOps repository. */
export const MAX_WALK_ROUNDS = 20;

/** How much one walk may read and see before it gives up (fails closed). */
export interface WalkBounds {
  /** Most entries (files and directories) in the whole walked tree, read or cached. */
  maxEntries: number;
  /** Most GraphQL documents (calls) this walk may send. */
  maxCalls: number;
}

/**
 * The bounds for configuration `limits.maxTreeEntries`: that many entries, and the calls reading a tree of that many
 * directories takes (one document per {@link TREES_PER_QUERY} directories, plus one per round).
 */
export function walkBounds(limits: { maxTreeEntries: number }): WalkBounds {
  return { maxEntries: limits.maxTreeEntries, maxCalls: Math.ceil(limits.maxTreeEntries / TREES_PER_QUERY) + MAX_WALK_ROUNDS };
}

/** The bounds for `limits.maxTreeEntries`'s default. */
export const DEFAULT_WALK_BOUNDS: WalkBounds = walkBounds({ maxTreeEntries: 100_000 });

/** What one load did, or why it stopped. */
export type LoadOutcome =
  | { ok: true; calls: number; entries: number; trees: number }
  | { ok: false; calls: number; reason: string };

/** Forgets every tree read (for tests and benchmarks that measure a process's first run). */
export function forgetTrees(): void {
  trees.clear();
}

/** The cached entries of the tree `oid`, if it was read in this process. */
export function cachedTree(oid: string): readonly ViewEntry[] | undefined {
  return trees.get(oid);
}

/**
 * The entries of the trees `oids`, one level, from the cache or read in one round trip (and kept): one REST read per
 * tree (`GET git/trees/{oid}`), in parallel (bounded), since Probot's throttle spaces GraphQL documents a second
 * apart but not REST reads; a tree GitHub lists only in part is read over GraphQL instead.
 * @throws Error when GitHub does not return one of them.
 */
export async function readTreesOnce(octokit: Octokit, repo: RepoRef, oids: readonly string[]): Promise<Map<string, readonly ViewEntry[]>> {
  const out = new Map<string, readonly ViewEntry[]>();
  const missing = [...new Set(oids)].filter((oid) => {
    const entries = trees.get(oid);
    if (entries) out.set(oid, entries);
    return !entries;
  });
  const listed = await mapLimit(missing, FAN_OUT_LIMIT, (oid) => listTree(octokit, repo, oid, false));
  const partial = missing.filter((_, i) => listed[i] === undefined);
  const read = partial.length === 0 ? new Map<string, ViewEntry[]>() : await readTrees(octokit, repo, partial, 1);
  for (const oid of partial) remember(repo, oid, read);
  for (const oid of missing) out.set(oid, trees.get(oid) as readonly ViewEntry[]);
  return out;
}

/**
 * Reads the whole subtree below each of `oids` whose own tree is not cached (and not `skip`ped) with one recursive
 * REST read (`GET git/trees/{oid}?recursive=1`), all in parallel (bounded), and keeps every tree of it: a cold walk
 * then costs one round trip that Probot's throttle does not hold back, where GraphQL costs a document (a second
 * under the throttle) per {@link TREE_LEVELS_PER_QUERY} levels. A subtree GitHub truncates (past 100,000 entries or
 * 7 MB) keeps nothing from that answer: {@link loadTreesBelow} reads it afterwards. Returns the REST reads made.
 */
export async function loadSubtreesWhole(octokit: Octokit, repo: RepoRef, oids: readonly string[], skip?: (oid: string) => boolean): Promise<number> {
  const unread = [...new Set(oids)].filter((oid) => !trees.has(oid) && !skip?.(oid));
  await mapLimit(unread, FAN_OUT_LIMIT, (oid) => listTree(octokit, repo, oid, true));
  return unread.length;
}

/**
 * Lists the tree `oid` (recursively: with every tree below it) over REST and keeps each tree's entries; undefined
 * (nothing kept) when GitHub truncated the listing.
 */
async function listTree(octokit: Octokit, repo: RepoRef, oid: string, recursive: boolean): Promise<readonly ViewEntry[] | undefined> {
  const { data } = await octokit.rest.git.getTree({ owner: repo.owner, repo: repo.repo, tree_sha: oid, ...(recursive ? { recursive: "1" } : {}) });
  if (data.truncated) return undefined;
  const byDir = new Map<string, ViewEntry[]>([["", []]]);
  const oidOf = new Map<string, string>([["", oid]]);
  const at = (dir: string): ViewEntry[] => byDir.get(dir) ?? (byDir.set(dir, []).get(dir) as ViewEntry[]);
  for (const e of data.tree) {
    if (e.path === undefined || e.sha === undefined || (e.type !== "blob" && e.type !== "tree" && e.type !== "commit")) {
      throw new Error(`tree-walk: GitHub listed an unexpected entry in tree ${oid} of ${repo.owner}/${repo.repo}`);
    }
    const slash = e.path.lastIndexOf("/");
    at(slash < 0 ? "" : e.path.slice(0, slash)).push({ name: e.path.slice(slash + 1), type: e.type, oid: e.sha });
    if (e.type === "tree" && recursive) {
      at(e.path);
      oidOf.set(e.path, e.sha);
    }
  }
  for (const dir of byDir.keys()) {
    if (!oidOf.has(dir)) throw new Error(`tree-walk: GitHub listed files in '${dir}' but not the directory, in tree ${oid} of ${repo.owner}/${repo.repo}`);
  }
  for (const [dir, entries] of byDir) trees.set(oidOf.get(dir) as string, entries);
  return byDir.get("");
}

/**
 * Reads every tree below `oids` that is not cached yet, round by round (`levels` levels per read; a directory whose
 * nested entries did not come back is read in a later round, never taken as empty). `skip` names trees whose whole
 * subtree the caller already knows. Without `bounds`, a walk deeper than {@link MAX_WALK_ROUNDS} throws; with them, a
 * tree with more entries (counted over the whole tree, cached or not, so the answer does not depend on the cache)
 * or needing more calls stops before reading more, with the reason.
 * @throws Error when GitHub does not return a tree it was asked for (it exists: its parent named it).
 */
export async function loadTreesBelow(
  octokit: Octokit,
  repo: RepoRef,
  oids: readonly string[],
  options: { levels: number; skip?: (oid: string) => boolean; bounds?: WalkBounds },
): Promise<LoadOutcome> {
  const { levels, skip, bounds } = options;
  let calls = 0;
  for (let round = 0; ; round++) {
    const missing = new Set<string>();
    const seen = new Set<string>();
    let entries = 0;
    const stack = [...oids];
    while (stack.length > 0) {
      const oid = stack.pop() as string;
      if (seen.has(oid) || skip?.(oid)) continue;
      seen.add(oid);
      const known = trees.get(oid);
      if (!known) {
        missing.add(oid);
        continue;
      }
      // Most recently used last, so that trimming drops the trees no recent walk needed.
      trees.delete(oid);
      trees.set(oid, known);
      entries += known.length;
      for (const e of known) if (e.type === "tree" && e.oid !== undefined) stack.push(e.oid);
    }
    if (bounds && entries > bounds.maxEntries) {
      return { ok: false, calls, reason: `the tree has more than ${bounds.maxEntries} entries (\`limits.maxTreeEntries\`)` };
    }
    if (missing.size === 0) return { ok: true, calls, entries, trees: seen.size };
    const needed = Math.ceil(missing.size / TREES_PER_QUERY);
    if (bounds && calls + needed > bounds.maxCalls) {
      return { ok: false, calls, reason: `reading the tree takes more than ${bounds.maxCalls} calls` };
    }
    if (round >= MAX_WALK_ROUNDS) {
      if (bounds) return { ok: false, calls, reason: `the tree is deeper than ${MAX_WALK_ROUNDS * levels} levels` };
      throw new Error(`tree-walk: the tree of ${repo.owner}/${repo.repo} is deeper than the walk follows`);
    }
    const read = await readTrees(octokit, repo, [...missing], levels);
    calls += needed;
    for (const oid of missing) remember(repo, oid, read);
    // Nested trees that came back whole are known too; those that did not are read next round.
    for (const [oid, list] of read) if (!trees.has(oid)) trees.set(oid, list);
  }
}

/**
 * Every blob path below the tree `oid` (all of whose trees are cached, see {@link loadTreesBelow}), with `prefix`.
 * @throws Error when a tree below it is not cached (the caller did not load it).
 */
export function blobPathsBelow(oid: string, prefix = ""): Set<string> {
  const out = new Set<string>();
  const stack: Array<[string, string]> = [[oid, prefix]];
  while (stack.length > 0) {
    const [tree, dir] = stack.pop() as [string, string];
    const entries = trees.get(tree);
    if (!entries) throw new Error(`tree-walk: tree ${tree} at '${dir}' was not loaded`);
    for (const e of entries) {
      const path = dir === "" ? e.name : `${dir}/${e.name}`;
      if (e.type === "blob") out.add(path);
      else if (e.type === "tree" && e.oid !== undefined) stack.push([e.oid, path]);
    }
  }
  return out;
}

/**
 * Drops the least recently walked trees past {@link TREE_CACHE_SIZE}, or past `keep` when larger (a walk passes its
 * own tree count, so that it never evicts its own trees and the next walk of the same base reads nothing); `also` are
 * caches derived from trees, trimmed alike (oldest first).
 */
export function trimTrees(keep = TREE_CACHE_SIZE, ...also: Array<Map<string, unknown>>): void {
  const limit = Math.max(keep, TREE_CACHE_SIZE);
  for (const cache of [trees as Map<string, unknown>, ...also]) {
    while (cache.size > limit) cache.delete(cache.keys().next().value as string);
  }
}

function remember(repo: RepoRef, oid: string, read: ReadonlyMap<string, readonly ViewEntry[]>): readonly ViewEntry[] {
  const entries = read.get(oid);
  if (!entries) throw new Error(`tree-walk: GitHub did not return tree ${oid} of ${repo.owner}/${repo.repo}`);
  trees.set(oid, entries);
  return entries;
}
