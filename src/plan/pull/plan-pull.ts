import { computeApprovalState, mergeDecision, type ApprovalState, type MergeDecision } from "../../commands/approval-state.js";
import { loginKey } from "../../commands/github-login.js";
import { buildRoles, parseOwnersFile, type OwnersFile, type Roles } from "../../commands/roles.js";
import type { Config } from "../../config/schema.js";
import { findRefusalReplies, planRefusals, type RefusalReply, type RefusalWrite } from "../refusal-replies.js";
import { replyMarker } from "../reply-marker.js";
import { contentEpoch } from "../../publishing/ledger.js";
import type { StatusChange, StatusSummary } from "../../status/render-request-status.js";
import type { OnboardingRequest } from "../../types.js";
import { approvalHistory } from "./approval-history.js";
import { labelChanges } from "./label-changes.js";
import { pendingReplies, refusalsOf, triggerReactions } from "./pending-replies.js";
import type { PlanComment, PullPlanInput } from "./pull-plan-input.js";
import { PR_STATUS_MARKER, renderPullStatus } from "./pull-status.js";

/** How a pull request's run ends: still open, merged (and the request completed), or closed (and rejected). */
export type PullOutcome = "open" | "merged" | "closed";

/** What the completion summary on the request says, when this run knows it (from rendering). */
export interface CompletionDetails {
  request?: OnboardingRequest;
  summary?: StatusSummary;
  /** A change request's effects (its kind is named in the heading). */
  change?: StatusChange;
}

/** One write (or, for `recheck-mergeability`, one wait and re-read) the plan asks the act step to carry out. */
export type PullAction =
  /** React to a comment that woke the run. */
  | { kind: "react"; commentId: number; content: "+1" | "-1" }
  /** Answer one comment (`/help`, `/close`, `/retest`, unknown commands); `body` carries its reply marker. */
  | { kind: "reply"; commentId: number; body: string }
  /** Create, edit or delete the one refusal reply of a person and command kind. */
  | { kind: "refusal"; write: RefusalWrite }
  /** Close the pull request (an allowed `/close`) and mark the request rejected. */
  | { kind: "close" }
  /** Everything but GitHub's mergeability says merge: wait, re-read the pull request and plan again. */
  | { kind: "recheck-mergeability" }
  /** Make the bot-managed labels mirror the approval state. */
  | { kind: "labels"; add: string[]; remove: string[] }
  /** Create the status comment, or edit it in place (`commentId`); absent from the plan when it is current. */
  | { kind: "status"; commentId?: number; body: string }
  /** Merge at exactly `sha`: GitHub refuses when the head moved, and nothing merges. */
  | { kind: "merge"; sha: string; method: Config["merge"]["method"]; title: string }
  /** Delete the merged pull request's branch. */
  | { kind: "delete-branch" }
  /** Complete the request (status, labels, close the issue): the pull request is merged. */
  | { kind: "complete"; details: CompletionDetails };

/** What the run leaves in the role cache, so an outsider's next command can be refused without a run. */
export interface PullRoleFacts {
  roles: Roles;
  /** Who holds the pull request (lower case). */
  holders: ReadonlySet<string>;
  /** The refusal replies found on the pull request before this plan's refusal writes. */
  replies: ReadonlyMap<string, readonly RefusalReply[]>;
  maxLines: number;
}

/**
 * The plan for one onboarding pull request. `steps` run in order, each after the one before has finished; the
 * actions inside one step are independent and may run in parallel. A failed merge ends the run (`open`): nothing
 * after it runs.
 */
export interface PullPlan {
  steps: PullAction[][];
  /** The outcome when every action succeeds. */
  outcome: PullOutcome;
  roles: Roles;
  state: ApprovalState;
  /** The merge decision (absent when the pull request is already merged or closed). */
  decision?: MergeDecision;
  /** For the role cache: recorded once the replies are written (absent in dry-run and for a merged or closed pull request). */
  roleFacts?: PullRoleFacts;
  /** The trigger comments' verdicts, for the commands metric. */
  verdicts: { verb: string; outcome: "accepted" | "refused" | "unknown" }[];
  /** The pull request is newly held because the request is invalid or its head foreign (the `held` metric). */
  newlyHeld: boolean;
  /** Everything says merge but the head moved since the request side validated it: not merging this time. */
  headMoved: boolean;
  /** Why the OWNERS file was not used, when it is invalid (its approvers then count for nothing). */
  ownersProblem?: string;
}

/** Labels on onboarding pull requests that the bot manages. */
export function managedPullLabels(config: Pick<Config, "labels">): string[] {
  const l = config.labels;
  return [l.pullRequest, l.lgtm, l.approved, l.hold];
}

function completionOf(facts: PullPlanInput["facts"]): CompletionDetails {
  return { ...(facts.request ? { request: facts.request } : {}), ...(facts.summary ? { summary: facts.summary } : {}), ...(facts.change ? { change: facts.change } : {}) };
}

function ownersOf(text: string | undefined): { owners?: OwnersFile; problem?: string } {
  if (text === undefined) return {};
  const parsed = parseOwnersFile(text);
  return "error" in parsed ? { problem: parsed.error } : { owners: parsed };
}

/** The bot's own status comment on the pull request (the oldest, when two replicas raced). */
function statusComment(comments: readonly PlanComment[]): PlanComment | undefined {
  return comments.find((c) => c.user.type === "Bot" && c.mine === true && c.body.startsWith(PR_STATUS_MARKER));
}

/**
 * Plans one onboarding pull request from plain data (pure: no I/O, same input, same plan), in the order it is
 * carried out:
 * 1. react to each trigger comment (👍 accepted, 👎 refused or unknown), even when another run merged a moment ago;
 *    a merged pull request then only completes its request, a closed one does nothing more;
 * 2. answer each command comment once (reply markers) and coalesce refusals into one reply per person and kind;
 * 3. carry out an allowed `/close` (close, reject the request) and stop;
 * 4. when only GitHub's mergeability is missing (null), ask the shell to wait and re-read it;
 * 5. make the labels mirror the state (`lgtm`, `approved`, hold) and keep the status comment current;
 * 6. merge at exactly the validated head, when the rules are met, the head is the bot's (vouched by the ledger) and
 *    has not moved since validation; then delete the branch and complete the request.
 * Approvals count only for the content the head carries ({@link approvalHistory}); a foreign head holds and is named.
 * In dry-run nothing is written to the pull request (a merged one still completes the request issue).
 */
export function planPull(input: PullPlanInput): PullPlan {
  const { pull, comments, config, facts, dryRun } = input;
  const maxLines = config.limits.maxCommentLines;
  const epoch = input.vouched ? contentEpoch(input.ledger, input.vouched) : undefined;
  const open = !pull.merged && pull.state === "open";
  const foreignCommit = open ? (facts.foreignCommit ?? (input.vouched ? undefined : pull.headSha)) : undefined;
  const { owners, problem: ownersProblem } = ownersOf(input.ownersText);
  const roles = buildRoles({
    configApprovers: config.approvers.users,
    configReviewers: config.approvers.reviewers,
    ...(owners ? { ownersFile: owners } : {}),
    teamMembers: input.teamMembers,
    requester: input.requester,
    prAuthor: pull.user.login,
    beneficiaries: [...(facts.request ? [facts.request.owner, ...facts.request.members] : []), ...(facts.beneficiaries ?? [])],
  });
  const state = computeApprovalState(approvalHistory(comments, input.reviews, input.revisions, epoch, maxLines), roles, { maxLines });

  const reactions = dryRun ? [] : triggerReactions(input.triggerCommentIds, state);
  const plan: PullPlan = {
    steps: [],
    outcome: pull.merged ? "merged" : open ? "open" : "closed",
    roles,
    state,
    verdicts: reactions.flatMap((r) => r.verdicts),
    newlyHeld: false,
    headMoved: false,
    ...(ownersProblem ? { ownersProblem } : {}),
  };
  const step = (actions: PullAction[]) => {
    if (actions.length > 0) plan.steps.push(actions);
  };
  step(reactions.map((r) => ({ kind: "react", commentId: r.commentId, content: r.content })));
  if (pull.merged) return (step([{ kind: "complete", details: completionOf(facts) }]), plan);
  if (!open) return plan;

  const replies = pendingReplies(comments, state);
  const found = findRefusalReplies(comments);
  if (!dryRun) {
    step([
      ...replies.map((r): PullAction => ({ kind: "reply", commentId: r.commentId, body: `${replyMarker(r.commentId)}\n${r.text}` })),
      ...planRefusals(found, refusalsOf(comments, state)).map((write): PullAction => ({ kind: "refusal", write })),
    ]);
    plan.roleFacts = { roles, holders: new Set(state.holds.map((h) => loginKey(h.by))), replies: found, maxLines };
    if (state.decisions.some((d) => d.verb === "close" && d.allowed && replies.some((r) => r.commentId === d.commentId))) {
      step([{ kind: "close" }]);
      plan.outcome = "closed";
      return plan;
    }
  }

  const requestValid = facts.requestValid && foreignCommit === undefined;
  const decide = (mergeable: boolean | null) => mergeDecision(state, config.merge, { requestValid, mergeable, merged: false, open: true });
  const decision = decide(pull.mergeable);
  plan.decision = decision;
  if (pull.mergeable === null && !decision.merge && !dryRun && !input.mergeabilityRechecked && decide(true).merge) {
    // Everything else says merge; GitHub computes mergeability in the background (typically right after a push, and
    // no webhook tells when it is done): the shell waits, re-reads and plans again from here.
    step([{ kind: "recheck-mergeability" }]);
    return plan;
  }

  const desired = new Set<string>([config.labels.pullRequest]);
  if (state.lgtm.length > 0) desired.add(config.labels.lgtm);
  if (state.approvers.length >= config.merge.approvals) desired.add(config.labels.approved);
  if (state.holds.length > 0 || !requestValid) desired.add(config.labels.hold);
  plan.newlyHeld = !requestValid && !pull.labels.includes(config.labels.hold);
  const body = renderPullStatus(
    { state, decision, roles, config: config.merge, requestUrl: input.requestUrl },
    { foreignCommit, requestValid: facts.requestValid, problems: facts.problems, epoch },
  );
  if (!dryRun) {
    const labels = labelChanges(pull.labels, desired, managedPullLabels(config));
    const existing = statusComment(comments);
    step([
      ...(labels.add.length > 0 || labels.remove.length > 0 ? [{ kind: "labels" as const, ...labels }] : []),
      ...(existing?.body === body ? [] : [{ kind: "status" as const, ...(existing ? { commentId: existing.id } : {}), body }]),
    ]);
  }
  if (!decision.merge || dryRun || !input.vouched) return plan;
  if (pull.headSha !== facts.headSha) {
    plan.headMoved = true;
    return plan;
  }
  step([{ kind: "merge", sha: facts.headSha, method: config.merge.method, title: `${pull.title} (#${pull.number})` }]);
  if (config.merge.deleteBranch) step([{ kind: "delete-branch" }]);
  step([{ kind: "complete", details: completionOf(facts) }]);
  plan.outcome = "merged";
  return plan;
}
