import type { Logger } from "probot";
import type { GitHubPort } from "../github/port.js";
import { fullName, type RepoRef } from "../github/repo-ref.js";
import type { Writer } from "../github/writer.js";
import type { Metrics } from "../observability/metrics.js";
import { scratchBranch } from "../publishing/publish-request.js";

/** The prefix of every scratch branch: `onboarding-bot-scratch/` followed by the request's branch. */
export const SCRATCH_PREFIX = scratchBranch("");

export interface ScratchCleanupOptions {
  /** Dry run: leftovers are found and logged, never deleted (the writer refuses the delete too). */
  dryRun: boolean;
  /** Whether the sweep's write cap allows one more write. */
  mayWrite(): boolean;
  /** Once aborted, no further scratch branch is looked at. */
  signal?: AbortSignal;
}

export interface ScratchCleanup {
  /** Leftover scratch branches deleted (or found already gone). */
  deleted: number;
  /** Leftovers found and not deleted (dry run, write cap, shutdown): the next sweep deletes them. */
  left: number;
}

/**
 * Deletes the scratch branches an update left behind (see `scratchBranch` in `publishing/publish-request.ts`): an
 * update commits on `onboarding-bot-scratch/<branch>` in one document and moves `<branch>` to that commit and deletes
 * the scratch branch in a second one, so a run that dies between the two leaves the scratch branch behind.
 *
 * One read in the common case: the branches under the prefix (usually none). A scratch branch is a leftover only
 * when its request branch is gone (one look-up each): a run between its two documents always has the request branch
 * (the update path needs it) and a new branch never uses a scratch branch, so a scratch branch whose request branch
 * exists is kept, and no other branch is ever touched. A branch already deleted (another replica's sweep) counts as
 * deleted: the writer treats "already gone" as success. A failing call throws (the sweep logs it; the next sweep
 * tries again).
 */
export async function removeLeftoverScratchBranches(
  github: GitHubPort,
  writer: Writer,
  gitops: RepoRef,
  metrics: Metrics,
  log: Logger,
  options: ScratchCleanupOptions,
): Promise<ScratchCleanup> {
  const result: ScratchCleanup = { deleted: 0, left: 0 };
  const scratches = await github.listBranches(gitops, SCRATCH_PREFIX);
  for (const { branch } of scratches) {
    if (options.signal?.aborted) {
      result.left++;
      metrics.reconcileItems.inc({ kind: "scratch-branch", outcome: "skipped" });
      continue;
    }
    const requestBranch = branch.slice(SCRATCH_PREFIX.length);
    if ((await github.getBranchSha(gitops, requestBranch)) !== undefined) {
      metrics.reconcileItems.inc({ kind: "scratch-branch", outcome: "kept" });
      continue;
    }
    const fields = { gitops: fullName(gitops), branch, requestBranch };
    if (options.dryRun || !options.mayWrite()) {
      result.left++;
      metrics.reconcileItems.inc({ kind: "scratch-branch", outcome: "skipped" });
      log.info(fields, options.dryRun ? "dry run: the sweep would delete a leftover scratch branch" : "write cap reached: a leftover scratch branch is left for the next sweep");
      continue;
    }
    await writer.deleteBranch(gitops, branch);
    result.deleted++;
    metrics.reconcileItems.inc({ kind: "scratch-branch", outcome: "deleted" });
    log.info(fields, "sweep deleted a leftover scratch branch");
  }
  return result;
}
