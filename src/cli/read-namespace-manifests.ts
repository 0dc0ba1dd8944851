import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../config/schema.js";
import type { GitopsSnapshot } from "../types.js";
import { namespaceManifestCandidates, namespacesDefinedIn } from "../validation/namespace-index.js";

/** Largest candidate file read; a larger one stays unread, so validation fails closed on it. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * The snapshot of a local checkout (`root`) with `namespaceManifests`: the Namespace names of every file that may
 * define one outside the layout (see `namespace-index.ts`), read from disk. Reads nothing when there are more
 * candidates than `limits.maxNamespaceManifests` (validation then refuses with a message for maintainers) or when
 * the snapshot is empty (no `--gitops`).
 */
export async function withLocalNamespaceManifests(root: string, snapshot: GitopsSnapshot, config: Config): Promise<GitopsSnapshot> {
  if (snapshot.paths.size === 0) return snapshot;
  const candidates = namespaceManifestCandidates(snapshot.paths, config.layout.namespaceDir);
  const manifests = new Map<string, readonly string[]>();
  if (candidates.length <= config.limits.maxNamespaceManifests) {
    for (const path of candidates) {
      const abs = join(root, ...path.split("/"));
      if ((await stat(abs)).size > MAX_MANIFEST_BYTES) continue;
      manifests.set(path, namespacesDefinedIn(await readFile(abs, "utf8")));
    }
  }
  return { ...snapshot, namespaceManifests: manifests };
}
