import { parseDocument } from "yaml";
import type { GitopsSnapshot } from "../../types.js";
import { KUSTOMIZATION_FILES } from "../kustomization-objects.js";
import { walkOverlay } from "../reachability.js";
import { resolveRepoEntry } from "../safe-path.js";

/** Outcome of a walk over kustomizations: the answer, files to read first, or why the tree cannot be walked. */
export type WalkResult<T> = { kind: "done"; value: T } | { kind: "needs-files"; paths: string[] } | { kind: "error"; error: string };

const KUSTOMIZATION_NAMES = new Set<string>(KUSTOMIZATION_FILES);

/** Every kustomization file of the snapshot (by kustomize's file names), sorted. */
export function kustomizationFiles(snapshot: GitopsSnapshot): string[] {
  return [...snapshot.paths].filter((p) => KUSTOMIZATION_NAMES.has(p.slice(p.lastIndexOf("/") + 1))).sort();
}

function dirOf(file: string): string {
  const slash = file.lastIndexOf("/");
  return slash === -1 ? "" : file.slice(0, slash);
}

/** The directories kustomize builds when it builds `from` ({@link walkOverlay} to the end). */
export function overlayClosure(snapshot: GitopsSnapshot, from: string): WalkResult<Set<string>> {
  const walked = walkOverlay(snapshot, from);
  return walked.kind === "walked" ? { kind: "done", value: new Set(walked.parent.keys()) } : walked;
}

/** The local paths a kustomization refers to: `resources`, `components`, `bases`, `crds`, `patchesStrategicMerge` and `patches[].path`. */
function referencedPaths(source: string, dir: string): string[] | { error: string } {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) return { error: `not valid YAML (${doc.errors[0]?.message.split("\n")[0] ?? "parse error"})` };
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return [];
  if (typeof value !== "object" || Array.isArray(value)) return { error: "not a kustomization mapping" };
  const record = value as Record<string, unknown>;
  const strings: string[] = [];
  for (const key of ["resources", "components", "bases", "crds", "patchesStrategicMerge"]) {
    const list = record[key];
    if (Array.isArray(list)) strings.push(...list.filter((v): v is string => typeof v === "string"));
  }
  if (Array.isArray(record.patches)) {
    for (const patch of record.patches as unknown[]) {
      const p = (patch as { path?: unknown } | null)?.path;
      if (typeof p === "string") strings.push(p);
    }
  }
  return strings.flatMap((s) => {
    const resolved = resolveRepoEntry(dir, s);
    return resolved === undefined ? [] : [resolved];
  });
}

/**
 * Which kustomization files refer to `target` or to anything under it (a directory or a file in it), among every
 * kustomization of the snapshot except those under `ignoreDirs` (directories about to be deleted). Needs the contents
 * of every kustomization file: the unread ones come back as `needs-files`, all at once. This is the "anywhere" check
 * that keeps a deletion from leaving a dangling reference, also in overlays no cluster of the configuration names.
 */
export function referrers(snapshot: GitopsSnapshot, targets: readonly string[], ignoreDirs: readonly string[] = []): WalkResult<Map<string, string[]>> {
  const files = kustomizationFiles(snapshot).filter((f) => !ignoreDirs.some((d) => f.startsWith(`${d}/`)));
  const missing = files.filter((f) => !snapshot.files.has(f));
  if (missing.length > 0) return { kind: "needs-files", paths: missing };
  const out = new Map<string, string[]>(targets.map((t) => [t, []]));
  for (const file of files) {
    const paths = referencedPaths(snapshot.files.get(file) as string, dirOf(file));
    if ("error" in paths) return { kind: "error", error: `${file}: ${paths.error}` };
    for (const target of targets) {
      if (paths.some((p) => p === target || p.startsWith(`${target}/`))) out.get(target)?.push(file);
    }
  }
  return { kind: "done", value: out };
}
