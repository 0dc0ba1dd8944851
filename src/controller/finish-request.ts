import type { Config } from "../config/schema.js";
import type { CommentInfo, PullInfo } from "../github/reader.js";
import { parseIssueBody } from "../intake/parse-issue-body.js";
import { groupDirOf } from "../rendering/plan-layout.js";
import { STATUS_MARKER } from "../status/markers.js";
import { renderRequestStatus, type StatusChange, type StatusSummary } from "../status/render-request-status.js";
import { CHANGE_KIND_INFO } from "../requests/request-kinds.js";
import type { OnboardingRequest } from "../types.js";
import { requestLabelsFor, syncRequestStatus } from "./request-status.js";
import type { RequestOutcome } from "./reconcile-request.js";
import type { RequestRun } from "./run.js";
import type { CompletionDetails } from "../plan/pull/plan-pull.js";
import { syncLabels } from "./sync-labels.js";
import { findMarkedComment } from "./upsert-marked-comment.js";

/** Labels on the request issue that the bot manages. */
export function managedRequestLabels(config: Config): string[] {
  const l = config.labels;
  return [l.validated, l.needsChanges, l.completed, l.rejected];
}

/** What the merge run knows about what the pull request created (from rendering), for the completion summary. */
export type { CompletionDetails } from "../plan/pull/plan-pull.js";

/**
 * The pull request merged: say what was created and where, label and close the request as completed.
 *
 * The summary is written once: a run that merged passes what it rendered; any later run (a person merged by hand,
 * the sweep, a redelivery) fills in what it can from GitHub (the request as written, the pull request's files)
 * only when no completion summary was posted yet, so it never replaces a fuller one with a poorer one.
 * Labels and state are re-read first: earlier steps of the same run may already have changed them.
 */
export async function completeRequest(run: RequestRun, pull: PullInfo, details: CompletionDetails = {}): Promise<RequestOutcome> {
  const { ref, config, issueWriter, comments } = run;
  const pullRequest = { number: pull.number, url: pull.htmlUrl, state: "merged" as const };
  const fresh = details.request !== undefined || details.summary !== undefined || details.change !== undefined;
  // A change request completed by a later run (no effects known) still names its kind.
  const change = details.change ?? (run.kind && run.kind !== "onboarding" ? { name: CHANGE_KIND_INFO[run.kind].name, rows: [], lines: [] } : undefined);
  if (fresh || !alreadyCompleted(comments, pullRequest, change)) {
    const request = details.request ?? (change ? undefined : requestAsWritten(run));
    const summary = details.summary ?? (await summaryFromPull(run, pull, request));
    await syncRequestStatus(issueWriter, ref, comments, {
      kind: "completed",
      pullRequest,
      repository: config.gitops.repository,
      ...(request ? { request } : {}),
      ...(summary ? { summary } : {}),
      ...(change ? { change } : {}),
    });
  }
  const issue = await run.deps.github.getIssue(ref);
  await syncLabels(issueWriter, ref, issue.labels, requestLabelsFor(config, "completed"), managedRequestLabels(config));
  if (issue.state === "open") await issueWriter.setIssueState(ref, "closed", "completed");
  return "completed";
}

/**
 * The pull request was closed without merge: the request is rejected and stays open for the requester.
 * Pass `labelsChanged` when this run relabelled the request already (e.g. `/close`, carried out after the request
 * side synced its labels): the labels are then re-read instead of trusting the ones read at the start of the run.
 */
export async function rejectRequest(run: RequestRun, pull: PullInfo, options: { labelsChanged?: boolean } = {}): Promise<RequestOutcome> {
  const { ref, config, issueWriter, comments } = run;
  const [pullComments, issue] = await Promise.all([
    run.gitopsGitHub.listComments({ ...run.gitops, number: pull.number }, run.deps.botLogin),
    options.labelsChanged ? run.deps.github.getIssue(ref) : Promise.resolve(run.issue),
  ]);
  const reason = rejectionReason(pullComments, pull);
  await syncRequestStatus(issueWriter, ref, comments, {
    kind: "rejected",
    pullRequest: { number: pull.number, url: pull.htmlUrl, state: "closed" },
    reason,
  });
  await syncLabels(issueWriter, ref, issue.labels, requestLabelsFor(config, "rejected"), managedRequestLabels(config));
  return "rejected";
}

/** Whether the request's status comment already reports this pull request as merged. */
function alreadyCompleted(comments: readonly CommentInfo[], pullRequest: { number: number; url: string; state: "merged" }, change?: StatusChange): boolean {
  const existing = findMarkedComment(comments, STATUS_MARKER);
  if (!existing) return false;
  // The first lines of a completion status (marker, heading, "The pull request #N merged") name the pull request.
  const head = renderRequestStatus({ kind: "completed", pullRequest, ...(change ? { change: { ...change, lines: [] } } : {}) }).split("\n").slice(0, 3).join("\n");
  return existing.body.startsWith(head);
}

/** The request as the issue states it, when it reads cleanly. */
function requestAsWritten(run: RequestRun): OnboardingRequest | undefined {
  const parsed = parseIssueBody(run.issue.body, run.config);
  return parsed.problems.length === 0 ? parsed.request : undefined;
}

/** Which files the merged pull request added and changed, read from GitHub (one call for a typical request). */
async function summaryFromPull(run: RequestRun, pull: PullInfo, request: OnboardingRequest | undefined): Promise<StatusSummary> {
  const files = await run.gitopsGitHub.listPullFiles(run.gitops, pull.number);
  const createdPaths = files.filter((f) => f.status === "added").map((f) => f.filename).sort();
  const editedPaths = files.filter((f) => f.status !== "added" && f.status !== "removed").map((f) => f.filename).sort();
  const groupDir = request ? groupDirOf(run.config, request.team) : undefined;
  const teamReused = groupDir?.ok === true && !createdPaths.some((p) => p.startsWith(`${groupDir.path}/`));
  const deletedPaths = files.filter((f) => f.status === "removed").map((f) => f.filename).sort();
  return { createdPaths, editedPaths, teamReused, ...(deletedPaths.length > 0 ? { deletedPaths } : {}) };
}

/** The last thing a person said on the pull request before it was closed: the closest thing to a reason. */
function rejectionReason(comments: CommentInfo[], pull: PullInfo): string {
  // Compared as times: GitHub writes whole seconds, a close the bot made itself carries milliseconds.
  const closedAt = pull.closedAt === null ? Number.POSITIVE_INFINITY : Math.ceil(Date.parse(pull.closedAt) / 1000) * 1000;
  const human = comments.filter((c) => c.user.type !== "Bot" && !(Date.parse(c.createdAt) > closedAt));
  const last = human[human.length - 1];
  if (!last) return "The pull request was closed without a comment.";
  const text = last.body.trim().replace(/\s+/g, " ");
  return `@${last.user.login} wrote: ${text.length > 500 ? `${text.slice(0, 497)}...` : text}`;
}
