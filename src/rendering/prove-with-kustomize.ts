import { cp, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { FileChange, Problem } from "../types.js";
import { applyToDirectory } from "./apply-to-directory.js";
import { KUSTOMIZATION_FILES } from "./kustomization-objects.js";
import { kubectlAvailable, kustomizeBuild } from "./kustomize-build.js";
import { repositoryProblem } from "./render-problem.js";
import type { RenderSummary } from "./render-types.js";

/** Outcome of {@link proveWithKustomize}; every failure is a problem addressed to maintainers. */
export type ProofResult = { kind: "proven"; built: string[] } | { kind: "skipped"; reason: string } | { kind: "failed"; problems: Problem[] };

interface K8sObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** kubectl's message with the absolute paths of `root` made repository-relative (`<root>/a/b` → `a/b`). */
function relativeMessage(message: string, root: string): string {
  return message.replace(new RegExp(`${escapeRegExp(root)}(?:/|(?=['"\\s:]|$))`, "g"), (m) => (m.endsWith("/") ? "" : "."));
}

async function kustomizationFileIn(root: string, dir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const file = dir === "" ? name : `${dir}/${name}`;
    if (await stat(join(root, file)).then((s) => s.isFile(), () => false)) return file;
  }
  return undefined;
}

/**
 * The file kustomize failed on: the innermost kustomization directory under `root` that kubectl's message names
 * (kustomize names each directory it descends into, absolutely), else the overlay's own kustomization file.
 */
async function failingFile(message: string, root: string, overlay: string): Promise<string> {
  const mentioned = [...message.matchAll(new RegExp(`${escapeRegExp(root)}/([^'"\\s:]+)`, "g"))].map((m) => withoutTrailingSlashes(m[1] ?? ""));
  for (const dir of mentioned.reverse()) {
    const file = await kustomizationFileIn(root, dir);
    if (file !== undefined) return file;
  }
  return (await kustomizationFileIn(root, overlay)) ?? overlay;
}

/**
 * Proves a rendering against a local checkout before anything is written to it. First every overlay the rendering
 * touches is built as it is (`kubectl kustomize`, read-only): an overlay that does not build before the change is the
 * repository's problem, reported with kubectl's real error and the failing file, addressed to maintainers. Then the
 * checkout is copied to a scratch directory, the files applied there, and each overlay that built before is built
 * again: it must still build, and each cluster overlay must contain the new Namespace, and every namespace the
 * ResourceQuota, LimitRange and team RoleBinding its components bring. A failure then is not the requester's either
 * (their request was valid; the rendering or the repository's components are at fault). Skipped (not failed) when
 * kubectl is not on the PATH. The app cannot do this: building an overlay needs every file it references.
 */
export async function proveWithKustomize(root: string, files: readonly FileChange[], summary: RenderSummary): Promise<ProofResult> {
  if (!(await kubectlAvailable())) return { kind: "skipped", reason: "kubectl is not on the PATH" };
  const problems: Problem[] = [];
  const buildable: string[] = [];
  for (const overlay of summary.overlays) {
    const before = await kustomizeBuild(join(root, overlay));
    if (before.ok) {
      buildable.push(overlay);
      continue;
    }
    const file = await failingFile(before.reason, root, overlay);
    problems.push(
      repositoryProblem(
        "clusters",
        `the overlay '${overlay}' does not build even before this change; kubectl kustomize fails in ${file}: ${relativeMessage(before.reason, root)}`,
        `maintainers to fix ${file} so that \`kubectl kustomize ${overlay}\` builds; the request itself may be fine`,
      ),
    );
  }
  if (buildable.length === 0) return { kind: "failed", problems };
  const scratch = await mkdtemp(join(tmpdir(), "onboarding-bot-proof-"));
  try {
    await cp(root, scratch, { recursive: true, filter: (src) => !relative(root, src).split(/[\\/]/).includes(".git") });
    await applyToDirectory(scratch, files, { dryRun: false });
    const seen = new Set<string>();
    const broken = (overlay: string, message: string): Problem =>
      repositoryProblem("clusters", `this change would break the overlay '${overlay}': ${message}`, "a rendering that kustomize builds (the bot's configuration or the repository's components are at fault; the request itself may be fine)");
    for (const overlay of buildable) {
      const built = await kustomizeBuild(join(scratch, overlay));
      if (!built.ok) {
        const file = await failingFile(built.reason, scratch, overlay);
        problems.push(broken(overlay, `kubectl kustomize fails in ${file}: ${relativeMessage(built.reason, scratch)}`));
        continue;
      }
      const objects = built.objects as K8sObject[];
      for (const ns of summary.namespaces) {
        if (!objects.some((o) => o?.kind === "Namespace" && o.metadata?.name === ns)) continue; // e.g. a groups-only overlay
        seen.add(ns);
        for (const kind of ["ResourceQuota", "LimitRange", "RoleBinding"]) {
          if (!objects.some((o) => o?.kind === kind && o.metadata?.namespace === ns)) problems.push(broken(overlay, `namespace ${ns} has no ${kind}`));
        }
      }
    }
    for (const ns of summary.namespaces) {
      if (!seen.has(ns) && problems.length === 0) problems.push(broken(summary.overlays.join(", "), `no touched overlay builds the Namespace ${ns}`));
    }
    return problems.length > 0 ? { kind: "failed", problems } : { kind: "proven", built: [...summary.overlays] };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `path` without trailing slashes (a loop: the pattern `/\/+$/` is quadratic on a long run of slashes). */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === "/") end--;
  return path.slice(0, end);
}
