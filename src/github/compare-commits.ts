import type { Octokit } from "./octokit.js";
import type { RepoRef } from "./repo-ref.js";

/**
 * The files one commit changed since an earlier one, from GitHub's compare API (`GET repos/{o}/{r}/compare/{base}...{head}`,
 * one REST GET: Probot's throttle does not space REST reads the way it spaces GraphQL documents), trusted only when it
 * is certainly the whole change: `head` descends from `base` (`ahead`, merge base = `base`) and the file list is
 * complete. GitHub lists at most {@link COMPARE_FILE_LIMIT} files and says nothing when it cuts there, so a list that
 * long is taken as cut.
 */

/** GitHub's most files in one comparison; a comparison listing this many is taken as truncated. */
export const COMPARE_FILE_LIMIT = 300;

/** A file changed between the two commits (`sha`: its blob in `head`; null or stale for a removed file). */
export interface ChangedFile {
  path: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  sha: string | null;
  /** The path it was renamed or copied from. */
  previousPath?: string;
}

/** Every file changed from `base` to `head`, or why the comparison cannot be used as that. */
export type Comparison = { ok: true; files: ChangedFile[] } | { ok: false; reason: string };

/**
 * Compares `base` with `head` (commit oids of `repo`). Never throws for GitHub's answer: an error, a comparison that
 * is not `ahead` from `base`, or a file list that may be cut is `{ ok: false, reason }` (the caller reads another way).
 */
export async function changedFilesSince(octokit: Octokit, repo: RepoRef, base: string, head: string): Promise<Comparison> {
  let data;
  try {
    ({ data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner: repo.owner, repo: repo.repo, basehead: `${base}...${head}` }));
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    return { ok: false, reason: `GitHub did not compare ${base}...${head}${typeof status === "number" ? ` (HTTP ${status})` : ""}` };
  }
  if (data.status !== "ahead" || data.behind_by !== 0 || data.merge_base_commit.sha !== base) {
    return { ok: false, reason: `${head} is ${data.status} of ${base}, not a descendant` };
  }
  const files = data.files;
  if (!files) return { ok: false, reason: "GitHub listed no files" };
  if (files.length >= COMPARE_FILE_LIMIT) return { ok: false, reason: `GitHub listed ${files.length} files: the list may be cut at ${COMPARE_FILE_LIMIT}` };
  return {
    ok: true,
    files: files.map((f) => ({ path: f.filename, status: f.status, sha: f.sha, ...(f.previous_filename === undefined ? {} : { previousPath: f.previous_filename }) })),
  };
}
