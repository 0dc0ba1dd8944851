import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { isMap, parseDocument } from "yaml";
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

/** `kubectl kustomize` of `overlay` in `root`: the output's documents, each as kubectl printed it. */
export async function buildDocuments(root: string, overlay: string): Promise<string[]> {
  const { stdout } = await run("kubectl", ["kustomize", "--", path.join(root, overlay)], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split(/^---\n/m).filter((doc) => doc.trim() !== "");
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
