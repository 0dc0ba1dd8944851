import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { isMap, parseDocument } from "yaml";
import { kustomizeInputDigest } from "../helpers/kustomize-inputs.js";
import { listFiles } from "./fixture-repo.js";

const run = promisify(execFile);

/**
 * The provenance annotation keys Operate First's namespaces carry (`openshift.io/` and `op1st/` mixed, no
 * description), as `namespaces.annotations` configures them.
 */
export const OPERATE_FIRST_ANNOTATIONS = {
  requester: "openshift.io/requester",
  owner: "op1st/project-owner",
  issue: "op1st/onboarding-issue",
  docs: "op1st/docs",
  displayName: "openshift.io/display-name",
  description: false,
} as const;

/** File name of the operate-first/apps snapshot in `shared/real-world/`. */
const TARBALL = "operate-first-apps-0b063ae5-cluster-scope.tar.gz";

/**
 * The operate-first/apps snapshot: `$ONBOARDING_REAL_WORLD_DIR/<tarball>` when set, else `shared/real-world/<tarball>`
 * in the nearest ancestor of this repository that has it (`../shared` of the main checkout, `../../shared` of a
 * worktree). `undefined` when absent: the tests that need it skip and say so.
 */
export function findRealWorldTarball(): string | undefined {
  const override = process.env.ONBOARDING_REAL_WORLD_DIR;
  if (override) return existsSync(path.join(override, TARBALL)) ? path.join(override, TARBALL) : undefined;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "shared", "real-world", TARBALL);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Drops the `generators` key from every kustomization that has one: they run ksops, a secrets plugin that cannot
 * run here (see shared/real-world/README.md). Returns the files changed.
 */
function dropGenerators(root: string): string[] {
  const changed: string[] = [];
  for (const file of listFiles(root).filter((p) => path.posix.basename(p) === "kustomization.yaml")) {
    const full = path.join(root, file);
    const text = readFileSync(full, "utf8");
    if (!/^generators:/m.test(text)) continue;
    const doc = parseDocument(text);
    if (!isMap(doc.contents) || !doc.contents.has("generators")) continue;
    doc.contents.delete("generators");
    writeFileSync(full, doc.toString());
    changed.push(file);
  }
  return changed;
}

/** Unpacks the snapshot into a new temporary directory (holding `cluster-scope/`), ready for `kubectl kustomize`. */
export function unpackRealWorld(tarball: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "opf-apps-"));
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  dropGenerators(dir);
  return dir;
}

/** The tree under `root` as it is now: every file's bytes and every directory, by repository path. */
export interface TreeState {
  files: ReadonlyMap<string, Buffer>;
  dirs: ReadonlySet<string>;
}

/** Reads the whole tree under `root` into memory ({@link TreeState}); files in path order, as `listFiles` lists them. */
export function readTree(root: string): TreeState {
  const files = new Map<string, Buffer>();
  const dirs = new Set<string>();
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        dirs.add(child);
        walk(child);
      } else if (entry.isFile()) files.set(child, readFileSync(path.join(root, child)));
    }
  };
  walk("");
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), dirs };
}

/**
 * Puts the tree under `root` back to `state` exactly: what a test added is removed (files and directories), what it
 * deleted or changed is written back. Cheaper than a fresh copy of a large tree for each test; the tree is read back
 * and compared afterwards, so a test can never see what an earlier one did.
 */
export function resetTree(root: string, state: TreeState): void {
  const now = readTree(root);
  for (const dir of now.dirs) if (!state.dirs.has(dir)) rmSync(path.join(root, dir), { recursive: true, force: true });
  for (const file of now.files.keys()) if (!state.files.has(file)) rmSync(path.join(root, file), { force: true });
  for (const dir of state.dirs) mkdirSync(path.join(root, dir), { recursive: true });
  for (const [file, bytes] of state.files) if (!now.files.get(file)?.equals(bytes)) writeFileSync(path.join(root, file), bytes);
  const after = readTree(root);
  const same = after.dirs.size === state.dirs.size && [...state.dirs].every((d) => after.dirs.has(d)) && after.files.size === state.files.size && [...state.files].every(([f, b]) => after.files.get(f)?.equals(b));
  if (!same) throw new Error(`resetTree: ${root} differs from the state it was reset to`);
}

/** Successful builds of this process by {@link kustomizeInputDigest}: kustomize's output depends only on its inputs. */
const builds = new Map<string, Promise<string[]>>();

/**
 * `kubectl kustomize` of `overlay` in `root`: the output's documents, each as kubectl printed it. kubectl runs once
 * per distinct input ({@link kustomizeInputDigest}): an overlay whose inputs a test left byte-identical (in this tree
 * or a copy of it) gets the documents kubectl printed for them before. Failures are not kept.
 */
export function buildDocuments(root: string, overlay: string): Promise<string[]> {
  const digest = kustomizeInputDigest(root, overlay);
  const cached = builds.get(digest);
  if (cached) return cached.then((docs) => [...docs]);
  const build = run("kubectl", ["kustomize", "--", path.join(root, overlay)], { maxBuffer: 64 * 1024 * 1024 }).then(({ stdout }) =>
    stdout.split(/^---\n/m).filter((doc) => doc.trim() !== ""),
  );
  builds.set(digest, build);
  build.catch(() => builds.delete(digest));
  return build.then((docs) => [...docs]);
}

/** Documents of `after` that `before` lacks and documents of `before` that `after` lacks, as multisets. */
export function documentChange(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const count = new Map<string, number>();
  for (const doc of before) count.set(doc, (count.get(doc) ?? 0) + 1);
  const added: string[] = [];
  for (const doc of after) {
    const n = count.get(doc) ?? 0;
    if (n > 0) count.set(doc, n - 1);
    else added.push(doc);
  }
  const removed = [...count].flatMap(([doc, n]) => Array<string>(n).fill(doc));
  return { added, removed };
}
