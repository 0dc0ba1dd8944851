import type { PullInfo } from "../github/reader.js";
import type { IssueRef } from "../github/repo-ref.js";
import { markerNamesRequest, requestOfPull } from "../publishing/request-marker.js";
import type { RequestOutcome } from "./reconcile-request.js";
import { syncRequestStatus } from "./request-status.js";
import type { RequestRun } from "./run.js";

/**
 * The pull request found by a request's branch, screened: `own` when its marker (in the body the bot wrote) names
 * this very request, `foreign` when it names another request or none, `none` when there is no pull request or only
 * a closed foreign one whose branch is gone (nothing of it can be touched any more, so the branch is free again).
 */
export type ScreenedPull = { kind: "own"; pull: PullInfo } | { kind: "foreign"; pull: PullInfo } | { kind: "none" };

/** Whether the marker in a pull request's body names `ref` (owner and repository compared as GitHub does, ignoring case). */
export function pullNamesRequest(pull: PullInfo, ref: IssueRef): boolean {
  return markerNamesRequest(pull.body, ref);
}

/**
 * Screens the pull request `findPullForBranch` found for a request's branch. Branch templates without the request
 * repository's identity (or names that reduce to the same branch) can give two requests one branch; a request's run
 * then must never update, close, merge or delete the branch of the other's pull request.
 */
export function screenPull(pull: PullInfo | undefined, ref: IssueRef, branchSha: string | undefined): ScreenedPull {
  if (!pull) return { kind: "none" };
  if (pullNamesRequest(pull, ref)) return { kind: "own", pull };
  if (pull.state === "closed" && branchSha === undefined) return { kind: "none" };
  return { kind: "foreign", pull };
}

function foreignReason(run: RequestRun, pull: PullInfo): string {
  const named = requestOfPull(pull.body);
  const owner = named ? `belongs to the request ${named.owner}/${named.repo}#${named.number}` : "carries no onboarding-bot request marker";
  return (
    `the branch ${run.branch} of this request already has the pull request #${pull.number} in ${run.gitops.owner}/${run.gitops.repo}, which ${owner}; ` +
    "onboarding-bot leaves it alone and publishes nothing for this request. A maintainer must give requests distinct branches " +
    "(gitops.branchTemplate with {owner}, {repo} and {number}) or close that pull request and delete its branch"
  );
}

/** An open request whose branch has a foreign pull request: held with a status for maintainers; the pull request is not touched. */
export async function holdForForeignPull(run: RequestRun, pull: PullInfo): Promise<RequestOutcome> {
  run.deps.log.warn({ pull: pull.number, branch: run.branch }, "the request's branch has a pull request of another request; leaving it alone");
  await syncRequestStatus(run.issueWriter, run.ref, run.comments, { kind: "blocked", reason: foreignReason(run, pull) });
  return "blocked";
}

/** A closed request whose branch has a foreign pull request: nothing is withdrawn, the pull request is not touched. */
export function leaveForeignPull(run: RequestRun, pull: PullInfo): RequestOutcome {
  run.deps.log.warn({ pull: pull.number, branch: run.branch }, "closed request's branch has a pull request of another request; not withdrawing it");
  return "ignored";
}
