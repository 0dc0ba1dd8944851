const PREFIX = "<!-- onboarding-bot:reply ";

/** What marker look-ups read of a comment (plain data, so pure planners can use them): the reader's comments fit. */
export interface MarkedComment {
  id: number;
  body: string;
  /** Whether the app itself wrote it: only its own comments carry trusted markers. */
  mine?: boolean;
  user: { type: string };
}

/** The hidden marker of the bot's answer to one comment: proof, in GitHub itself, that it was answered. */
export function replyMarker(commentId: number): string {
  return `${PREFIX}${commentId} -->`;
}

/** Ids of the comments the bot has already answered. */
export function repliedCommentIds(comments: readonly MarkedComment[]): Set<number> {
  const ids = new Set<number>();
  for (const c of comments) {
    // Only the app's own answers count: another bot posting a marker must not suppress a reply, /close or /retry.
    if (c.user.type !== "Bot" || c.mine !== true || !c.body.startsWith(PREFIX)) continue;
    const id = Number.parseInt(c.body.slice(PREFIX.length), 10);
    if (Number.isSafeInteger(id)) ids.add(id);
  }
  return ids;
}
