import type { CommentInfo } from "../github/reader.js";

const PREFIX = "<!-- onboarding-bot:reply ";

/** The hidden marker of the bot's answer to one comment: proof, in GitHub itself, that it was answered. */
export function replyMarker(commentId: number): string {
  return `${PREFIX}${commentId} -->`;
}

/** Ids of the comments the bot has already answered. */
export function repliedCommentIds(comments: readonly CommentInfo[]): Set<number> {
  const ids = new Set<number>();
  for (const c of comments) {
    // Only the app's own answers count: another bot posting a marker must not suppress a reply, /close or /retry.
    if (c.user.type !== "Bot" || c.mine !== true || !c.body.startsWith(PREFIX)) continue;
    const id = Number.parseInt(c.body.slice(PREFIX.length), 10);
    if (Number.isSafeInteger(id)) ids.add(id);
  }
  return ids;
}
