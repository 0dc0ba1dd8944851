import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { FileChange } from "../types.js";
import { applyToDirectory } from "./apply-to-directory.js";
import { kubectlAvailable, kustomizeBuild } from "./kustomize-build.js";
import type { RenderSummary } from "./render-types.js";

export type ProofResult = { kind: "proven"; built: string[] } | { kind: "skipped"; reason: string } | { kind: "failed"; errors: string[] };

interface K8sObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

/**
 * Proves a rendering against a local checkout before anything is written to it: copies the checkout to a scratch
 * directory, applies the files there, and runs `kubectl kustomize` on every overlay the rendering touched. Each
 * cluster overlay must build and contain the new Namespace, and every namespace the ResourceQuota, LimitRange and
 * team RoleBinding its components bring. Skipped (not failed) when kubectl is not on the PATH.
 * The app cannot do this: building an overlay needs every file it references, not just the few it read.
 */
export async function proveWithKustomize(root: string, files: readonly FileChange[], summary: RenderSummary): Promise<ProofResult> {
  if (!(await kubectlAvailable())) return { kind: "skipped", reason: "kubectl is not on the PATH" };
  const scratch = await mkdtemp(join(tmpdir(), "onboarding-bot-proof-"));
  try {
    await cp(root, scratch, { recursive: true, filter: (src) => !relative(root, src).split(/[\\/]/).includes(".git") });
    await applyToDirectory(scratch, files, { dryRun: false });
    const errors: string[] = [];
    const seen = new Set<string>();
    for (const overlay of summary.overlays) {
      const built = await kustomizeBuild(join(scratch, overlay));
      if (!built.ok) {
        errors.push(`kubectl kustomize ${overlay} fails: ${built.error.split("\n")[0] ?? ""}`);
        continue;
      }
      const objects = built.objects as K8sObject[];
      for (const ns of summary.namespaces) {
        if (!objects.some((o) => o?.kind === "Namespace" && o.metadata?.name === ns)) continue; // e.g. a groups-only overlay
        seen.add(ns);
        for (const kind of ["ResourceQuota", "LimitRange", "RoleBinding"]) {
          if (!objects.some((o) => o?.kind === kind && o.metadata?.namespace === ns)) {
            errors.push(`kubectl kustomize ${overlay}: namespace ${ns} has no ${kind}`);
          }
        }
      }
    }
    for (const ns of summary.namespaces) {
      if (!seen.has(ns) && errors.length === 0) errors.push(`no touched overlay builds the Namespace ${ns}`);
    }
    return errors.length > 0 ? { kind: "failed", errors } : { kind: "proven", built: [...summary.overlays] };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
