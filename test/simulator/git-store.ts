import { createHash } from "node:crypto";

/** A person line of a git commit; `date` is ISO 8601 without milliseconds, as GitHub returns it. */
export interface GitPerson {
  name: string;
  email: string;
  date: string;
}

/** GitHub's `verification` object of a commit. */
export interface Verification {
  verified: boolean;
  reason: string;
  signature: string | null;
  payload: string | null;
  verified_at: string | null;
}

/** One entry of a tree object; `mode` is spelled as the REST API spells it (`040000` for trees). */
export interface TreeEntry {
  name: string;
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
}

/** A stored git object. */
export type GitObject =
  | { type: "blob"; data: Buffer }
  | { type: "tree"; entries: TreeEntry[] }
  | {
      type: "commit";
      tree: string;
      parents: string[];
      author: GitPerson;
      committer: GitPerson;
      message: string;
      verification: Verification;
    };

/** A commit object. */
export type GitCommit = Extract<GitObject, { type: "commit" }>;

/** A file (or submodule) in a flattened tree: path -> mode and object sha. */
export interface FlatEntry {
  mode: string;
  type: "blob" | "commit";
  sha: string;
}

/** One change to apply to a tree, as `POST git/trees` entries describe them; `sha: null` deletes the path. */
export interface TreeChange {
  path: string;
  mode?: string;
  type?: "blob" | "tree" | "commit";
  sha?: string | null;
  content?: string;
}

/** Thrown for changes git would refuse (unknown objects, bad paths); the REST layer answers 422. */
export class GitStoreError extends Error {}

/**
 * A directory while a tree is edited. Loaded lazily: `sha` without `entries` is a stored tree not looked into yet, so
 * an edit costs the directories it touches, not the size of the whole tree; `sha` is dropped once an edit changes it.
 */
interface Dir {
  sha?: string;
  entries?: Map<string, Dir | FlatEntry>;
}

const SHA = /^[0-9a-f]{40}$/;

/**
 * A git object database with real object hashing (sha1 over `blob <len>\0…`, binary tree entries, commit text), so
 * identical content always yields identical shas, exactly like git and GitHub.
 */
export class GitStore {
  readonly #objects = new Map<string, GitObject>();
  readonly #diffs = new Map<string, ReadonlyMap<string, FlatEntry | null>>();

  /** The object with this sha, if stored. */
  get(sha: string): GitObject | undefined {
    return this.#objects.get(sha);
  }

  /** The commit with this sha, if `sha` names a stored commit. */
  commit(sha: string): GitCommit | undefined {
    const object = this.#objects.get(sha);
    return object?.type === "commit" ? object : undefined;
  }

  /** The entries of the tree with this sha, if `sha` names a stored tree. */
  tree(sha: string): TreeEntry[] | undefined {
    const object = this.#objects.get(sha);
    return object?.type === "tree" ? object.entries : undefined;
  }

  /** The bytes of the blob with this sha, if `sha` names a stored blob. */
  blob(sha: string): Buffer | undefined {
    const object = this.#objects.get(sha);
    return object?.type === "blob" ? object.data : undefined;
  }

  /** Stores a blob and returns its sha. */
  writeBlob(data: Buffer | string): string {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    return this.#store("blob", bytes, { type: "blob", data: bytes });
  }

  /** Stores a tree (entries are sorted the way git sorts them) and returns its sha. */
  writeTree(entries: TreeEntry[]): string {
    // git orders entries by the bytes of their names (a directory's with a '/' after it). For ASCII names (the
    // usual case) the strings' order is that order; any other name is compared as UTF-8 bytes.
    const keyed = entries.map((e) => ({ e, key: e.type === "tree" ? `${e.name}/` : e.name }));
    const ascii = keyed.every(({ key }) => ASCII.test(key));
    const sorted = keyed
      .sort(ascii ? (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : (a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)))
      .map(({ e }) => e);
    const parts: Buffer[] = [];
    for (const e of sorted) {
      parts.push(Buffer.from(`${e.mode === "040000" ? "40000" : e.mode} ${e.name}\0`, "utf8"), Buffer.from(e.sha, "hex"));
    }
    return this.#store("tree", Buffer.concat(parts), { type: "tree", entries: sorted });
  }

  /** Stores a commit and returns its sha; the tree and parents must exist. */
  writeCommit(commit: Omit<GitCommit, "type">): string {
    if (!this.tree(commit.tree)) throw new GitStoreError(`Tree SHA does not exist: ${commit.tree}`);
    for (const parent of commit.parents) {
      if (!this.commit(parent)) throw new GitStoreError(`Parent SHA does not exist or is not a commit object: ${parent}`);
    }
    const lines = [`tree ${commit.tree}`, ...commit.parents.map((p) => `parent ${p}`)];
    lines.push(`author ${personLine(commit.author)}`, `committer ${personLine(commit.committer)}`, "", commit.message);
    return this.#store("commit", Buffer.from(lines.join("\n"), "utf8"), { type: "commit", ...commit });
  }

  /** Every blob (and submodule) under a tree, by full path. */
  flatten(treeSha: string, prefix = "", into = new Map<string, FlatEntry>()): Map<string, FlatEntry> {
    for (const e of this.tree(treeSha) ?? []) {
      const path = prefix + e.name;
      if (e.type === "tree") this.flatten(e.sha, `${path}/`, into);
      else into.set(path, { mode: e.mode, type: e.type, sha: e.sha });
    }
    return into;
  }

  /**
   * The files whose entry differs between two trees (`undefined`: the empty tree), with the entry in `to` (`null`:
   * deleted), as comparing their flattened forms would give; subtrees with the same sha are skipped, so the cost is
   * the size of the change, not of the trees.
   */
  diff(from: string | undefined, to: string | undefined): ReadonlyMap<string, FlatEntry | null> {
    // Trees never change, so neither does their diff: pull request payloads ask for the same one again and again.
    const key = `${from ?? ""}:${to ?? ""}`;
    let changes = this.#diffs.get(key);
    if (!changes) {
      changes = this.#diff(from, to, "", new Map());
      this.#diffs.set(key, changes);
      if (this.#diffs.size > 256) this.#diffs.delete(this.#diffs.keys().next().value as string);
    }
    return changes;
  }

  #diff(from: string | undefined, to: string | undefined, prefix: string, out: Map<string, FlatEntry | null>): Map<string, FlatEntry | null> {
    if (from === to) return out;
    const before = new Map((from === undefined ? [] : (this.tree(from) ?? [])).map((e) => [e.name, e]));
    const after = new Map((to === undefined ? [] : (this.tree(to) ?? [])).map((e) => [e.name, e]));
    for (const [name, a] of after) {
      const b = before.get(name);
      const path = prefix + name;
      if (a.type === "tree") {
        this.#diff(b?.type === "tree" ? b.sha : undefined, a.sha, `${path}/`, out);
        if (b && b.type !== "tree") out.set(path, null);
      } else {
        if (b?.type === "tree") this.#diff(b.sha, undefined, `${path}/`, out);
        if (!b || b.sha !== a.sha || b.mode !== a.mode) out.set(path, { mode: a.mode, type: a.type, sha: a.sha });
      }
    }
    for (const [name, b] of before) {
      if (after.has(name)) continue;
      if (b.type === "tree") this.#diff(b.sha, undefined, `${prefix}${name}/`, out);
      else out.set(prefix + name, null);
    }
    return out;
  }

  /** The file (or submodule) at `path` under a tree, if any (a directory there is no file). */
  fileAt(treeSha: string | undefined, path: string): FlatEntry | undefined {
    const entry = treeSha === undefined ? undefined : this.lookup(treeSha, path);
    return entry && entry.type !== "tree" ? { mode: entry.mode, type: entry.type, sha: entry.sha } : undefined;
  }

  /** Every entry (trees included) under a tree, depth first in git order, with full paths. */
  listRecursive(treeSha: string, prefix = "", out: Array<TreeEntry & { path: string }> = []): Array<TreeEntry & { path: string }> {
    for (const e of this.tree(treeSha) ?? []) {
      out.push({ ...e, path: prefix + e.name });
      if (e.type === "tree") this.listRecursive(e.sha, `${prefix}${e.name}/`, out);
    }
    return out;
  }

  /** The entry at `path` under a tree (`""` is the tree itself). */
  lookup(treeSha: string, path: string): TreeEntry | undefined {
    let current: TreeEntry = { name: "", mode: "040000", type: "tree", sha: treeSha };
    for (const part of path.split("/").filter((p) => p !== "")) {
      if (current.type !== "tree") return undefined;
      const next = this.tree(current.sha)?.find((e) => e.name === part);
      if (!next) return undefined;
      current = next;
    }
    return current;
  }

  /**
   * Writes a new tree: `base` (a tree sha, or none for an empty tree) with `changes` applied. Nested paths create
   * intermediate trees; deletions drop directories left empty, as git does.
   */
  applyChanges(base: string | undefined, changes: readonly TreeChange[]): string {
    const root: Dir = base === undefined ? { entries: new Map() } : this.#load(base);
    for (const change of changes) {
      const parts = change.path.split("/");
      if (parts.some((p) => p === "" || p === "." || p === "..")) {
        throw new GitStoreError(`tree.path '${change.path}' is not a valid path`);
      }
      const name = parts.pop() as string;
      let dir: Dir = root;
      let missing = false;
      const touched: Dir[] = [root];
      for (const part of parts) {
        const next = this.#entries(dir).get(part);
        if (next && !("type" in next)) {
          dir = next;
          touched.push(dir);
          continue;
        }
        if (change.sha === null) {
          missing = true;
          break;
        }
        const created: Dir = { entries: new Map() };
        this.#entries(dir).set(part, created);
        dir = created;
        touched.push(dir);
      }
      if (missing) continue;
      for (const d of touched) {
        this.#entries(d); // loaded before it stops being the stored tree it was
        delete d.sha;
      }
      if (change.sha === null) {
        this.#entries(dir).delete(name);
        continue;
      }
      this.#entries(dir).set(name, this.#entryFor(change));
    }
    return this.#write(root) ?? this.writeTree([]);
  }

  /**
   * Writes the tree of a whole repository from file contents in one pass, fast enough for 100,000s of files: paths
   * are grouped into directories directly (no tree edit per file), and each distinct blob content and each distinct
   * directory is hashed once (a directory of many namespaces whose directories hold the same files costs one subtree).
   * The shas are the same as {@link applyChanges} gives for the same files.
   */
  bulkWrite(files: Iterable<readonly [string, string]>): string {
    type Node = Map<string, Node | string>;
    const root: Node = new Map();
    const blobs = new Map<string, string>();
    for (const [path, content] of files) {
      const parts = path.split("/");
      if (parts.some((p) => p === "" || p === "." || p === "..")) throw new GitStoreError(`tree.path '${path}' is not a valid path`);
      const name = parts.pop() as string;
      let dir = root;
      for (const part of parts) {
        let next = dir.get(part);
        if (typeof next === "string") throw new GitStoreError(`tree.path '${path}': '${part}' is a file`);
        if (next === undefined) {
          next = new Map();
          dir.set(part, next);
        }
        dir = next;
      }
      let sha = blobs.get(content);
      if (sha === undefined) {
        sha = this.writeBlob(content);
        blobs.set(content, sha);
      }
      dir.set(name, sha);
    }
    const trees = new Map<string, string>();
    const write = (dir: Node): string => {
      const entries: TreeEntry[] = [...dir].map(([name, node]) =>
        typeof node === "string" ? { name, mode: "100644", type: "blob", sha: node } : { name, mode: "040000", type: "tree", sha: write(node) },
      );
      const key = entries.map((e) => `${e.mode} ${e.name} ${e.sha}`).join("\n");
      let sha = trees.get(key);
      if (sha === undefined) {
        sha = this.writeTree(entries);
        trees.set(key, sha);
      }
      return sha;
    };
    return write(root);
  }

  /** Writes a tree holding exactly `files` (path -> content or existing entry). */
  writeFiles(files: Map<string, FlatEntry>): string {
    return this.applyChanges(
      undefined,
      [...files].map(([path, e]) => ({ path, mode: e.mode, type: e.type, sha: e.sha })),
    );
  }

  /** Whether `ancestor` is `descendant` or one of its ancestors. */
  isAncestor(ancestor: string, descendant: string): boolean {
    return this.ancestors(descendant).has(ancestor);
  }

  /** `sha` and every commit reachable from it. */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.commit(next)?.parents ?? []));
    }
    return seen;
  }

  /** The best common ancestor of two commits (nearest to `b` breadth first), if any. */
  mergeBase(a: string, b: string): string | undefined {
    const fromA = this.ancestors(a);
    const seen = new Set<string>();
    const queue = [b];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (fromA.has(next)) return next;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.commit(next)?.parents ?? []));
    }
    return undefined;
  }

  /** Commits reachable from `head` but not from `base`, oldest first. */
  commitsBetween(base: string | undefined, head: string): string[] {
    const exclude = base === undefined ? new Set<string>() : this.ancestors(base);
    const order: string[] = [];
    const seen = new Set<string>();
    const visit = (sha: string): void => {
      if (seen.has(sha) || exclude.has(sha)) return;
      seen.add(sha);
      for (const parent of this.commit(sha)?.parents ?? []) visit(parent);
      order.push(sha);
    };
    visit(head);
    return order;
  }

  /** Whether `value` looks like a full object id. */
  static isSha(value: string): boolean {
    return SHA.test(value);
  }

  #entryFor(change: TreeChange): Dir | FlatEntry {
    if (change.content !== undefined) {
      if (change.sha !== undefined) throw new GitStoreError(`tree.path '${change.path}': use either sha or content, not both`);
      return { mode: change.mode ?? "100644", type: "blob", sha: this.writeBlob(change.content) };
    }
    const sha = change.sha;
    if (sha === undefined || sha === null) throw new GitStoreError(`tree.path '${change.path}': sha or content is required`);
    const object = this.#objects.get(sha);
    if (change.type === "commit" || change.mode === "160000") return { mode: "160000", type: "commit", sha };
    if (!object) throw new GitStoreError(`tree.sha ${sha} is not a valid object`);
    if (object.type === "tree") return this.#load(sha);
    if (object.type !== "blob") throw new GitStoreError(`tree.sha ${sha} is not a blob or tree`);
    return { mode: change.mode ?? "100644", type: "blob", sha };
  }

  /** A stored tree as a directory to edit; its entries are read only when an edit goes into it. */
  #load(treeSha: string): Dir {
    if (!this.tree(treeSha)) throw new GitStoreError(`base_tree ${treeSha} is not a valid tree`);
    return { sha: treeSha };
  }

  #entries(dir: Dir): Map<string, Dir | FlatEntry> {
    if (!dir.entries) {
      dir.entries = new Map();
      for (const e of this.tree(dir.sha as string) ?? []) {
        dir.entries.set(e.name, e.type === "tree" ? { sha: e.sha } : { mode: e.mode, type: e.type, sha: e.sha });
      }
    }
    return dir.entries;
  }

  /** Writes a directory's tree (an unchanged one is its stored sha); undefined when it holds nothing. */
  #write(dir: Dir): string | undefined {
    if (dir.sha !== undefined) return dir.sha;
    const entries: TreeEntry[] = [];
    for (const [name, node] of this.#entries(dir)) {
      if ("type" in node) {
        entries.push({ name, mode: node.mode, type: node.type, sha: node.sha });
        continue;
      }
      const sha = this.#write(node);
      if (sha !== undefined) entries.push({ name, mode: "040000", type: "tree", sha });
    }
    return entries.length === 0 ? undefined : this.writeTree(entries);
  }

  #store(kind: string, body: Buffer, object: GitObject): string {
    const sha = createHash("sha1").update(`${kind} ${body.length}\0`).update(body).digest("hex");
    if (!this.#objects.has(sha)) this.#objects.set(sha, object);
    return sha;
  }
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;

function personLine(p: GitPerson): string {
  const seconds = Math.floor(Date.parse(p.date) / 1000);
  return `${p.name} <${p.email}> ${seconds} +0000`;
}
