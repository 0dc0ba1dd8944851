import { parseAllDocuments } from "yaml";
import type { ClusterConfig } from "../../config/schema.js";
import type { GitopsSnapshot } from "../../types.js";
import { KUSTOMIZATION_FILES } from "../kustomization-objects.js";
import type { Step } from "./change-types.js";

/** Most candidate files read to find ArgoCD Applications; with more, the sync policy is reported as unknown. */
export const MAX_APPLICATION_FILES = 300;

const NAMES = new Set<string>(KUSTOMIZATION_FILES);

/** YAML files whose path suggests ArgoCD Applications (a segment naming `argocd` or `application`). */
function candidates(snapshot: GitopsSnapshot): string[] {
  return [...snapshot.paths]
    .filter((p) => /\.ya?ml$/.test(p) && !NAMES.has(p.slice(p.lastIndexOf("/") + 1)))
    .filter((p) => p.split("/").some((s) => /argocd|application/i.test(s)))
    .sort();
}

interface Application {
  name: string;
  file: string;
  prune: boolean;
}

/** The `spec.source.path` and `spec.sources[].path` of an Application, without a trailing `/` or leading `./`. */
function sourcePaths(spec: Record<string, unknown>): string[] {
  const sources = [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])];
  return sources.flatMap((s) => {
    const p = (s as { path?: unknown } | null | undefined)?.path;
    if (typeof p !== "string") return [];
    let trimmed = p.startsWith("./") ? p.slice(2) : p;
    while (trimmed.endsWith("/")) trimmed = trimmed.slice(0, -1);
    return [trimmed];
  });
}

/**
 * What the ArgoCD Application of each cluster's overlay does with `what` that cluster loses, as far as the repository
 * shows it: an `argoproj.io` Application whose source path is the overlay, with `syncPolicy.automated.prune: true`
 * (ArgoCD deletes them) or without it (they stay until someone syncs with pruning). One human line per cluster; a
 * cluster whose Application the repository does not hold gets "depends on the sync policy". Reads the YAML files whose
 * path names `argocd` or `application` (at most {@link MAX_APPLICATION_FILES}; unread ones come back as `needs-files`).
 */
export function argocdPruneLines(snapshot: GitopsSnapshot, losses: ReadonlyArray<{ cluster: ClusterConfig; what: string }>): Step<string[]> {
  const files = candidates(snapshot);
  const apps = new Map<string, Application>();
  if (files.length <= MAX_APPLICATION_FILES) {
    const missing = files.filter((f) => !snapshot.files.has(f));
    if (missing.length > 0) return { kind: "needs-files", paths: missing };
    for (const file of files) {
      const docs = parseAllDocuments(snapshot.files.get(file) as string);
      for (const doc of Array.isArray(docs) ? docs : []) {
        if (doc.errors.length > 0) continue;
        const value = doc.toJS() as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; spec?: Record<string, unknown> } | null;
        if (value?.kind !== "Application" || typeof value.apiVersion !== "string" || !value.apiVersion.startsWith("argoproj.io/") || !value.spec) continue;
        const automated = (value.spec.syncPolicy as { automated?: { prune?: unknown } } | undefined)?.automated;
        for (const p of sourcePaths(value.spec)) apps.set(p, { name: String(value.metadata?.name ?? "?"), file, prune: automated?.prune === true });
      }
    }
  }
  return {
    ok: losses.map(({ cluster, what }) => {
      const app = apps.get(cluster.overlay);
      if (!app) return `cluster '${cluster.name}': the repository holds no ArgoCD Application for ${cluster.overlay}; whether ArgoCD deletes ${what} from the cluster depends on that application's sync policy (automated prune)`;
      return app.prune
        ? `cluster '${cluster.name}': ArgoCD application '${app.name}' (${app.file}) has syncPolicy.automated.prune: true, so ArgoCD deletes ${what} from the cluster after the merge`
        : `cluster '${cluster.name}': ArgoCD application '${app.name}' (${app.file}) does not prune automatically: ${what} remain on the cluster until someone syncs it with pruning`;
    }),
  };
}
