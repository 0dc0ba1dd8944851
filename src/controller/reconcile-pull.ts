import type { Config } from "../config/schema.js";
import type { GitHubPort } from "../github/port.js";
import type { CommentInfo, CommentRevision, PullInfo, ReviewInfo } from "../github/reader.js";
import type { IssueRef } from "../github/repo-ref.js";
import { editedNodeIds } from "../plan/pull/approval-history.js";
import { planPull, type PullAction, type PullOutcome, type PullPlan } from "../plan/pull/plan-pull.js";
import type { PullFacts, PullPlanInput } from "../plan/pull/pull-plan-input.js";
import { describeError } from "../util/describe-error.js";
import { mapLimit } from "../util/map-limit.js";
import { completeRequest, rejectRequest } from "./finish-request.js";
import { requestLedger } from "./request-status.js";
import type { RequestRun } from "./run.js";
import type { RefusalReply } from "../plan/refusal-replies.js";
import { writeRefusals } from "./write-refusals.js";

export { PR_STATUS_MARKER } from "../plan/pull/pull-status.js";
export { managedPullLabels, type PullOutcome } from "../plan/pull/plan-pull.js";
export type { PullFacts } from "../plan/pull/pull-plan-input.js";

/**
 * What the caller already read of the pull request (e.g. in one GraphQL observation), so the shell does not read it
 * again; anything left out is read here as usual. `ownersText: null` means the OWNERS file was read and is absent.
 */
export interface PullReads {
  pull?: PullInfo;
  comments?: CommentInfo[];
  reviews?: ReviewInfo[];
  /** Earlier versions of edited comments, by node id; the history of an edited comment not in it is read here. */
  revisions?: ReadonlyMap<string, CommentRevision[]>;
  ownersText?: string | null;
  teamMembers?: string[];
}

/** How long to wait for GitHub to compute a pull request's mergeability, in total, before giving up for this run. */
export const MERGEABILITY_WAITS_MS: readonly number[] = [500, 1000, 2000];

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Brings an onboarding pull request in line with its history, in three steps:
 * 1. observe: read the pull request, its comments, reviews, the edit history of edited comments, the OWNERS file and
 *    the approver teams (or take what `reads` hands in), and which ledger entry vouches for its head;
 * 2. plan: {@link planPull} decides everything from that plain data (approvals, replies, refusals, `/close`, labels,
 *    status comment, merge);
 * 3. act: carry out the plan's steps in order, the actions of one step in parallel.
 * It reads the pull request itself (`number`), so callers pass nothing that could be stale.
 */
export async function reconcilePull(run: RequestRun, number: number, facts: PullFacts, reads: PullReads = {}): Promise<PullOutcome> {
  const { input, pull } = await observePull(run, number, facts, reads);
  let plan = planPull(input);
  if (plan.ownersProblem) run.deps.log.warn({ path: run.config.approvers.ownersFile }, "OWNERS file is invalid; its approvers are not used");
  for (const v of plan.verdicts) run.deps.metrics.commands.inc(v);
  let recorded = false;
  let outcome: PullOutcome | undefined;
  for (let done = 0; done < plan.steps.length; done++) {
    const actions = plan.steps[done] as PullAction[];
    if (actions.some((a) => a.kind === "recheck-mergeability")) {
      // Plan again with what GitHub says after waiting: the steps carried out already come out the same and are skipped.
      const mergeable = await awaitMergeability(run, number);
      plan = planPull({ ...input, pull: { ...input.pull, mergeable }, mergeabilityRechecked: true });
      done -= 1;
      continue;
    }
    const { answered, stop } = await act(run, number, pull, plan, actions);
    if (answered) recorded = recordRoles(run, number, plan, answered);
    if (stop) {
      outcome = stop;
      break;
    }
  }
  if (!recorded) recordRoles(run, number, plan);
  if (plan.newlyHeld) run.deps.metrics.pullRequests.inc({ action: "held" });
  if (plan.headMoved) run.deps.log.info({ pull: number }, "pull request head moved since validation; not merging this time");
  return outcome ?? plan.outcome;
}

/**
 * Leaves what this run knows about roles in the role cache, for deciding an outsider's next command without a run
 * (refusals only): `answered` are the refusal replies after this run's writes (default: as found). Returns whether
 * anything was recorded.
 */
function recordRoles(run: RequestRun, number: number, plan: PullPlan, answered?: Map<string, RefusalReply>): boolean {
  const facts = plan.roleFacts;
  if (!facts) return false;
  const replies = answered ?? new Map([...facts.replies].flatMap(([key, list]) => (list[0] ? [[key, list[0]] as const] : [])));
  run.deps.roleCache?.recordPull(run.ref, { number, roles: facts.roles, holders: facts.holders, replies, maxLines: facts.maxLines });
  return true;
}

/** Step 1: everything the planner needs, read in one round trip (plus the edit history and head commit when needed). */
async function observePull(run: RequestRun, number: number, facts: PullFacts, reads: PullReads): Promise<{ input: PullPlanInput; pull: PullInfo }> {
  const { deps, config, gitops, gitopsGitHub: github, issue, trigger } = run;
  const fresh = facts.justOpened === true;
  // Who may approve: as handed in, else as the run's observation read it, else read here.
  const observed = run.observedApprovers ?? {};
  const owners = reads.ownersText !== undefined ? reads.ownersText : observed.ownersText;
  const [comments, reviews, pull, ownersText, members] = await Promise.all([
    reads.comments ?? (fresh ? [] : github.listComments({ ...gitops, number }, deps.botLogin)),
    reads.reviews ?? (fresh ? [] : github.listReviews(gitops, number)),
    reads.pull ?? github.getPull(gitops, number),
    owners !== undefined ? (owners ?? undefined) : readOwnersText(github, run),
    reads.teamMembers ?? observed.teamMembers ?? readTeamMembers(github, config),
  ]);
  // The content under review: the ledger entry that vouches for the head (the bot made it), or none (foreign).
  const ledger = requestLedger(run.comments);
  const vouched = pull.merged ? undefined : await github.vouchedHead(gitops, ledger, pull.headSha);
  // The edit history of every edited comment, or the planner would miss a /hold that was edited away: what the
  // caller did not hand in is read here (no call when nothing is missing).
  const given = reads.revisions ?? new Map<string, CommentRevision[]>();
  const missing = editedNodeIds(comments).filter((id) => !given.has(id));
  const read = await github.readRevisions(missing).catch((error: unknown) => {
    throw new Error(`reconcile-pull: could not read the edit history of edited comments, so no approval is counted (${describeError(error).message})`);
  });
  const revisions = new Map([...given, ...read]);
  const input: PullPlanInput = {
    pull,
    comments,
    reviews,
    revisions,
    ...(ownersText !== undefined ? { ownersText } : {}),
    teamMembers: members,
    ledger,
    vouched,
    requester: issue.user.login,
    requestUrl: issue.htmlUrl,
    triggerCommentIds: (trigger.comments ?? []).filter((c) => c.on === "pull").map((c) => c.id),
    config,
    facts,
    dryRun: run.dryRun,
  };
  return { input, pull };
}

/**
 * Step 3: carries out one step of the plan, its actions in parallel. Returns the refusal replies as they are after
 * the step's refusal writes (when it had any), and `stop` when the run ends here (a merge GitHub refused).
 */
async function act(
  run: RequestRun,
  number: number,
  pull: PullInfo,
  plan: PullPlan,
  actions: readonly PullAction[],
): Promise<{ answered?: Map<string, RefusalReply>; stop?: PullOutcome }> {
  const { deps, gitops, gitopsWriter: writer } = run;
  const prRef: IssueRef = { ...gitops, number };
  const refusals = actions.flatMap((a) => (a.kind === "refusal" ? [a.write] : []));
  const out: { answered?: Map<string, RefusalReply>; stop?: PullOutcome } = {};
  await Promise.all([
    refusals.length > 0 && plan.roleFacts
      ? writeRefusals(writer, prRef, plan.roleFacts.replies, refusals).then((answered) => void (out.answered = answered))
      : undefined,
    ...actions.map(async (a) => {
      switch (a.kind) {
        case "react":
          return writer.addReaction(prRef, a.commentId, a.content);
        case "reply":
          return void (await writer.createComment(prRef, a.body));
        case "labels":
          return void (await Promise.all([writer.addLabels(prRef, a.add), ...a.remove.map((l) => writer.removeLabel(prRef, l))]));
        case "status":
          return a.commentId === undefined ? void (await writer.createComment(prRef, a.body)) : writer.updateComment(prRef, a.commentId, a.body);
        case "close": {
          const { closedAt } = await writer.updatePull(gitops, number, { state: "closed" });
          deps.metrics.pullRequests.inc({ action: "closed" });
          return void (await rejectRequest(run, { ...pull, state: "closed", closedAt }, { labelsChanged: true }));
        }
        case "merge": {
          const merged = await writer.mergePull(gitops, number, a.sha, a.method, a.title);
          if (!merged.merged) {
            deps.log.info({ pull: number, reason: merged.reason }, "merge refused by GitHub; will retry on the next event");
            out.stop = "open";
            return;
          }
          deps.metrics.pullRequests.inc({ action: "merged" });
          deps.log.info({ pull: number, sha: merged.sha, trigger: run.trigger.event }, "onboarding pull request merged");
          return;
        }
        case "delete-branch":
          return writer.deleteBranch(gitops, run.branch);
        case "complete":
          return void (await completeRequest(run, pull.merged ? pull : { ...pull, merged: true, state: "closed" }, a.details));
        case "refusal": // written together above, so the replies as they are afterwards are known
        case "recheck-mergeability": // the loop in reconcilePull
          return;
      }
    }),
  ]);
  return out;
}

async function awaitMergeability(run: RequestRun, number: number): Promise<boolean | null> {
  const sleep = run.deps.sleep ?? realSleep;
  for (const wait of run.deps.settings.mergeabilityWaitsMs ?? MERGEABILITY_WAITS_MS) {
    await sleep(wait);
    const { mergeable } = await run.gitopsGitHub.getPull(run.gitops, number);
    if (mergeable !== null) return mergeable;
  }
  run.deps.log.info({ pull: number }, "GitHub has not computed mergeability yet; leaving the merge to the next event or sweep");
  return null;
}

/** The OWNERS file on the base branch (never the pull request's branch), when one is configured and exists. */
async function readOwnersText(github: GitHubPort, run: RequestRun): Promise<string | undefined> {
  const path = run.config.approvers.ownersFile;
  return path ? github.readFileAtRef(run.gitops, path, run.config.gitops.baseBranch) : undefined;
}

/** The members of the approver teams (`approvers.teams`), one call per team, at most 4 at once. */
export async function readTeamMembers(github: GitHubPort, config: Config): Promise<string[]> {
  const lists = await mapLimit(config.approvers.teams, 4, async (team) => {
    const [org, slug] = team.split("/");
    return org && slug ? github.teamMembers(org, slug) : [];
  });
  return [...new Set(lists.flat())];
}
