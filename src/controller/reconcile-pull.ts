import { computeApprovalState, mergeDecision, type ApprovalState, type HistoryItem } from "../commands/approval-state.js";
import { formatCommand, renderHelp } from "../commands/command-table.js";
import { parseCommands } from "../commands/parse-commands.js";
import { renderPrStatus } from "../commands/render-pr-status.js";
import { buildRoles, parseOwnersFile, type OwnersFile, type Roles } from "../commands/roles.js";
import type { Config } from "../config/schema.js";
import {
  getPull,
  listComments,
  listReviews,
  readFileAtRef,
  readRevisions,
  teamMembers,
  type CommentInfo,
  type CommentRevision,
  type ReviewInfo,
} from "../github/reader.js";
import { describeError } from "../util/describe-error.js";
import { contentEpoch, type ContentEpoch } from "../publishing/ledger.js";
import { vouchedHead } from "../publishing/publish-request.js";
import { requestLedger } from "./request-status.js";
import type { Octokit } from "../github/octokit.js";
import type { IssueRef } from "../github/repo-ref.js";
import type { StatusChange, StatusSummary } from "../status/render-request-status.js";
import type { OnboardingRequest, Problem } from "../types.js";
import { mapLimit } from "../util/map-limit.js";
import { completeRequest, rejectRequest, type CompletionDetails } from "./finish-request.js";
import { loginKey } from "../commands/github-login.js";
import { writeRefusals } from "./write-refusals.js";
import { findRefusalReplies, planRefusals, type Refusal } from "./refusal-replies.js";
import { replyMarker, repliedCommentIds } from "./reply-marker.js";
import type { RequestRun } from "./run.js";
import { boundAnswers } from "../status/bound-comment.js";
import { upsertMarkedComment } from "./upsert-marked-comment.js";
import { syncLabels } from "./sync-labels.js";

/** Marker of the one status comment the bot keeps on each onboarding pull request. */
export const PR_STATUS_MARKER = "<!-- onboarding-bot:pr-status -->";

/** What the request side knows when it hands over to the pull request. */
export interface PullFacts {
  /** The request validated and rendered against the current base branch. */
  requestValid: boolean;
  /** Why not, when it is not. */
  problems: Problem[];
  /** The head commit the decision is about: the merge happens at exactly this sha or not at all. */
  headSha: string;
  /** Set when the branch carries a commit the bot did not make. */
  foreignCommit?: string;
  request?: OnboardingRequest;
  /** What rendering created and edited, for the completion summary on the request. */
  summary?: StatusSummary;
  /** A change request's effects, for its completion summary. */
  change?: StatusChange;
  /** Who gains through a change request (added members, ...): they may not approve it. Onboarding's come from `request`. */
  beneficiaries?: readonly string[];
  /**
   * Set when this run opened the pull request: it has no comments, reviews or later commits yet, so they are not
   * read (three calls saved on every onboarding); nothing can approve it before GitHub delivers a comment.
   */
  justOpened?: boolean;
}

export type PullOutcome = "open" | "merged" | "closed";

/**
 * Brings an onboarding pull request in line with its history: recomputes approvals, lgtm and holds from every
 * comment and review (each person's latest intent wins, labels only mirror it), answers each command comment once,
 * carries out `/close`, keeps the one status comment current, and merges when the rules are met. It reads the pull
 * request itself (`number`), so callers pass nothing that could be stale.
 */
export async function reconcilePull(run: RequestRun, number: number, facts: PullFacts): Promise<PullOutcome> {
  const { deps, config, gitops, gitopsOctokit: octokit, gitopsWriter, issue, trigger } = run;
  const prRef: IssueRef = { ...gitops, number };
  const fresh = facts.justOpened === true;
  const [comments, reviews, current, owners, members] = await Promise.all([
    fresh ? [] : listComments(octokit, prRef, deps.botLogin),
    fresh ? [] : listReviews(octokit, gitops, number),
    getPull(octokit, gitops, number),
    readOwners(octokit, run),
    readTeamMembers(octokit, config),
  ]);

  // The content under review: the ledger entry that vouches for the head (the bot made it), or none (foreign).
  const ledger = requestLedger(run.comments);
  const vouched = current.merged ? undefined : await vouchedHead(octokit, gitops, ledger, current.headSha);
  const epoch = vouched ? contentEpoch(ledger, vouched) : undefined;
  const foreignCommit = current.merged || current.state === "closed" ? undefined : (facts.foreignCommit ?? (vouched ? undefined : current.headSha));
  const revisions = await readRevisions(octokit, editedNodeIds(comments)).catch((error: unknown) => {
    throw new Error(`reconcile-pull: could not read the edit history of edited comments, so no approval is counted (${describeError(error).message})`);
  });

  const beneficiaries = [...(facts.request ? [facts.request.owner, ...facts.request.members] : []), ...(facts.beneficiaries ?? [])];
  const roles = buildRoles({
    configApprovers: config.approvers.users,
    configReviewers: config.approvers.reviewers,
    ...(owners ? { ownersFile: owners } : {}),
    teamMembers: members,
    requester: issue.user.login,
    prAuthor: current.user.login,
    beneficiaries,
  });
  const maxLines = config.limits.maxCommentLines;
  const state = computeApprovalState(historyOf(comments, reviews, revisions, epoch, maxLines), roles, { maxLines });

  // Every command comment is acknowledged, even when another run merged the pull request a moment ago.
  await acknowledgeTrigger(run, prRef, state);
  if (current.merged) return (await completeRequest(run, current, completionOf(facts)), "merged");
  if (current.state === "closed") return "closed";

  const replies = pendingReplies(comments, state);
  const closeBy = state.decisions.find((d) => d.verb === "close" && d.allowed && replies.some((r) => r.commentId === d.commentId));
  const found = findRefusalReplies(comments);
  const refusals = planRefusals(found, refusalsOf(comments, state));
  if (!run.dryRun) {
    const [, answered] = await Promise.all([
      Promise.all(replies.map((r) => gitopsWriter.createComment(prRef, `${replyMarker(r.commentId)}\n${r.text}`))),
      writeRefusals(gitopsWriter, prRef, found, refusals),
    ]);
    // What this run knows about roles, for deciding an outsider's next command without a run (refusals only).
    deps.roleCache?.recordPull(run.ref, { number, roles, holders: new Set(state.holds.map((h) => loginKey(h.by))), replies: answered, maxLines });
  }
  if (closeBy && !run.dryRun) {
    const { closedAt } = await gitopsWriter.updatePull(gitops, number, { state: "closed" });
    deps.metrics.pullRequests.inc({ action: "closed" });
    await rejectRequest(run, { ...current, state: "closed", closedAt }, { labelsChanged: true });
    return "closed";
  }

  const requestValid = facts.requestValid && foreignCommit === undefined;
  const held = state.holds.length > 0 || !requestValid;
  const desired = new Set<string>([config.labels.pullRequest]);
  if (state.lgtm.length > 0) desired.add(config.labels.lgtm);
  if (state.approvers.length >= config.merge.approvals) desired.add(config.labels.approved);
  if (held) desired.add(config.labels.hold);
  const mergeFacts = (mergeable: boolean | null) => ({ requestValid, mergeable, merged: current.merged, open: current.state === "open" });
  let decision = mergeDecision(state, config.merge, mergeFacts(current.mergeable));
  if (current.mergeable === null && !decision.merge && mergeDecision(state, config.merge, mergeFacts(true)).merge) {
    // Everything else says merge; GitHub computes mergeability in the background (typically right after a push,
    // and no webhook tells when it is done). Ask again a few times before leaving it to the next event or sweep.
    current.mergeable = await awaitMergeability(octokit, run, number);
    decision = mergeDecision(state, config.merge, mergeFacts(current.mergeable));
  }
  const statusBody = renderPullStatus(run, roles, state, decision, { ...facts, ...(foreignCommit ? { foreignCommit } : {}) }, epoch);
  if (!run.dryRun) {
    await Promise.all([
      syncLabels(gitopsWriter, prRef, current.labels, desired, managedPullLabels(config)),
      upsertMarkedComment(gitopsWriter, prRef, comments, PR_STATUS_MARKER, statusBody),
    ]);
  }
  if (!requestValid && !current.labels.includes(config.labels.hold)) deps.metrics.pullRequests.inc({ action: "held" });
  if (!decision.merge || run.dryRun || !vouched) return "open";
  if (current.headSha !== facts.headSha) {
    deps.log.info({ pull: number }, "pull request head moved since validation; not merging this time");
    return "open";
  }

  const title = `${current.title} (#${number})`;
  const merged = await gitopsWriter.mergePull(gitops, number, facts.headSha, config.merge.method, title);
  if (!merged.merged) {
    deps.log.info({ pull: number, reason: merged.reason }, "merge refused by GitHub; will retry on the next event");
    return "open";
  }
  deps.metrics.pullRequests.inc({ action: "merged" });
  deps.log.info({ pull: number, sha: merged.sha, trigger: trigger.event }, "onboarding pull request merged");
  if (config.merge.deleteBranch) await gitopsWriter.deleteBranch(gitops, run.branch);
  await completeRequest(run, { ...current, merged: true, state: "closed" }, completionOf(facts));
  return "merged";
}

/** Node ids of the people's comments that were edited: their every version is read from GitHub's edit history. */
function editedNodeIds(comments: readonly CommentInfo[]): string[] {
  return comments.filter((c) => c.user.type !== "Bot" && isEdited(c) && c.nodeId !== undefined).map((c) => c.nodeId as string);
}

function completionOf(facts: PullFacts): CompletionDetails {
  return { ...(facts.request ? { request: facts.request } : {}), ...(facts.summary ? { summary: facts.summary } : {}), ...(facts.change ? { change: facts.change } : {}) };
}

/** How long to wait for GitHub to compute a pull request's mergeability, in total, before giving up for this run. */
export const MERGEABILITY_WAITS_MS: readonly number[] = [500, 1000, 2000];

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function awaitMergeability(octokit: Octokit, run: RequestRun, number: number): Promise<boolean | null> {
  const sleep = run.deps.sleep ?? realSleep;
  for (const wait of run.deps.settings.mergeabilityWaitsMs ?? MERGEABILITY_WAITS_MS) {
    await sleep(wait);
    const { mergeable } = await getPull(octokit, run.gitops, number);
    if (mergeable !== null) return mergeable;
  }
  run.deps.log.info({ pull: number }, "GitHub has not computed mergeability yet; leaving the merge to the next event or sweep");
  return null;
}

/** Labels on onboarding pull requests that the bot manages. */
export function managedPullLabels(config: Config): string[] {
  const l = config.labels;
  return [l.pullRequest, l.lgtm, l.approved, l.hold];
}

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
 */
function historyOf(
  comments: readonly CommentInfo[],
  reviews: readonly ReviewInfo[],
  revisions: ReadonlyMap<string, CommentRevision[]>,
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
    const versions = (c.nodeId ? revisions.get(c.nodeId) : undefined) ?? [];
    const all = [...versions, { body: c.body, at: c.updatedAt }];
    for (const version of all) {
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
  items.push({ kind: "reset", at: epoch?.since ?? "9999-12-31T23:59:59Z" });
  return items;
}

function isEdited(comment: CommentInfo): boolean {
  return comment.updatedAt !== comment.createdAt;
}

/** The withholding commands of a comment, one per line (empty when it has none). */
function withholdingCommands(body: string, maxLines: number): string {
  return parseCommands(body, { maxLines })
    .commands.filter((c) => (c.verb === "hold" && !c.cancel) || (c.cancel && (c.verb === "lgtm" || c.verb === "approve")))
    .map((c) => formatCommand(c.verb, c.cancel))
    .join("\n");
}

/** Replies still owed on the pull request: refusals, `/help`, unknown commands, `/close`, `/retest`. */
function pendingReplies(comments: readonly CommentInfo[], state: ApprovalState): { commentId: number; text: string }[] {
  const answered = repliedCommentIds(comments);
  // Edited comments are read only for what they withhold and are never answered: only new comments are commands.
  for (const c of comments) if (isEdited(c)) answered.add(c.id);
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

/** The refused commands of comments as created (edited comments are never answered). */
function refusalsOf(comments: readonly CommentInfo[], state: ApprovalState): Refusal[] {
  // Comments answered one by one (before refusals were coalesced) are not answered again.
  const skip = repliedCommentIds(comments);
  for (const c of comments) if (isEdited(c)) skip.add(c.id);
  return state.decisions
    .filter((d) => !d.allowed && !skip.has(d.commentId))
    .map((d) => ({ commentId: d.commentId, actor: d.actor, verb: d.verb, cancel: d.cancel, reason: d.reason ?? `${formatCommand(d.verb, d.cancel)} was refused` }));
}

/**
 * Reacts to each comment on the pull request that woke this run (several when a burst was coalesced into it): 👍 when
 * its commands were accepted, 👎 when any was refused.
 */
async function acknowledgeTrigger(run: RequestRun, prRef: IssueRef, state: ApprovalState): Promise<void> {
  if (run.dryRun) return;
  const ids = new Set((run.trigger.comments ?? []).filter((c) => c.on === "pull").map((c) => c.id));
  await Promise.all(
    [...ids].map(async (id) => {
      const decisions = state.decisions.filter((d) => d.commentId === id);
      const unknown = state.unknown.some((u) => u.commentId === id);
      if (decisions.length === 0 && !unknown) return;
      const refused = unknown || decisions.some((d) => !d.allowed);
      for (const d of decisions) run.deps.metrics.commands.inc({ verb: d.verb, outcome: d.allowed ? "accepted" : "refused" });
      if (unknown) run.deps.metrics.commands.inc({ verb: "unknown", outcome: "unknown" });
      await run.gitopsWriter.addReaction(prRef, id, refused ? "-1" : "+1");
    }),
  );
}

/** Approvers and reviewers from the OWNERS file on the base branch (never the PR branch). */
async function readOwners(octokit: Octokit, run: RequestRun): Promise<OwnersFile | undefined> {
  const path = run.config.approvers.ownersFile;
  if (!path) return undefined;
  const text = await readFileAtRef(octokit, run.gitops, path, run.config.gitops.baseBranch);
  if (text === undefined) return undefined;
  const parsed = parseOwnersFile(text);
  if ("error" in parsed) {
    run.deps.log.warn({ path }, "OWNERS file is invalid; its approvers are not used");
    return undefined;
  }
  return parsed;
}

async function readTeamMembers(octokit: Octokit, config: Config): Promise<string[]> {
  const lists = await mapLimit(config.approvers.teams, 4, async (team) => {
    const [org, slug] = team.split("/");
    return org && slug ? teamMembers(octokit, org, slug) : [];
  });
  return [...new Set(lists.flat())];
}

function renderPullStatus(
  run: RequestRun,
  roles: Roles,
  state: ApprovalState,
  decision: ReturnType<typeof mergeDecision>,
  facts: PullFacts,
  epoch: ContentEpoch | undefined,
): string {
  const body = renderPrStatus({ state, decision, roles, config: run.config.merge, requestUrl: run.issue.htmlUrl, marker: PR_STATUS_MARKER });
  const notes: string[] = [];
  if (facts.foreignCommit) {
    notes.push(
      `**On hold:** the head of this branch is commit \`${facts.foreignCommit}\`, which onboarding-bot did not make. ` +
        "Nothing is merged and the bot will not overwrite it; remove it or close this pull request.",
    );
  } else if (!facts.requestValid) {
    const fields = [...new Set(facts.problems.map((p) => p.label))].map((l) => `**${l.replace(/[^A-Za-z0-9 ()/-]/g, "")}**`);
    notes.push(
      `**On hold:** the request is no longer valid${fields.length ? ` (problems in ${fields.join(", ")})` : ""}; ` +
        "see the status comment on the request. The hold lifts when the request is valid again.",
    );
  }
  if (epoch && epoch.changed.length > 0) {
    notes.push(
      `**The tenant changed** (${epoch.changed.join(", ")}) at ${epoch.since}: every \`/lgtm\` and approval given before ` +
        "that was reset, because an approval counts only for the content it was given on. Please review again.",
    );
  }
  return notes.length > 0 ? `${body}\n\n${notes.join("\n\n")}` : body;
}
