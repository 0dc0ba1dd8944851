import { namespacesDefinedIn } from "../validation/namespace-index.js";

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

/** Reads blob texts by sha (one round trip); undefined for a blob that cannot be read whole. */
export type BlobTextReader = (shas: readonly string[]) => Promise<ReadonlyMap<string, string | undefined>>;

/**
 * The Namespace names each candidate file (path → blob sha: the files that may define a Namespace outside the
 * layout, see `src/validation/namespace-index.ts`) defines, reading only the blobs not parsed before. Reads nothing
 * when there are more candidates than `limit` (`limits.maxNamespaceManifests`): validation then refuses every request
 * with a message for maintainers. A candidate that could not be read is left out, and validation fails closed on it.
 */
export async function namespaceManifestNames(
  candidates: ReadonlyMap<string, string>,
  limit: number,
  read: BlobTextReader,
): Promise<Map<string, readonly string[]>> {
  const manifests = new Map<string, readonly string[]>();
  if (candidates.size > limit) return manifests;
  const missing = [...new Set([...candidates.values()].filter((sha) => !parsed.has(sha)))];
  if (missing.length > 0) {
    for (const [sha, text] of await read(missing)) if (text !== undefined) remember(sha, namespacesDefinedIn(text));
  }
  for (const [path, sha] of candidates) {
    const names = parsed.get(sha);
    if (names === undefined) continue; // unread: validation fails closed on it
    remember(sha, names);
    manifests.set(path, names);
  }
  return manifests;
}

/** Forgets every file parsed (for tests and benchmarks that measure a process's first run). */
export function forgetParsedManifests(): void {
  parsed.clear();
}
