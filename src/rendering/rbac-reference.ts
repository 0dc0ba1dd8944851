import { parseDocument } from "yaml";
import type { GitopsSnapshot, Problem } from "../types.js";
import { findKustomizationFile } from "./kustomization-objects.js";
import { repositoryProblem } from "./render-problem.js";
import { dirHasFiles } from "./snapshot-lookup.js";

/** The kustomization list through which a namespace uses its team's RBAC directory. */
export type RbacList = "resources" | "components";

/** Outcome of {@link rbacReference}. */
export type RbacReferenceResult = { kind: "list"; list: RbacList } | { kind: "needs-files"; paths: string[] } | { kind: "problems"; problems: Problem[] };

/**
 * How a namespace must reference the team's RBAC directory, read from what the directory is: a kustomize `Component`
 * goes under `components:`, a plain `Kustomization` (the kind kustomize assumes when `kind` is absent) under
 * `resources:` — kustomize refuses either in the other list. A directory the bot is about to write is a Component.
 * The directory's kustomization file comes back as `needs-files` when its contents are not in the snapshot; a
 * directory without one, or a file that is neither kind, is a problem of the repository.
 */
export function rbacReference(dir: string, snapshot: GitopsSnapshot): RbacReferenceResult {
  if (!dirHasFiles(snapshot.paths, dir)) return { kind: "list", list: "components" };
  const expected = "a kustomization.yaml of kind Component (or Kustomization) with the team's RoleBinding (a problem in the GitOps repository: maintainers must fix it; the request itself may be fine)";
  const file = findKustomizationFile(dir, snapshot.paths);
  if (file === undefined) return { kind: "problems", problems: [repositoryProblem("team", `the team's RBAC directory '${dir}' exists but has no kustomization.yaml`, expected)] };
  const source = snapshot.files.get(file);
  if (source === undefined) return { kind: "needs-files", paths: [file] };
  const doc = parseDocument(source);
  const value: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "problems", problems: [repositoryProblem("team", `${file} is not a kustomization mapping`, expected)] };
  }
  const kind = (value as { kind?: unknown }).kind;
  if (kind === "Component") return { kind: "list", list: "components" };
  if (kind === undefined || kind === "Kustomization") return { kind: "list", list: "resources" };
  return { kind: "problems", problems: [repositoryProblem("team", `${file} has kind '${String(kind)}'`, expected)] };
}
