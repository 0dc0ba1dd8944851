import type { CommentInfo } from "../github/reader.js";
import type { IssueRef } from "../github/repo-ref.js";
import type { Writer } from "../github/writer.js";

/**
 * The comments that carry `marker`, written by this app (a person or another bot pasting the marker into their own
 * comment cannot make the bot adopt it; when the app's login is unknown, any bot's comment counts), oldest first:
 * one, unless replicas raced and the race was never settled.
 */
export function markedComments(comments: readonly CommentInfo[], marker: string): CommentInfo[] {
  return comments.filter((c) => c.user.type === "Bot" && c.mine === true && c.body.startsWith(marker)).sort((a, b) => a.id - b.id);
}

/** The comment that carries `marker` ({@link markedComments}); when several exist, the oldest, which is kept up to date. */
export function findMarkedComment(comments: readonly CommentInfo[], marker: string): CommentInfo | undefined {
  return markedComments(comments, marker)[0];
}

/**
 * Keeps exactly one comment with `marker` on an issue or pull request: creates it, or edits it in place when its
 * body differs; an identical body costs no call. `body` must start with `marker`.
 * Returns what it did, for call accounting and logs.
 */
export async function upsertMarkedComment(
  writer: Writer,
  ref: IssueRef,
  comments: CommentInfo[],
  marker: string,
  body: string,
): Promise<"created" | "updated" | "unchanged"> {
  if (!body.startsWith(marker)) throw new Error(`upsertMarkedComment: body must start with its marker ${marker}`);
  const existing = findMarkedComment(comments, marker);
  if (!existing) {
    const id = await writer.createComment(ref, body);
    // Later steps of the same run see the comment they just wrote, so they edit it instead of posting another.
    const now = new Date().toISOString();
    comments.push({ id, mine: true, body, user: { login: "", type: "Bot" }, createdAt: now, updatedAt: now, htmlUrl: "" });
    return "created";
  }
  if (existing.body === body) return "unchanged";
  await writer.updateComment(ref, existing.id, body);
  existing.body = body;
  return "updated";
}
