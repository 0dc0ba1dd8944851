import type { ApprovalState } from "../../commands/approval-state.js";
import { formatCommand, renderHelp } from "../../commands/command-table.js";
import type { Refusal } from "../refusal-replies.js";
import { repliedCommentIds } from "../reply-marker.js";
import { boundAnswers } from "../../status/bound-comment.js";
import { isEdited } from "./approval-history.js";
import type { PlanComment } from "./pull-plan-input.js";

/** A reply the bot owes to one comment on the pull request (text without its marker). */
export interface PendingReply {
  commentId: number;
  text: string;
}

/** The reaction that acknowledges one command comment: 👍 when every command was accepted, 👎 otherwise. */
export interface TriggerReaction {
  commentId: number;
  content: "+1" | "-1";
  /** Each command's verdict, for the commands metric (`unknown` for unknown words). */
  verdicts: { verb: string; outcome: "accepted" | "refused" | "unknown" }[];
}

/**
 * Comments never answered again: those the bot already answered (its own reply markers only) and every edited
 * comment (read only for what it withholds: only new comments are commands).
 */
function notToAnswer(comments: readonly PlanComment[]): Set<number> {
  const skip = repliedCommentIds(comments);
  for (const c of comments) if (isEdited(c)) skip.add(c.id);
  return skip;
}

/** Replies still owed on the pull request: `/help`, unknown commands, `/close`, `/retest` (refusals: {@link refusalsOf}). */
export function pendingReplies(comments: readonly PlanComment[], state: ApprovalState): PendingReply[] {
  const answered = notToAnswer(comments);
  const byComment = new Map<number, string[]>();
  const add = (id: number, line: string) => byComment.set(id, [...(byComment.get(id) ?? []), line]);
  for (const d of state.decisions) {
    if (answered.has(d.commentId) || !d.allowed) continue; // refusals are coalesced per person and kind: refusalsOf
    if (d.verb === "help") add(d.commentId, `Commands on this pull request:\n\n${renderHelp("pull")}`);
    else if (d.verb === "close") add(d.commentId, "`/close`: closing this pull request; the request is marked rejected.");
    else if (d.verb === "retest") add(d.commentId, "`/retest`: the request was validated and rendered again; see the status comment.");
  }
  for (const u of state.unknown) {
    if (answered.has(u.commentId)) continue;
    add(u.commentId, `Unknown command${u.words.length > 1 ? "s" : ""} ${u.words.map((w) => `\`${w}\``).join(", ")}. Commands on this pull request:\n\n${renderHelp("pull")}`);
  }
  // One line per distinct answer, and never more than GitHub accepts: a comment flooded with commands must not
  // produce a reply GitHub refuses (422) on every retry.
  return [...byComment].map(([commentId, lines]) => ({ commentId, text: boundAnswers([...new Set(lines)]) }));
}

/** The refused commands of comments as created, not answered yet (edited comments are never answered). */
export function refusalsOf(comments: readonly PlanComment[], state: ApprovalState): Refusal[] {
  // Comments answered one by one (before refusals were coalesced) are not answered again.
  const skip = notToAnswer(comments);
  return state.decisions
    .filter((d) => !d.allowed && !skip.has(d.commentId))
    .map((d) => ({ commentId: d.commentId, actor: d.actor, verb: d.verb, cancel: d.cancel, reason: d.reason ?? `${formatCommand(d.verb, d.cancel)} was refused` }));
}

/**
 * The reaction to each comment that woke this run (several when a burst was coalesced into it), in the order given
 * and each once: 👍 when its commands were accepted, 👎 when any was refused or unknown. A comment without commands
 * gets none.
 */
export function triggerReactions(triggerIds: readonly number[], state: ApprovalState): TriggerReaction[] {
  const reactions: TriggerReaction[] = [];
  for (const id of new Set(triggerIds)) {
    const decisions = state.decisions.filter((d) => d.commentId === id);
    const unknown = state.unknown.some((u) => u.commentId === id);
    if (decisions.length === 0 && !unknown) continue;
    const verdicts: TriggerReaction["verdicts"] = decisions.map((d) => ({ verb: d.verb, outcome: d.allowed ? "accepted" : "refused" }));
    if (unknown) verdicts.push({ verb: "unknown", outcome: "unknown" });
    reactions.push({ commentId: id, content: unknown || decisions.some((d) => !d.allowed) ? "-1" : "+1", verdicts });
  }
  return reactions;
}
