import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Config } from "../../config/schema.js";
import type { FileChange, Problem } from "../../types.js";
import { kubectlAvailable, kustomizeBuild } from "../kustomize-build.js";
import { repositoryProblem } from "../render-problem.js";
import { groupOverlaysOf } from "../wire-overlays.js";
import { applyChange } from "./apply-change.js";
import type { ChangeSummary } from "./change-types.js";

/** Outcome of {@link proveChange}: the overlays built and those whose output changed, or why not. */
export type ChangeProof =
  | { kind: "proven"; built: string[]; changed: string[]; skipped: string[] }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; problems: Problem[] };

interface K8sObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

/** kubectl's message with `root/` made repository-relative. */
function relativeMessage(message: string, root: string): string {
  return message.split(`${root}/`).join("");
}

/**
 * Proves a change against a local checkout before anything is written to it. Every configured cluster overlay (and
 * group overlay) is built as it is; one that does not build is the repository's problem when the change edits it or
 * expects something of its cluster (reported with kubectl's real error), and is otherwise left out and listed as
 * skipped. Then the checkout is copied to a scratch directory, the change applied there, and every overlay that built
 * before must still build and hold (or no longer hold) the objects `summary.expect` names. Skipped when kubectl is
 * not on the PATH.
 */
export async function proveChange(root: string, config: Config, files: readonly FileChange[], deletions: readonly string[], summary: ChangeSummary): Promise<ChangeProof> {
  if (!(await kubectlAvailable())) return { kind: "skipped", reason: "kubectl is not on the PATH" };
  const overlays = [...new Set(config.clusters.flatMap((c) => [c.overlay, ...groupOverlaysOf(c)]))].sort();
  const edited = new Set(summary.editedPaths);
  const strict = new Set(config.clusters.filter((c) => summary.expect.some((e) => e.cluster === c.name)).map((c) => c.overlay));
  const problems: Problem[] = [];
  const before = new Map<string, string>();
  const skipped: string[] = [];
  for (const overlay of overlays) {
    const built = await kustomizeBuild(join(root, overlay));
    if (built.ok) {
      before.set(overlay, JSON.stringify(built.objects));
      continue;
    }
    const touched = strict.has(overlay) || [...edited].some((p) => p.startsWith(`${overlay}/`) && !p.slice(overlay.length + 1).includes("/"));
    if (!touched) {
      skipped.push(overlay);
      continue;
    }
    problems.push(repositoryProblem("clusters", `the overlay '${overlay}' does not build even before this change: ${relativeMessage(built.reason, root)}`, `maintainers to fix it so that \`kubectl kustomize ${overlay}\` builds; the request itself may be fine`));
  }
  if (problems.length > 0) return { kind: "failed", problems };
  const scratch = await mkdtemp(join(tmpdir(), "onboarding-bot-change-"));
  try {
    await cp(root, scratch, { recursive: true, filter: (src) => !relative(root, src).split(/[\\/]/).includes(".git") });
    await applyChange(scratch, files, deletions, { dryRun: false });
    const changed: string[] = [];
    const outputs = new Map<string, K8sObject[]>();
    for (const overlay of before.keys()) {
      const built = await kustomizeBuild(join(scratch, overlay));
      if (!built.ok) {
        problems.push(repositoryProblem("clusters", `this change would break the overlay '${overlay}': ${relativeMessage(built.reason, scratch)}`, "a change that kustomize builds (the request may be fine; maintainers must look at the overlay)"));
        continue;
      }
      outputs.set(overlay, built.objects as K8sObject[]);
      if (JSON.stringify(built.objects) !== before.get(overlay)) changed.push(overlay);
    }
    for (const e of summary.expect) {
      const cluster = config.clusters.find((c) => c.name === e.cluster);
      const objects = cluster ? outputs.get(cluster.overlay) : undefined;
      if (!cluster || !objects) continue;
      const found = objects.some((o) => o?.kind === e.kind && o.metadata?.name === e.name && (e.namespace === undefined || o.metadata?.namespace === e.namespace));
      if (found !== e.present) {
        problems.push(repositoryProblem("clusters", `after this change cluster '${e.cluster}' (${cluster.overlay}) ${found ? "still builds" : "does not build"} ${e.kind} '${e.name}'`, `the ${e.kind} ${e.present ? "present" : "gone"} (the rendering or the repository's wiring is at fault)`, e.cluster));
      }
    }
    return problems.length > 0 ? { kind: "failed", problems } : { kind: "proven", built: [...before.keys()], changed, skipped };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
