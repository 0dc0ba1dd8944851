import type { Config } from "../config/schema.js";
import type { CommentInfo } from "../github/reader.js";
import type { GitHubPort } from "../github/port.js";
import type { IssueRef } from "../github/repo-ref.js";
import type { Writer } from "../github/writer.js";
import { renderRequestStatus, type RequestStatusInput } from "../status/render-request-status.js";
import { STATUS_MARKER } from "../status/markers.js";
import { appendEntry, mergeLedgers, parseLedger, withLedger, withoutLedger, type LedgerEntry } from "../publishing/ledger.js";
import { findMarkedComment, markedComments, upsertMarkedComment } from "./upsert-marked-comment.js";

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
  comments: CommentInfo[],
  status: RequestStatusInput,
  options: { onlyIfExists?: boolean } = {},
): Promise<void> {
  const existing = findMarkedComment(comments, STATUS_MARKER);
  if (options.onlyIfExists && !existing) return;
  // The ledger at the end of the status comment outlives every status: it is carried over unchanged (merged from
  // every status comment of the bot, when a race that was never settled left more than one).
  const duplicates = markedComments(comments, STATUS_MARKER).slice(1);
  await upsertMarkedComment(writer, ref, comments, STATUS_MARKER, withLedger(renderRequestStatus(status), requestLedger(comments)));
  // Their entries are in the one kept now: the others go.
  for (const duplicate of duplicates) {
    await writer.deleteComment(ref, duplicate.id);
    comments.splice(comments.indexOf(duplicate), 1);
  }
}

/**
 * The status comment that wins a race of two replicas' status comments (see `marked-races.ts`): the later writer's
 * text, with the ledger entries of both, so neither writer's record of a commit is lost. Any other marked comment:
 * the later writer's body.
 */
export function mergeStatusBodies(kept: string, mine: string): string {
  if (!kept.startsWith(STATUS_MARKER) || !mine.startsWith(STATUS_MARKER)) return mine;
  return withLedger(mine, mergeLedgers(parseLedger(kept), parseLedger(mine)));
}

/**
 * The ledger of the bot's commits for this request, from its status comment (empty when there is none; merged from
 * every status comment of the bot when a race that was never settled left more than one).
 */
export function requestLedger(comments: readonly CommentInfo[]): LedgerEntry[] {
  const ledgers = markedComments(comments, STATUS_MARKER).map((c) => parseLedger(c.body));
  return ledgers.length <= 1 ? (ledgers[0] ?? []) : ledgers.reduce((all, ledger) => mergeLedgers(all, ledger), []);
}

/** How often recording a commit re-reads and writes the status comment when another replica's write crossed it. */
export const RECORD_ATTEMPTS = 3;

/**
 * Records a commit the bot just created in the ledger (see `publishRequest` for when: right after the mutation that
 * made a new branch's commit, before the branch moves to an update's commit): the status comment keeps
 * its current text (or shows `fallback` when there is none yet) and gains the entry. GitHub has no conditional
 * comment update, so two replicas recording at once could each overwrite the other's entry: the comment is read back
 * after the write, and when the entry is not there the comment is re-read and the entry written again (merged with
 * whatever the other replica wrote), at most {@link RECORD_ATTEMPTS} times.
 *
 * `written`: the first write was already made ({@link writeRecord}), and `body` is the status comment as a later
 * listing saw it (the settlement of the run's comment races, see `marked-races.ts`), which serves as the read-back;
 * undefined when nothing listed it, and it is then read back here.
 */
export async function recordCommit(
  github: Pick<GitHubPort, "getCommentBody">,
  writer: Writer,
  ref: IssueRef,
  comments: CommentInfo[],
  entry: LedgerEntry,
  fallback: RequestStatusInput,
  written?: { body: string | undefined },
): Promise<void> {
  const holds = (body: string | undefined) => body !== undefined && parseLedger(body).some((e) => e.sha === entry.sha);
  if (written && holds(written.body)) return;
  for (let attempt = written ? 1 : 0; attempt < RECORD_ATTEMPTS; attempt++) {
    const existing = findMarkedComment(comments, STATUS_MARKER);
    // The first attempt writes on the comment as this run read it; only a retry re-reads it first.
    if (existing && attempt > 0) {
      const latest = await github.getCommentBody(ref, existing.id);
      if (latest !== undefined) existing.body = latest;
      if (holds(latest)) return;
    }
    await writeRecord(writer, ref, comments, entry, fallback);
    const after = findMarkedComment(comments, STATUS_MARKER);
    if (holds(after ? await github.getCommentBody(ref, after.id) : undefined)) return;
  }
  throw new Error(`request-status: could not record commit ${entry.sha} in the status comment of ${ref.owner}/${ref.repo}#${ref.number}; another writer kept replacing it`);
}

/**
 * One write of {@link recordCommit}, without the read-back: the status comment as `comments` holds it (or `fallback`
 * when there is none) with `entry` added to its ledger. `comments` is updated with what was written.
 */
export async function writeRecord(writer: Writer, ref: IssueRef, comments: CommentInfo[], entry: LedgerEntry, fallback: RequestStatusInput): Promise<void> {
  const existing = findMarkedComment(comments, STATUS_MARKER);
  const current = requestLedger(comments);
  const text = existing ? withoutLedger(existing.body) : renderRequestStatus(fallback);
  await upsertMarkedComment(writer, ref, comments, STATUS_MARKER, withLedger(text, appendEntry(current, entry)));
}
