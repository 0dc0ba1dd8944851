import type { Config } from "../config/schema.js";
import type { FileChange, GitopsSnapshot, OnboardingRequest } from "../types.js";
import { planLayout } from "./plan-layout.js";
import { dirHasFiles } from "./snapshot-lookup.js";

/**
 * Idempotence of a local `render`: a tree may already hold exactly the rendering of a request (the same request was
 * rendered into it before). The request's namespaces then exist, so validating and rendering against the tree as it
 * is refuses them as taken. To recognise the case, the request is rendered again against the tree *before* that
 * rendering: the tree without the directories the rendering creates. Which of the team's directories (group, RBAC,
 * NetworkPolicies) the earlier run created is not known, so each combination of those that exist is a candidate,
 * largest first; the namespaces' directories are always in it. A candidate proves a no-op when its rendering
 * ({@link isExactlyRendered}) equals the files present, and nothing else lies in the directories taken out.
 */

/** The snapshot without any path under `dirs` (nor their contents, nor the Namespaces their manifests define). */
export function withoutDirs(snapshot: GitopsSnapshot, dirs: readonly string[]): GitopsSnapshot {
  const prefixes = dirs.map((d) => `${d}/`);
  const inside = (p: string): boolean => prefixes.some((prefix) => p.startsWith(prefix));
  const out: GitopsSnapshot = {
    ...snapshot,
    paths: new Set([...snapshot.paths].filter((p) => !inside(p))),
    files: new Map([...snapshot.files].filter(([p]) => !inside(p))),
  };
  if (snapshot.namespaceManifests) out.namespaceManifests = new Map([...snapshot.namespaceManifests].filter(([p]) => !inside(p)));
  return out;
}

/**
 * The candidate sets of directories an earlier rendering of `request` may have created, largest first: every
 * requested namespace directory (all must exist, or there is no earlier rendering) plus each combination of the
 * team's group, RBAC and NetworkPolicy directories that exist in the snapshot. Empty when the layout cannot be
 * planned or a namespace directory is missing.
 */
export function priorRenderingCandidates(request: OnboardingRequest, config: Config, snapshot: GitopsSnapshot): string[][] {
  const planned = planLayout(request, config);
  if ("problems" in planned) return [];
  const { plan } = planned;
  const namespaceDirs = plan.namespaces.map((n) => n.dir);
  if (namespaceDirs.length === 0 || !namespaceDirs.every((dir) => dirHasFiles(snapshot.paths, dir))) return [];
  const optional = [plan.groupDir, plan.rbacComponentDir, plan.networkPolicyComponentDir].filter(
    (dir): dir is string => dir !== undefined && dirHasFiles(snapshot.paths, dir),
  );
  const subsets: string[][] = [];
  for (let mask = (1 << optional.length) - 1; mask >= 0; mask--) subsets.push(optional.filter((_, i) => (mask & (1 << i)) !== 0));
  subsets.sort((a, b) => b.length - a.length);
  return subsets.map((extra) => [...namespaceDirs, ...extra]);
}

/**
 * Whether the tree already holds exactly `files`: each rendered file is present with the same bytes (`present` maps
 * a path to its content, `undefined` when absent), and every path of `snapshot` under `createdDirs` is one of them.
 */
export function isExactlyRendered(files: readonly FileChange[], present: ReadonlyMap<string, string | undefined>, snapshot: GitopsSnapshot, createdDirs: readonly string[]): boolean {
  if (!files.every((f) => present.get(f.path) === f.content)) return false;
  const rendered = new Set(files.map((f) => f.path));
  const prefixes = createdDirs.map((d) => `${d}/`);
  return [...snapshot.paths].every((p) => rendered.has(p) || !prefixes.some((prefix) => p.startsWith(prefix)));
}
