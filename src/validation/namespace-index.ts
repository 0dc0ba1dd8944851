import { parseAllDocuments } from "yaml";
import type { Config } from "../config/schema.js";
import type { GitopsSnapshot } from "../types.js";
import { dirMatches, layoutPattern } from "./layout-pattern.js";
import { snapshotIndex } from "./snapshot-index.js";
import { isTreeView } from "./tree-view.js";

/**
 * Where a namespace is already defined in the GitOps repository, from the base tree's paths and the few files that
 * can define one elsewhere. Pure: the caller (the app, the CLI) reads the candidate files it lists and hands their
 * Namespace names in as `snapshot.namespaceManifests`.
 *
 * 1. The layout: every directory that `layout.namespaceDir` could have produced for that name, with `{team}` (and any
 *    other placeholder) matching any one path segment, so `tenants/{team}/{namespace}` finds `victim-ns` under every
 *    team, not only the requester's.
 * 2. Elsewhere: YAML files whose name contains `namespace` (ignoring case) outside the layout's namespace directories
 *    (`argocd/overlays/x/namespace.yaml`; for an observed tree, outside the layout's namespace root, see
 *    `src/github/base-tree.ts`, so the scan does not grow with the namespaces), parsed (every document, `List` items too) for `Namespace`, `Project` and
 *    `ProjectRequest` objects. Their number is bounded (`limits.maxNamespaceManifests`): beyond it, or when a candidate
 *    was not read, the name cannot be known to be free and the checks fail closed.
 */

/** Kinds whose object creates a namespace of its `metadata.name` (OpenShift's Project and ProjectRequest do too). */
const NAMESPACE_KINDS = new Set(["Namespace", "Project", "ProjectRequest"]);
const YAML_FILE = /\.ya?ml$/i;

/** Whether a file name is one that may define a Namespace outside the layout: YAML, named like `*namespace*`. */
export function isManifestCandidateName(name: string): boolean {
  return YAML_FILE.test(name) && name.toLowerCase().includes("namespace");
}

interface LayoutIndex {
  /** Layout namespace directories by the name in their `{namespace}` segment (when the template has such a segment). */
  byName: Map<string, string[]>;
  /** Every directory the layout could have produced for some namespace, split into segments. */
  dirs: Array<{ dir: string; segments: string[] }>;
}

const layoutIndexes = new WeakMap<ReadonlySet<string>, Map<string, LayoutIndex>>();

/** The snapshot's directories that `template` could have produced, computed once per tree and template. */
function layoutIndex(snapshot: GitopsSnapshot, template: string): LayoutIndex {
  let perTemplate = layoutIndexes.get(snapshot.paths);
  if (!perTemplate) {
    perTemplate = new Map();
    layoutIndexes.set(snapshot.paths, perTemplate);
  }
  const cached = perTemplate.get(template);
  if (cached) return cached;
  const pattern = layoutPattern(template);
  const index: LayoutIndex = { byName: new Map(), dirs: [] };
  for (const dir of snapshotIndex(snapshot).directories) {
    const segments = dir.split("/");
    if (!dirMatches(pattern, segments, undefined)) continue;
    index.dirs.push({ dir, segments });
    if (pattern.nameSegment !== undefined) {
      const name = segments[pattern.nameSegment]!;
      const list = index.byName.get(name);
      if (list) list.push(dir);
      else index.byName.set(name, [dir]);
    }
  }
  perTemplate.set(template, index);
  return index;
}

/**
 * The layout directories (`layout.namespaceDir` at any team) that hold namespace `name`, sorted. A partial view of
 * an observed tree answers from the directories looked up (and throws naming those it still needs).
 */
export function layoutDirsOf(snapshot: GitopsSnapshot, template: string, name: string): string[] {
  if (isTreeView(snapshot.paths)) return snapshot.paths.layoutDirsOf(template, name);
  const index = layoutIndex(snapshot, template);
  const pattern = layoutPattern(template);
  if (pattern.nameSegment !== undefined) return [...(index.byName.get(name) ?? [])].sort();
  return index.dirs.filter((d) => dirMatches(pattern, d.segments, name)).map((d) => d.dir).sort();
}

const candidateCache = new WeakMap<ReadonlySet<string>, Map<string, string[]>>();

/**
 * The files that may define a Namespace outside the layout: YAML files whose name contains `namespace` (ignoring
 * case) and that are not inside a directory `template` could have produced. Sorted; computed once per tree and template.
 */
export function namespaceManifestCandidates(paths: ReadonlySet<string>, template: string): string[] {
  if (isTreeView(paths)) {
    if (paths.manifestCandidates === undefined) throw new Error("namespace-index: the tree outside the layout's namespace root was not scanned");
    return [...paths.manifestCandidates];
  }
  let perTemplate = candidateCache.get(paths);
  if (!perTemplate) {
    perTemplate = new Map();
    candidateCache.set(paths, perTemplate);
  }
  const cached = perTemplate.get(template);
  if (cached) return cached;
  const pattern = layoutPattern(template);
  const depth = pattern.segments.length;
  const out: string[] = [];
  for (const path of paths) {
    if (!isManifestCandidateName(path.slice(path.lastIndexOf("/") + 1))) continue;
    const segments = path.split("/");
    if (segments.length > depth && dirMatches(pattern, segments.slice(0, depth), undefined)) continue;
    out.push(path);
  }
  out.sort();
  perTemplate.set(template, out);
  return out;
}

function namesIn(value: unknown, out: Set<string>, depth = 0): void {
  if (typeof value !== "object" || value === null || Array.isArray(value) || depth > 4) return;
  const object = value as Record<string, unknown>;
  if (typeof object.kind === "string" && object.kind.endsWith("List") && Array.isArray(object.items)) {
    for (const item of object.items) namesIn(item, out, depth + 1);
    return;
  }
  if (typeof object.kind !== "string" || !NAMESPACE_KINDS.has(object.kind)) return;
  const metadata = object.metadata;
  if (typeof metadata !== "object" || metadata === null) return;
  const name = (metadata as Record<string, unknown>).name;
  if (typeof name === "string" && name !== "") out.add(name);
}

/**
 * The names of the Namespace (and OpenShift Project, ProjectRequest) objects a YAML file defines, in every document
 * and in `List` items, sorted. A document that is not valid YAML (a Helm template, say) defines nothing that can be
 * known and is skipped; aliases are bounded so a hostile file cannot expand without limit.
 */
export function namespacesDefinedIn(text: string): string[] {
  const out = new Set<string>();
  for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
    if (doc.errors.length > 0) continue;
    try {
      namesIn(doc.toJS({ maxAliasCount: 100 }), out);
    } catch {
      // an alias bomb or an unresolvable alias: nothing known from this document
    }
  }
  return [...out].sort();
}

/** What the repository says about one namespace name. */
export interface NamespaceLookup {
  /** Where it is defined: layout directories and candidate files, sorted. Empty when free. */
  definedAt: string[];
}

/** Why names cannot be known to be free: too many candidate files, or some not read. */
export interface NamespaceIndexGap {
  message: string;
  expected: string;
}

/** The Namespace definitions elsewhere in the repository, by name, and whatever could not be known. */
export interface NamespaceIndex {
  /** Candidate file paths by namespace name they define. */
  manifests: Map<string, string[]>;
  /** Set when the elsewhere part is incomplete; the names cannot then be known to be free. */
  gap?: NamespaceIndexGap;
}

/**
 * Indexes the Namespace definitions of the candidate files, from `snapshot.namespaceManifests` (what the caller read)
 * or, for a candidate not in it, from its contents in `snapshot.files`. `requireAll: false` leaves out the gap for
 * candidates nobody read (renderers given a bare tree in tests); the limit always applies.
 */
export function namespaceIndex(snapshot: GitopsSnapshot, config: Config, options: { requireAll?: boolean } = {}): NamespaceIndex {
  if (isTreeView(snapshot.paths) && snapshot.paths.manifestCandidates === undefined) {
    return {
      manifests: new Map(),
      gap: {
        message: `the GitOps repository outside ${config.layout.namespaceDir} was not scanned for files that may define a Namespace, so no namespace name can be known to be free`,
        expected: "nothing the requester can change: this is checked again on the next event",
      },
    };
  }
  const candidates = namespaceManifestCandidates(snapshot.paths, config.layout.namespaceDir);
  const manifests = new Map<string, string[]>();
  const limit = config.limits.maxNamespaceManifests;
  if (candidates.length > limit) {
    return {
      manifests,
      gap: {
        message:
          `the GitOps repository has ${candidates.length} files named like namespace*.yaml outside ${config.layout.namespaceDir}, ` +
          `more than the ${limit} onboarding-bot reads to know which namespaces exist, so no namespace name can be known to be free`,
        expected: "nothing the requester can change: a maintainer must raise limits.maxNamespaceManifests or rename files that define no Namespace",
      },
    };
  }
  const unread: string[] = [];
  const read = snapshot.namespaceManifests;
  for (const path of candidates) {
    let names = read?.get(path);
    if (names === undefined) {
      const text = snapshot.files.get(path);
      if (text === undefined) {
        unread.push(path);
        continue;
      }
      names = namespacesDefinedIn(text);
    }
    for (const name of names) {
      const list = manifests.get(name);
      if (list) list.push(path);
      else manifests.set(name, [path]);
    }
  }
  if (unread.length > 0 && (options.requireAll ?? true)) {
    return {
      manifests,
      gap: {
        message: `${unread.length} file(s) that may define a Namespace were not read (${unread.slice(0, 3).join(", ")}${unread.length > 3 ? ", ..." : ""}), so no namespace name can be known to be free`,
        expected: "nothing the requester can change: a maintainer must make those files readable (this is checked again on the next event)",
      },
    };
  }
  return { manifests };
}

/** Where namespace `name` is defined in the repository: layout directories (any team) and candidate files, sorted. */
export function namespaceDefinedAt(snapshot: GitopsSnapshot, config: Config, index: NamespaceIndex, name: string): string[] {
  return [...layoutDirsOf(snapshot, config.layout.namespaceDir, name), ...(index.manifests.get(name) ?? [])].sort();
}
