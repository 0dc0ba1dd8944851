import type { Config } from "../config/schema.js";
import type { CommentInfo } from "../github/reader.js";
import type { IssueRef } from "../github/repo-ref.js";
import type { Writer } from "../github/writer.js";
import { renderRequestStatus, type RequestStatusInput } from "../status/render-request-status.js";
import { STATUS_MARKER } from "../status/markers.js";
import { findMarkedComment, upsertMarkedComment } from "./upsert-marked-comment.js";

/** The state a request's labels show. */
export type RequestLabelState = "validated" | "needs-changes" | "completed" | "rejected";

/** The one request-state label that should be on the issue for `state`. */
export function requestLabelsFor(config: Config, state: RequestLabelState): Set<string> {
  const l = config.labels;
  const label = { validated: l.validated, "needs-changes": l.needsChanges, completed: l.completed, rejected: l.rejected }[state];
  return new Set([label]);
}

/**
 * Keeps the request's one status comment in step with `status` (created once, then edited in place; an identical
 * body costs no call). With `onlyIfExists`, a request the bot never answered is left alone: used for the
 * internal-error verdict, which must not make the bot answer issues that are not onboarding requests.
 */
export async function syncRequestStatus(
  writer: Writer,
  ref: IssueRef,
  comments: readonly CommentInfo[],
  status: RequestStatusInput,
  options: { onlyIfExists?: boolean } = {},
): Promise<void> {
  if (options.onlyIfExists && !findMarkedComment(comments, STATUS_MARKER)) return;
  await upsertMarkedComment(writer, ref, comments, STATUS_MARKER, renderRequestStatus(status));
}
