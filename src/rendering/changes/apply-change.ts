import { lstat, readFile, readdir, realpath, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import type { FileChange } from "../../types.js";
import { applyToDirectory } from "../apply-to-directory.js";
import { checkRepoPath } from "../safe-path.js";

/** What {@link applyChange} did: paths written and deleted (none in a dry run) and the unified diff of everything. */
export interface AppliedChange {
  written: string[];
  deleted: string[];
  diff: string;
}

/** The absolute path of a file to delete inside `root`; throws when it is not a plain regular file inside it. */
async function deletable(root: string, relative: string): Promise<string> {
  const checked = checkRepoPath(relative, relative);
  if (!checked.ok) throw new Error(`apply-change: refusing to delete ${checked.error}`);
  const target = path.join(root, ...checked.path.split("/"));
  const info = await lstat(target).catch(() => undefined);
  if (!info) throw new Error(`apply-change: cannot delete '${relative}': it does not exist in ${root}`);
  if (!info.isFile()) throw new Error(`apply-change: refusing to delete '${relative}': it is not a regular file`);
  const parent = await realpath(path.dirname(target));
  const rel = path.relative(root, parent);
  if (rel.startsWith("..") || path.isAbsolute(rel)) throw new Error(`apply-change: refusing to delete '${relative}': its directory resolves outside ${root}`);
  return target;
}

/**
 * Applies a rendered change to a checkout at `dir`: `files` are written as `applyToDirectory` writes them (every path
 * checked first), `deletions` removed (each must be a regular file inside `dir`, not through a symbolic link; all are
 * checked before anything is written), and directories a deletion leaves empty removed too. With `dryRun` nothing is
 * touched. Returns the unified diff of the writes followed by the deletions (`a/<path>` → `/dev/null`).
 */
export async function applyChange(dir: string, files: readonly FileChange[], deletions: readonly string[], options: { dryRun: boolean }): Promise<AppliedChange> {
  const root = await realpath(dir);
  const targets: Array<{ file: string; target: string; before: string }> = [];
  for (const file of [...deletions].sort()) {
    const target = await deletable(root, file);
    targets.push({ file, target, before: await readFile(target, "utf8") });
  }
  await applyToDirectory(root, files, { dryRun: true });
  const written = await applyToDirectory(root, files, options);
  const patches = targets.map(({ file, before }) => createTwoFilesPatch(`a/${file}`, "/dev/null", before, "", undefined, undefined, { context: 3 }));
  if (options.dryRun) return { written: [], deleted: [], diff: written.diff + patches.join("") };
  for (const { target } of targets) {
    await rm(target);
    for (let parent = path.dirname(target); parent !== root && (await readdir(parent)).length === 0; parent = path.dirname(parent)) await rmdir(parent);
  }
  return { written: written.written, deleted: targets.map((t) => t.file), diff: written.diff + patches.join("") };
}
