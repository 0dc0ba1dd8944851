import { isTreeView } from "../validation/tree-view.js";

/** apiVersion of a kustomize Kustomization. */
export const KUSTOMIZATION_API = "kustomize.config.k8s.io/v1beta1";
/** apiVersion of a kustomize Component. */
export const COMPONENT_API = "kustomize.config.k8s.io/v1alpha1";
/** File names kustomize accepts for a kustomization, in the order it looks for them. */
export const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"] as const;

/** A Kustomization listing `resources`, with an optional `namespace` and `components` (omitted when empty). */
export function kustomization(resources: string[], extra: { namespace?: string; components?: string[] } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { apiVersion: KUSTOMIZATION_API, kind: "Kustomization" };
  if (extra.namespace !== undefined) out.namespace = extra.namespace;
  out.resources = resources;
  if (extra.components && extra.components.length > 0) out.components = extra.components;
  return out;
}

/** A kustomize Component listing `resources`. */
export function component(resources: string[]): Record<string, unknown> {
  return { apiVersion: COMPONENT_API, kind: "Component", resources };
}

/**
 * The kustomization file of `dir` present in `paths`, in kustomize's lookup order; `undefined` when there is none.
 * A partial view of an observed tree answers from `dir`'s entries (and throws naming `dir` when it was never read).
 */
export function findKustomizationFile(dir: string, paths: ReadonlySet<string>): string | undefined {
  if (isTreeView(paths)) return paths.kustomizationFileOf(dir);
  for (const name of KUSTOMIZATION_FILES) {
    const candidate = dir === "" ? name : `${dir}/${name}`;
    if (paths.has(candidate)) return candidate;
  }
  return undefined;
}
