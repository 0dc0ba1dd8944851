import { dirMatches, layoutPattern, literalSegment, segmentMatches } from "./layout-pattern.js";

/**
 * What the bot knows of the GitOps repository's base tree when it has looked up only the paths a request needs
 * (`Commit.file(path:)` for each), instead of reading the whole recursive tree: for each path looked up, whether it is
 * a file, a directory (with its entries) or absent, all at one commit. Everything below an absent path or a file is
 * absent too, and a directory's entries answer for its children. Any other path is *unknown*: a question about it
 * throws {@link UnobservedPathsError} naming the paths to look up, so no check can take a path it never saw as absent
 * (a name that looks free only because its directory was not read). {@link settleObserved} reads them and asks again.
 *
 * It stands in for the `ReadonlySet<string>` of every blob path (`GitopsSnapshot.paths`): `has` answers or throws;
 * counting or listing every path throws, since that is exactly what must not depend on the repository's size.
 */

/** The kind of a git tree entry. */
export type EntryType = "blob" | "tree" | "commit";

/** One entry of a directory; `oid` when the lookup asked for it. */
export interface ViewEntry {
  name: string;
  type: EntryType;
  oid?: string;
}

/** What looking up one path at the base commit returned (the observe step's `ObservedPath`, entries with oids). */
export type PathObservation =
  | { kind: "absent" }
  | { kind: "blob"; oid: string; text?: string | null; truncated?: boolean; binary?: boolean }
  | { kind: "tree"; oid: string; entries: readonly ViewEntry[] }
  | { kind: "commit"; oid: string };

/** Some paths were never looked up, so a question about them cannot be answered: look them up and ask again. */
export class UnobservedPathsError extends Error {
  readonly paths: string[];
  constructor(paths: readonly string[]) {
    const sorted = [...new Set(paths)].sort();
    super(`the GitOps base tree was not read at ${sorted.slice(0, 5).join(", ")}${sorted.length > 5 ? ", ..." : ""}`);
    this.name = "UnobservedPathsError";
    this.paths = sorted;
  }
}

interface Node {
  kind: EntryType | "absent";
  oid?: string;
  entries?: Map<string, ViewEntry>;
}

/** The parent directory of a repository path (`""` for the root). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** Kustomization file names in kustomize's lookup order (as `KUSTOMIZATION_FILES` in rendering). */
const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/** A partial view of one base tree; see the module comment. */
export class TreeView implements ReadonlySet<string> {
  readonly commitOid: string;
  readonly treeOid: string;
  readonly #nodes = new Map<string, Node>();
  /**
   * The files outside the layout's namespace root that may define a Namespace (`*namespace*.y(a)ml`), sorted, as the
   * scan of the rest of the tree found them; undefined until that scan ran (names then cannot be known to be free).
   */
  manifestCandidates: readonly string[] | undefined;

  /** `rootEntries`: the root directory's entries, when the lookup returned them. */
  constructor(base: { commitOid: string; treeOid: string; rootEntries?: readonly ViewEntry[] }) {
    this.commitOid = base.commitOid;
    this.treeOid = base.treeOid;
    const root: Node = { kind: "tree", oid: base.treeOid };
    if (base.rootEntries) root.entries = new Map(base.rootEntries.map((e) => [e.name, e]));
    this.#nodes.set("", root);
  }

  /** Records what looking up `path` returned (at this view's commit). */
  observe(path: string, found: PathObservation): void {
    const node: Node = { kind: found.kind };
    if (found.kind !== "absent") node.oid = found.oid;
    if (found.kind === "tree") node.entries = new Map(found.entries.map((e) => [e.name, e]));
    this.#nodes.set(path, node);
  }

  /** Whether `path` was looked up itself (not only answered through a parent's entries). */
  observed(path: string): boolean {
    return this.#nodes.has(path);
  }

  /** What is at `path`: an entry type, `absent`, or undefined when nothing looked up answers for it. */
  kindOf(path: string): EntryType | "absent" | undefined {
    return this.#entryAt(path)?.kind;
  }

  /** The object id at `path`, when known. */
  oidOf(path: string): string | undefined {
    return this.#entryAt(path)?.oid;
  }

  /** The entries of directory `dir` when it was looked up; undefined when not (or when it is not a directory). */
  entriesOf(dir: string): readonly ViewEntry[] | undefined {
    const entries = this.#nodes.get(dir)?.entries;
    return entries ? [...entries.values()] : undefined;
  }

  /** Whether `path` is a file. @throws UnobservedPathsError when unknown. */
  has(path: string): boolean {
    return this.#known(path, path) === "blob";
  }

  /** Whether `dir` is a directory (git stores no empty ones, so it holds files). @throws UnobservedPathsError when unknown. */
  dirHasFiles(dir: string): boolean {
    return this.#known(dir, dir) === "tree";
  }

  /** The kustomization file of `dir` in kustomize's lookup order, or undefined. @throws UnobservedPathsError naming `dir` when unknown. */
  kustomizationFileOf(dir: string): string | undefined {
    const prefix = dir === "" ? "" : `${dir}/`;
    const kind = this.kindOf(dir);
    if (kind !== undefined && kind !== "tree") return undefined;
    for (const name of KUSTOMIZATION_NAMES) {
      if (this.#known(`${prefix}${name}`, dir) === "blob") return `${prefix}${name}`;
    }
    return undefined;
  }

  /**
   * The directories `template` (`layout.namespaceDir`) could have produced for namespace `name`, at any team, sorted:
   * each segment with another placeholder than `{namespace}` is matched against the entries of the directory above
   * it (which grows with teams, not namespaces), every other segment is filled in.
   * @throws UnobservedPathsError naming the directories to list or look up when some are unknown.
   */
  layoutDirsOf(template: string, name: string): string[] {
    const pattern = layoutPattern(template);
    let frontier = [""];
    const missing: string[] = [];
    for (const parts of pattern.segments) {
      const literal = literalSegment(parts, name);
      const next: string[] = [];
      for (const at of frontier) {
        const prefix = at === "" ? "" : `${at}/`;
        if (literal !== undefined) {
          next.push(`${prefix}${literal}`);
          continue;
        }
        const kind = this.kindOf(at);
        if (kind !== undefined && kind !== "tree") continue;
        const entries = this.#nodes.get(at)?.entries;
        if (!entries) {
          missing.push(at);
          continue;
        }
        for (const entry of entries.values()) {
          if (entry.type === "tree" && segmentMatches(parts, entry.name, name)) next.push(`${prefix}${entry.name}`);
        }
      }
      frontier = next;
    }
    const found: string[] = [];
    for (const dir of frontier) {
      const kind = this.kindOf(dir);
      if (kind === undefined) missing.push(dir);
      else if (kind === "tree" && dirMatches(pattern, dir.split("/"), name)) found.push(dir);
    }
    if (missing.length > 0) throw new UnobservedPathsError(missing);
    return found.sort();
  }

  /** @throws Error: a partial view cannot count the repository's paths. */
  get size(): number {
    throw new Error("tree-view: the number of paths of a partially read tree is not known; ask about the paths you need");
  }

  /** @throws Error: a partial view cannot list the repository's paths. */
  forEach(): void {
    this.#unlistable();
  }

  entries(): SetIterator<[string, string]> {
    return this.#unlistable();
  }

  keys(): SetIterator<string> {
    return this.#unlistable();
  }

  values(): SetIterator<string> {
    return this.#unlistable();
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.#unlistable();
  }

  #unlistable(): never {
    throw new Error("tree-view: a partially read tree cannot list every path; ask about the paths you need");
  }

  /** The kind at `path`, or throws naming `ask` (the path to look up) when unknown. */
  #known(path: string, ask: string): EntryType | "absent" {
    const kind = this.kindOf(path);
    if (kind === undefined) throw new UnobservedPathsError([ask]);
    return kind;
  }

  #entryAt(path: string): { kind: EntryType | "absent"; oid?: string } | undefined {
    const own = this.#nodes.get(path);
    if (own) return own;
    // The nearest ancestor looked up answers: an absent path or a file has nothing below it, and a directory's
    // entries say whether the next segment exists.
    const segments = path.split("/");
    for (let depth = segments.length - 1; depth >= 0; depth--) {
      const at = segments.slice(0, depth).join("/");
      const node = this.#nodes.get(at);
      if (!node) continue;
      if (node.kind !== "tree") return { kind: "absent" };
      if (!node.entries) return undefined;
      const child = node.entries.get(segments[depth]!);
      if (!child) return { kind: "absent" };
      if (depth === segments.length - 1) return child.oid === undefined ? { kind: child.type } : { kind: child.type, oid: child.oid };
      return child.type === "tree" ? undefined : { kind: "absent" };
    }
    return undefined;
  }
}

/** Whether a snapshot's `paths` is a partial {@link TreeView} rather than every path of the tree. */
export function isTreeView(paths: ReadonlySet<string>): paths is TreeView {
  return paths instanceof TreeView;
}

/** Looks paths up at a view's commit (one round trip for all of them). */
export type PathLookup = (paths: readonly string[]) => Promise<ReadonlyMap<string, PathObservation>>;

/**
 * Runs `work` (validation, rendering: pure functions of a snapshot whose `paths` is `view`) and, each time it stops
 * at paths the view never looked up, looks them all up at once, records them and runs it again, for at most
 * `maxRounds` look-ups; then the last {@link UnobservedPathsError} is thrown (the caller fails closed).
 */
export async function settleObserved<T>(view: TreeView, lookup: PathLookup, work: () => T | Promise<T>, maxRounds = 4): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof UnobservedPathsError) || round >= maxRounds) throw error;
      const found = await lookup(error.paths);
      for (const path of error.paths) {
        const observation = found.get(path);
        if (!observation) throw new Error(`tree-view: the look-up of ${error.paths.length} path(s) did not answer for ${path}`);
        view.observe(path, observation);
      }
    }
  }
}
