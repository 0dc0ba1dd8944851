import type { Config } from "../config/schema.js";
import type { Octokit } from "../github/octokit.js";
import { readBlobs, type BaseState } from "../github/reader.js";
import type { RepoRef } from "../github/repo-ref.js";
import type { GitopsSnapshot } from "../types.js";
import { namespaceManifestCandidates, namespacesDefinedIn } from "../validation/namespace-index.js";

/**
 * Namespace names by blob sha, process-wide, least recently used first. A blob sha names its content, so an entry
 * never goes stale; with the candidates of a repository cached, a run reads no file for this step at all.
 */
const parsed = new Map<string, readonly string[]>();
/** Entries kept: the most candidates a configuration may allow (`limits.maxNamespaceManifests` ≤ 2000), with room for edits. */
const CACHE_SIZE = 4096;

function remember(sha: string, names: readonly string[]): void {
  parsed.delete(sha);
  parsed.set(sha, names);
  if (parsed.size > CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
}

/**
 * The snapshot with `namespaceManifests`: the Namespace names each file that may define one outside the layout
 * defines (see `src/validation/namespace-index.ts`), read by blob sha at the base commit (in parallel, bounded) for
 * the blobs not parsed before. Reads nothing when there are more candidates than `limits.maxNamespaceManifests`:
 * validation then refuses every request with a message for maintainers.
 */
export async function withNamespaceManifests(
  octokit: Octokit,
  repo: RepoRef,
  base: BaseState,
  snapshot: GitopsSnapshot,
  config: Config,
): Promise<GitopsSnapshot> {
  const candidates = namespaceManifestCandidates(snapshot.paths, config.layout.namespaceDir);
  const manifests = new Map<string, readonly string[]>();
  if (candidates.length > config.limits.maxNamespaceManifests) return { ...snapshot, namespaceManifests: manifests };
  const missing = candidates.filter((path) => {
    const sha = base.blobs.get(path);
    return sha !== undefined && !parsed.has(sha);
  });
  if (missing.length > 0) {
    const read = await readBlobs(octokit, repo, base.blobs, missing);
    for (const [path, text] of read) {
      const sha = base.blobs.get(path);
      if (text !== undefined && sha !== undefined) remember(sha, namespacesDefinedIn(text));
    }
  }
  for (const path of candidates) {
    const sha = base.blobs.get(path);
    const names = sha === undefined ? undefined : parsed.get(sha);
    if (names === undefined) continue; // unread: validation fails closed on it
    remember(sha as string, names);
    manifests.set(path, names);
  }
  return { ...snapshot, namespaceManifests: manifests };
}
