import type { HistoryItem } from "../../commands/approval-state.js";
import { formatCommand } from "../../commands/command-table.js";
import { parseCommands } from "../../commands/parse-commands.js";
import type { ContentEpoch } from "../../publishing/ledger.js";
import type { PlanComment, PlanReview, PlanRevision } from "./pull-plan-input.js";

/** Whether a comment was edited after it was created: then it can only withhold, never grant or lift. */
export function isEdited(comment: Pick<PlanComment, "createdAt" | "updatedAt">): boolean {
  return comment.updatedAt !== comment.createdAt;
}

/** Node ids of the people's comments that were edited: their every version is read from GitHub's edit history. */
export function editedNodeIds(comments: readonly PlanComment[]): string[] {
  return comments.filter((c) => c.user.type !== "Bot" && isEdited(c) && c.nodeId !== undefined).map((c) => c.nodeId as string);
}

/** The withholding commands of a comment (`/hold`, `/lgtm cancel`, `/approve cancel`), one per line; empty when none. */
export function withholdingCommands(body: string, maxLines: number): string {
  return parseCommands(body, { maxLines })
    .commands.filter((c) => (c.verb === "hold" && !c.cancel) || (c.cancel && (c.verb === "lgtm" || c.verb === "approve")))
    .map((c) => formatCommand(c.verb, c.cancel))
    .join("\n");
}

/** When nothing the bot made is under review: a reset later than anything, so nothing granted counts. */
const NEVER = "9999-12-31T23:59:59Z";

/**
 * Comments and reviews as approval history, for the content the head carries (`epoch`; none for a head the bot did
 * not make, so nothing grants):
 * - A comment grants only as it was created and never edited; every version of an edited comment (from GitHub's edit
 *   history) contributes only the commands that withhold (`/hold`, `/lgtm cancel`, `/approve cancel`), each at the
 *   time it was written and by whoever wrote it. So an edit can add a hold or a cancel, and can never lift or undo
 *   one, nor grant anything.
 * - A review grants only when GitHub recorded it on one of the bot's commits of this content; a changes request
 *   always holds.
 * - Everything granted before the content was published (`epoch.since`, GitHub's time of the bot's commit) is reset.
 * Comments by bots are left out entirely.
 */
export function approvalHistory(
  comments: readonly PlanComment[],
  reviews: readonly PlanReview[],
  revisions: ReadonlyMap<string, readonly PlanRevision[]>,
  epoch: ContentEpoch | undefined,
  maxLines: number,
): HistoryItem[] {
  const items: HistoryItem[] = [];
  for (const c of comments) {
    if (c.user.type === "Bot") continue;
    const base = { kind: "comment" as const, id: c.id, authorType: c.user.type };
    if (!isEdited(c)) {
      items.push({ ...base, author: c.user.login, body: c.body, at: c.createdAt });
      continue;
    }
    const versions: readonly PlanRevision[] = (c.nodeId ? revisions.get(c.nodeId) : undefined) ?? [];
    for (const version of [...versions, { body: c.body, at: c.updatedAt }]) {
      const body = withholdingCommands(version.body, maxLines);
      if (body === "") continue;
      const author = "editor" in version && typeof version.editor === "string" ? version.editor : c.user.login;
      items.push({ ...base, author, body, at: version.at });
    }
  }
  for (const r of reviews) {
    const grants = epoch !== undefined && r.commitId !== null && epoch.commits.has(r.commitId);
    items.push({ kind: "review", id: r.id, author: r.user.login, authorType: r.user.type, state: r.state, at: r.submittedAt, grants });
  }
  items.push({ kind: "reset", at: epoch?.since ?? NEVER });
  return items;
}
