import { lstat, mkdir, readFile, realpath, writeFile } from "node:fs/promises";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import type { FileChange } from "../types.js";
import { checkRepoPath } from "./safe-path.js";

/** What {@link applyToDirectory} did: the paths written (none in a dry run) and the unified diff of every change. */
export interface ApplyResult {
  written: string[];
  diff: string;
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves a repository-relative path inside `root` (already a realpath) and refuses it when it could escape: not a
 * canonical relative path, a symlink at the target, or an existing ancestor whose realpath lies outside `root`.
 */
async function resolveInside(root: string, relative: string): Promise<string> {
  const checked = checkRepoPath(relative, relative);
  if (!checked.ok) throw new Error(`apply-to-directory: refusing ${checked.error}`);
  const target = path.join(root, ...checked.path.split("/"));
  if (!isInside(root, target)) throw new Error(`apply-to-directory: refusing '${relative}': it resolves outside ${root}`);
  const info = await lstat(target).catch(() => undefined);
  if (info?.isSymbolicLink()) throw new Error(`apply-to-directory: refusing '${relative}': it is a symbolic link`);
  if (info && !info.isFile()) throw new Error(`apply-to-directory: refusing '${relative}': it exists and is not a regular file`);
  let ancestor = path.dirname(target);
  while (ancestor !== root && !(await exists(ancestor))) ancestor = path.dirname(ancestor);
  const real = await realpath(ancestor);
  if (real !== root && !isInside(root, real)) {
    throw new Error(`apply-to-directory: refusing '${relative}': its directory resolves to ${real}, outside ${root}`);
  }
  return target;
}

/**
 * Writes rendered files into a checkout of the GitOps repository at `dir` (or, with `dryRun`, only computes the
 * change). Every path is checked before anything is written: a path that is absolute, has `..`, or would escape `dir`
 * through a symbolic link refuses the whole set (the function throws; nothing was written). Returns the written paths
 * and a unified diff (`a/<path>` → `b/<path>`, `/dev/null` for new files) of the files whose content changes.
 */
export async function applyToDirectory(dir: string, files: readonly FileChange[], options: { dryRun: boolean }): Promise<ApplyResult> {
  const root = await realpath(dir);
  const planned: Array<{ file: FileChange; target: string; before: string | undefined }> = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const target = await resolveInside(root, file.path);
    const before = await readFile(target, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    planned.push({ file, target, before });
  }
  const patches: string[] = [];
  const written: string[] = [];
  for (const { file, target, before } of planned) {
    if (before === file.content) continue;
    const oldName = before === undefined ? "/dev/null" : `a/${file.path}`;
    patches.push(createTwoFilesPatch(oldName, `b/${file.path}`, before ?? "", file.content, undefined, undefined, { context: 3 }));
    if (options.dryRun) continue;
    await mkdir(path.dirname(target), { recursive: true });
    // Re-check after creating directories: a directory swapped for a symlink meanwhile must not redirect the write.
    await resolveInside(root, file.path);
    await writeFile(target, file.content, "utf8");
    written.push(file.path);
  }
  return { written, diff: patches.join("") };
}
