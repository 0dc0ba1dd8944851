import { authorize } from "../commands/authorize.js";
import { renderHelp } from "../commands/command-table.js";
import { parseCommands } from "../commands/parse-commands.js";
import { buildRoles, type Roles } from "../commands/roles.js";
import type { Config } from "../config/schema.js";
import type { CommentInfo, IssueInfo, PullInfo } from "../github/reader.js";
import type { IssueRef } from "../github/repo-ref.js";
import type { Writer } from "../github/writer.js";
import { boundAnswers } from "../status/bound-comment.js";
import { findRefusalReplies, isAnswered, planRefusals, type Refusal, type RefusalReply, type RefusalWrite } from "../plan/refusal-replies.js";
import { replyMarker, repliedCommentIds } from "../plan/reply-marker.js";
import { writeRefusals } from "./write-refusals.js";

/** A reply the bot owes to one comment on the request issue. */
export interface PendingReply {
  commentId: number;
  /** The reply text without the marker; `{outcome}` is replaced with what this run did. */
  text: string;
}

/** The reaction that acknowledges one command comment: 👍 when every command was accepted, 👎 otherwise. */
export interface CommandReaction {
  commentId: number;
  content: "+1" | "-1";
}

export interface IssueCommandPlan {
  /** An authorised `/retry` not answered yet: re-run, and reopen a pull request closed without merge after it. */
  retry: { commentId: number } | undefined;
  replies: PendingReply[];
  /** One reaction per comment answered in `replies` or `refusals`; absent when there is none. */
  reactions?: CommandReaction[];
  /** The coalesced refusal replies to write (one per person and command kind on the issue). */
  refusals: RefusalWrite[];
  /** The refusal replies found on the issue, before `refusals` are written. */
  found: Map<string, RefusalReply[]>;
  /** Who may do what on the issue (the configured approvers and the requester). */
  roles: Roles;
}

/**
 * Reads the commands on the request issue and works out what is still owed: each command comment is answered
 * exactly once (the answer carries a marker with the comment id, so redeliveries, replicas and the sweep see it),
 * and only comments as they were created count: an edited comment's commands are ignored, so an edit can never
 * trigger anything. On the issue, the approvers are the configured users (teams and OWNERS apply on the pull request).
 */
export function planIssueCommands(comments: readonly CommentInfo[], issue: IssueInfo, config: Config, pull: PullInfo | undefined): IssueCommandPlan {
  const answered = repliedCommentIds(comments);
  const roles = buildRoles({
    configApprovers: config.approvers.users,
    configReviewers: config.approvers.reviewers,
    teamMembers: [],
    requester: issue.user.login,
    prAuthor: "",
  });
  const found = findRefusalReplies(comments);
  const plan: IssueCommandPlan = { retry: undefined, replies: [], refusals: [], found, roles };
  const refusals: Refusal[] = [];
  for (const comment of comments) {
    if (comment.user.type === "Bot" || answered.has(comment.id) || comment.updatedAt !== comment.createdAt) continue;
    const { commands, unknown } = parseCommands(comment.body, { maxLines: config.limits.maxCommentLines });
    if (commands.length === 0 && unknown.length === 0) continue;
    const lines: string[] = [];
    let refused = unknown.length > 0;
    let newRefusal = false;
    for (const command of commands) {
      const decision = authorize(command, comment.user, roles, { where: "issue", holders: new Set() });
      if (!decision.allowed) {
        refused ||= !decision.ignored;
        if (decision.ignored) continue;
        // Coalesced per person and kind (refusal-replies.ts): the reason names the command.
        const refusal = { commentId: comment.id, actor: comment.user.login, verb: command.verb, cancel: command.cancel, reason: decision.reason };
        refusals.push(refusal);
        newRefusal ||= !isAnswered(found, refusal);
        continue;
      }
      if (command.verb === "help") lines.push(`Commands on this issue:\n\n${renderHelp("issue")}`);
      if (command.verb === "retry") {
        const afterClose = !pull?.closedAt || comment.createdAt >= pull.closedAt;
        if (afterClose) plan.retry = { commentId: comment.id };
        lines.push("`/retry`: {outcome}");
      }
    }
    if (unknown.length > 0) {
      lines.push(`Unknown command${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `\`${u}\``).join(", ")}. Commands on this issue:\n\n${renderHelp("issue")}`);
    }
    if (lines.length === 0 && !newRefusal) continue;
    if (lines.length > 0) plan.replies.push({ commentId: comment.id, text: boundAnswers(lines) });
    (plan.reactions ??= []).push({ commentId: comment.id, content: refused ? "-1" : "+1" });
  }
  plan.refusals = planRefusals(found, refusals);
  return plan;
}

/**
 * Carries out a plan's answers on the request issue: each reply (with the run's outcome filled in) and the
 * reaction that acknowledges its comment, and the coalesced refusals; returns the refusal replies as they are now. GitHub keeps one reaction per person and content, so a repeat is harmless.
 */
export async function answerIssueCommands(writer: Writer, ref: IssueRef, plan: IssueCommandPlan, outcome: string): Promise<Map<string, RefusalReply>> {
  const [answered] = await Promise.all([
    writeRefusals(writer, ref, plan.found, plan.refusals),
    ...plan.replies.map((r) => writer.createComment(ref, renderReply(r, outcome))),
    ...(plan.reactions ?? []).map((r) => writer.addReaction(ref, r.commentId, r.content)),
  ]);
  return answered;
}

/** Renders a pending reply with its marker and the run's outcome. */
export function renderReply(reply: PendingReply, outcome: string): string {
  // A replacement function: a string would expand `$&`, `$'` and `$$` patterns in the outcome text.
  return `${replyMarker(reply.commentId)}\n${reply.text.replaceAll("{outcome}", () => outcome)}`;
}
