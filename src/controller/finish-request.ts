import type { Config } from "../config/schema.js";
import { listComments, type CommentInfo, type PullInfo } from "../github/reader.js";
import type { OnboardingRequest } from "../types.js";
import { requestLabelsFor, syncRequestStatus } from "./request-status.js";
import type { RequestOutcome } from "./reconcile-request.js";
import type { RequestRun } from "./run.js";
import { syncLabels } from "./sync-labels.js";


/** Labels on the request issue that the bot manages. */
export function managedRequestLabels(config: Config): string[] {
  const l = config.labels;
  return [l.validated, l.needsChanges, l.completed, l.rejected];
}

/** The pull request merged: say what was created, label and close the request as completed. */
export async function completeRequest(run: RequestRun, pull: PullInfo, request?: OnboardingRequest): Promise<RequestOutcome> {
  const { ref, config, issue, issueWriter, comments } = run;
  await syncRequestStatus(issueWriter, ref, comments, {
    kind: "completed",
    pullRequest: { number: pull.number, url: pull.htmlUrl, state: "merged" },
    request,
  });
  await syncLabels(issueWriter, ref, issue.labels, requestLabelsFor(config, "completed"), managedRequestLabels(config));
  if (issue.state === "open") await issueWriter.setIssueState(ref, "closed", "completed");
  return "completed";
}

/** The pull request was closed without merge: the request is rejected and stays open for the requester. */
export async function rejectRequest(run: RequestRun, pull: PullInfo): Promise<RequestOutcome> {
  const { ref, config, issue, issueWriter, comments } = run;
  const octokit = await run.deps.octokitFor(run.gitops);
  const pullComments = await listComments(octokit, { ...run.gitops, number: pull.number });
  const reason = rejectionReason(pullComments, pull);
  await syncRequestStatus(issueWriter, ref, comments, {
    kind: "rejected",
    pullRequest: { number: pull.number, url: pull.htmlUrl, state: "closed" },
    reason,
  });
  await syncLabels(issueWriter, ref, issue.labels, requestLabelsFor(config, "rejected"), managedRequestLabels(config));
  return "rejected";
}

/** The last thing a person said on the pull request before it was closed: the closest thing to a reason. */
function rejectionReason(comments: CommentInfo[], pull: PullInfo): string {
  const closedAt = pull.closedAt ?? "\uffff";
  const human = comments.filter((c) => c.user.type !== "Bot" && c.createdAt <= closedAt);
  const last = human[human.length - 1];
  if (!last) return "The pull request was closed without a comment.";
  const text = last.body.trim().replace(/\s+/g, " ");
  return `@${last.user.login} wrote: ${text.length > 500 ? `${text.slice(0, 497)}...` : text}`;
}

