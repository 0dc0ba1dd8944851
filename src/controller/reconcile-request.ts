import type { SettledComment } from "../github/marked-races.js";
import { NotAnIssueError } from "../github/observe/index.js";
import type { BaseState, CommentInfo, PullInfo } from "../github/reader.js";
import { parseFullName, type IssueRef } from "../github/repo-ref.js";
import {
  planPublication,
  planRequest,
  screenPull,
  type PreparedRequest,
  type PublicationPlan,
  type RequestDecision,
} from "../plan/request/plan-request.js";
import { branchFor } from "../publishing/branch-name.js";
import { GITHUB_LOGIN } from "../commands/github-login.js";
import { formPathOf, readRequest } from "../requests/read-request.js";
import { requestKindOf, requestLabel } from "../requests/request-kinds.js";
import type { LedgerEntry } from "../publishing/ledger.js";
import { STATUS_MARKER } from "../status/markers.js";
import type { Provenance } from "../types.js";
import type { ControllerDeps, Trigger } from "./deps.js";
import { diffFiles } from "./diff-files.js";
import { completeRequest, managedRequestLabels, rejectRequest } from "./finish-request.js";
import { answerIssueCommands, planIssueCommands, type IssueCommandPlan } from "./issue-commands.js";
import { observeRequest, rememberForm, type ObservedRequest } from "./observe-request.js";
import { prepareRequest, type ReadableRequest } from "./prepare-request.js";
import { reconcilePull, type PullOutcome, type PullReads, readTeamMembers } from "./reconcile-pull.js";
import type { RequestRun } from "./run.js";
import { mergeStatusBodies, recordCommit, requestLabelsFor, requestLedger, syncRequestStatus, writeRecord } from "./request-status.js";
import { findMarkedComment } from "./upsert-marked-comment.js";
import { syncLabels } from "./sync-labels.js";

/** Marker of the comment that says why the bot closed a pull request whose request was closed. */
const WITHDRAWN_MARKER = "<!-- onboarding-bot:withdrawn -->";

/** How a reconcile run ended, for logs, metrics and tests. */
export type RequestOutcome =
  | "ignored"
  | "config-error"
  | "invalid"
  | "dry-run"
  | "opened"
  | "updated"
  | "unchanged"
  | "reopened"
  | "foreign-commit"
  | "blocked"
  | "completed"
  | "rejected"
  | "withdrawn";

/**
 * Drives one onboarding request to the state it should be in (level-triggered, like a Kubernetes controller):
 * webhooks, redeliveries, `/retry` and the reconciliation sweep all call this one function, and running it twice in a
 * row changes nothing the second time. The pipeline, in order:
 *
 * 1. **observe** (`observe-request.ts`): one GraphQL query for the issue, its comments, the configuration, the
 *    branch, its pull request, the base paths the request needs (`pathsToObserve`, overlays included), the people
 *    and the requester's open requests; the base snapshot is built from it (`baseFromObservation`), with no tree read;
 * 2. **plan** (`src/plan/request/`): pure decisions, `planRequest` then, after "parse → validate → render"
 *    (`prepare-request.ts`, one call), `planPublication`;
 * 3. **act**: the writes each decision needs, through the GitHub port (`src/github/port.ts`), and the pull request's
 *    own reconcile (`reconcile-pull.ts`).
 *
 * The status comment always ends with a verdict: when something throws, the caller (`handle-event`) writes the
 * internal-error verdict and rethrows so the delivery shows as failed and is retried.
 */
export async function reconcileRequest(deps: ControllerDeps, ref: IssueRef, trigger: Trigger): Promise<RequestOutcome> {
  // 1. Observe.
  let observed: ObservedRequest;
  try {
    observed = await observeRequest(deps, ref, trigger.issue);
  } catch (error) {
    if (error instanceof NotAnIssueError) return "ignored";
    throw error;
  }
  const { issue, loaded, comments } = observed;
  const base = { botLogin: deps.botLogin, ref, issue, loaded, pullCommentTrigger: pullCommentTrigger(trigger) };
  if (!loaded.ok || !observed.gitops) {
    const decision = planRequest({ ...base, dryRun: false, retry: false });
    if (decision.kind !== "config-error") return "ignored";
    deps.metrics.requestsValidated.inc({ outcome: "config-error" });
    deps.log.warn({ problems: decision.problems.length }, "configuration is invalid");
    // No GitOps repository is known, so there is nothing for dry-run to protect; only the issue is written.
    await syncRequestStatus(deps.github.writer({ dryRun: false, mergeOnRace: mergeStatusBodies }), ref, comments, { kind: "config-error", problems: decision.problems });
    return "config-error";
  }

  const config = loaded.config;
  // Which kind of request (onboarding, or a change kind of src/requests/) the issue's label says it is.
  const kind = requestKindOf(config, issue.labels);
  if (kind === undefined) return "ignored";
  if (deps.progress) deps.progress.isRequest = true;
  const gitops = parseFullName(config.gitops.repository);
  const dryRun = config.dryRun || deps.settings.dryRun;
  const gitopsGitHub = await deps.githubFor(gitops);
  const writerOptions = { gitopsRepo: gitops, dryRun, allowIssue: ref, mergeOnRace: mergeStatusBodies };
  const branch = branchFor(config, ref);
  const { pull, branchSha } = observed.gitops;
  const run: RequestRun = {
    deps,
    ref,
    trigger,
    issue,
    config,
    gitops,
    gitopsGitHub,
    branch,
    dryRun,
    issueWriter: deps.github.writer(writerOptions),
    gitopsWriter: gitopsGitHub.writer(writerOptions),
    comments,
    kind,
    observedPull: observed.gitops.pullReads,
    observedApprovers: observed.gitops.approvers,
  };
  const facts = { ...base, gitops, branch, ...(pull ? { pull } : {}), ...(branchSha ? { branchSha } : {}), dryRun, retry: false };

  if (issue.state === "closed") return act(run, planRequest(facts), undefined);

  // Open: the kind's own issue form (intake.form, requests.<kind>.form), read from the support repository so its
  // labels never drift.
  const formPath = formPathOf(config, kind);
  const form = formPath === undefined ? undefined : await deps.github.loadIssueForm(ref, formPath, kind === "onboarding" ? config : undefined);
  if (form?.ok && kind === "onboarding") rememberForm(deps.configCache, ref, loaded, form.text);
  const own = screenPull(pull, ref, branchSha);
  const commands = planIssueCommands(comments, issue, config, own.kind === "own" ? own.pull : undefined);
  const decision = planRequest({
    ...facts,
    retry: commands.retry !== undefined,
    ...(form?.ok === false ? { formProblems: form.problems } : {}),
  });
  if (decision.kind === "config-error") {
    deps.metrics.requestsValidated.inc({ outcome: "config-error" });
    await syncRequestStatus(run.issueWriter, ref, comments, { kind: "config-error", problems: decision.problems });
    return "config-error";
  }
  if (decision.kind === "blocked") {
    deps.log.warn({ pull: pull?.number, branch }, "request held before validation");
    return act(run, decision, undefined);
  }
  let intake: ReadableRequest | undefined;
  if (decision.kind === "prepare") {
    const read = readRequest(config, kind, issue.body, form?.ok ? form.text : undefined);
    if ("configProblems" in read) {
      deps.metrics.requestsValidated.inc({ outcome: "config-error" });
      await syncRequestStatus(run.issueWriter, ref, comments, { kind: "config-error", problems: read.configProblems });
      return "config-error";
    }
    intake = read;
  }
  const outcome = await act(run, decision, intake ? { commands, intake, observed } : undefined);
  const answered = await answerIssueCommands(run.issueWriter, ref, commands, OUTCOME_TEXT[outcome]);
  // What this run knows about roles on the issue, for deciding an outsider's next command without a run.
  deps.roleCache?.recordIssue(ref, { roles: commands.roles, replies: answered, maxLines: config.limits.maxCommentLines });
  return outcome;
}

/** What the open request's act step needs beyond the run. */
interface OpenReads {
  commands: IssueCommandPlan;
  /** The request as read with its kind's form. */
  intake: ReadableRequest;
  observed: ObservedRequest;
}

/** 3. Act: carries out the first decision. */
async function act(run: RequestRun, decision: RequestDecision<PullInfo>, reads: OpenReads | undefined): Promise<RequestOutcome> {
  switch (decision.kind) {
    case "ignored":
      if (decision.reason === "foreign-pull") run.deps.log.warn({ branch: run.branch }, "closed request's branch has a pull request of another request; not withdrawing it");
      return "ignored";
    case "config-error":
      return "config-error";
    case "withdraw":
      return withdraw(run, decision.pull);
    case "complete":
      if (!decision.viaPull) return completeRequest(run, decision.pull);
      // A command comment on the pull request woke this run (a second `/approve` delivered while another run merged):
      // it is still acknowledged, through the pull request's own reconcile, which reacts before it completes.
      await reconcilePull(run, decision.pull.number, { requestValid: false, problems: [], headSha: decision.pull.headSha }, observedReads(run, decision.pull.number));
      return "completed";
    case "reject":
      return rejectRequest(run, decision.pull);
    case "blocked":
      await syncRequestStatus(run.issueWriter, run.ref, run.comments, { kind: "blocked", reason: decision.reason });
      return "blocked";
    case "prepare":
      if (!reads) throw new Error("reconcile-request: a request to prepare needs the request as read");
      return prepareAndPublish(run, decision.pull, reads);
  }
}

/** Parse → validate → render (one call), then the second decision, carried out. */
async function prepareAndPublish(run: RequestRun, pull: PullInfo | undefined, reads: OpenReads): Promise<RequestOutcome> {
  const { deps, ref, issue, config, gitops } = run;
  const { intake, observed } = reads;
  const gitopsReads = observed.gitops;
  if (!gitopsReads) throw new Error("reconcile-request: the GitOps side was not observed");
  const observedBase = gitopsReads.base;
  if (!observedBase) throw new Error(`reconcile-request: the base branch ${config.gitops.baseBranch} of ${config.gitops.repository} does not exist`);
  // The base branch as this request needs it, from the paths the observation looked up (no tree read).
  const basePromise = run.gitopsGitHub.baseFromObservation(gitops, config, {
    commitOid: observedBase.commitOid,
    treeOid: observedBase.treeOid,
    found: observedBase.paths,
    ...(observedBase.rootEntries ? { rootEntries: observedBase.rootEntries } : {}),
  });
  const [base, users] = await Promise.all([basePromise, usersOf(run, intake, gitopsReads.users)]);
  const provenance: Provenance = { requestRepo: `${ref.owner}/${ref.repo}`, issueNumber: ref.number, issueUrl: issue.htmlUrl, requester: issue.user.login };
  const prepared = await prepareRequest({
    intake,
    config,
    base,
    users,
    provenance,
    ref,
    requestUrl: issue.htmlUrl,
    requester: issue.user.login,
    treePaths: () => run.gitopsGitHub.readTreePaths(gitops, base.base.treeSha, config.limits),
    teamApprovers: async () => gitopsReads.approvers.teamMembers ?? readTeamMembers(run.gitopsGitHub, config),
  });
  const facts = {
    ref,
    config,
    issue,
    prepared,
    pull,
    branchSha: gitopsReads.branchSha,
    dryRun: run.dryRun,
    retry: reads.commands.retry !== undefined,
    baseCommit: base.base.commitSha,
    openRequests: gitopsReads.openRequests,
  };
  let decision = planPublication(facts);
  if (decision.kind === "count-open-requests") {
    // Not counted in the observation (the requester was not known when it was planned): one call.
    const open = await deps.github.openIssuesBy(ref, issue.user.login, requestLabel(config, intake.kind), config.limits.maxOpenRequests + 1);
    decision = planPublication({ ...facts, openRequests: open });
  }
  if (prepared.ok) deps.metrics.requestsValidated.inc({ outcome: "valid" });
  switch (decision.kind) {
    case "invalid":
      return reportInvalid(run, decision.problems, decision.notices, decision.holdPull);
    case "dry-run":
      return showDryRun(run, prepared);
    case "blocked":
      deps.log.info({ requester: issue.user.login, max: config.limits.maxOpenRequests }, "requester has too many open requests; request held");
      await syncRequestStatus(run.issueWriter, ref, run.comments, { kind: "blocked", reason: decision.reason });
      return "blocked";
    case "count-open-requests":
      throw new Error("reconcile-request: the open requests were counted and still unknown");
    case "publish":
      if (!prepared.ok) throw new Error("reconcile-request: only a prepared request is published");
      return publish(run, pull, gitopsReads.branchSha, base.base, prepared, decision.plan, gitopsReads);
  }
}

async function showDryRun(run: RequestRun, prepared: PreparedRequest): Promise<RequestOutcome> {
  if (!prepared.ok) throw new Error("reconcile-request: only a prepared request has a dry-run diff");
  const { ref, issue, config, issueWriter, comments } = run;
  const deletions = "change" in prepared ? prepared.deletions : [];
  await syncRequestStatus(issueWriter, ref, comments, {
    ...validStatusOf(prepared),
    dryRunDiff: diffFiles(prepared.originals, prepared.files) + deletions.map((p) => `--- a/${p}\n+++ /dev/null\n`).join(""),
  });
  await syncLabels(issueWriter, ref, issue.labels, requestLabelsFor(config, "validated"), managedRequestLabels(config));
  return "dry-run";
}

async function publish(
  run: RequestRun,
  pull: PullInfo | undefined,
  branchSha: string | undefined,
  base: BaseState,
  prepared: Extract<PreparedRequest, { ok: true }>,
  plan: PublicationPlan,
  gitopsReads: { repositoryId: string },
): Promise<RequestOutcome> {
  const { deps, ref, trigger, issue, config, gitops, branch, issueWriter, gitopsWriter, comments } = run;
  const validStatus = validStatusOf(prepared);
  // A new branch's writes after its one mutation (the status comment with the ledger entry, the labels, the pull
  // request's status comment and reviewers) go out together; the races of the comments they create are settled
  // with one listing afterwards, which is also the ledger's read-back (see `marked-races.ts`, `recordCommit`).
  const races = deps.github.raceBatch();
  const writerOptions = { gitopsRepo: gitops, dryRun: run.dryRun, allowIssue: ref, races, mergeOnRace: mergeStatusBodies };
  const announce: RequestRun = {
    ...run,
    issueWriter: deps.github.writer(writerOptions),
    gitopsWriter: run.gitopsGitHub.writer(writerOptions),
  };
  let deferred: LedgerEntry | undefined;
  const publishing = run.gitopsGitHub.publish(gitopsWriter, {
    gitops,
    baseBranch: config.gitops.baseBranch,
    branch,
    request: ref,
    base,
    files: plan.files,
    deletions: plan.deletions,
    digest: plan.digest,
    tenantDigest: plan.tenantDigest,
    fields: plan.fields,
    ledger: requestLedger(comments),
    // A new branch's commit (the mutation that made it also opened or updated the pull request) is written now and
    // read back with the settlement below; an update's commit is read back before its branch moves. A status comment
    // the record creates already links the pull request the same mutation opened, so the status written after
    // publishing is the same text and costs no call.
    record: async (entry, opened) => {
      if (!opened) return recordCommit(deps.github, issueWriter, ref, comments, entry, validStatus);
      deferred = entry;
      await writeRecord(announce.issueWriter, ref, comments, entry, { ...validStatus, pullRequest: { number: opened.number, url: opened.htmlUrl, state: "open" } });
    },
    commitMessage: plan.commitMessage,
    title: plan.title,
    body: plan.body,
    branchSha,
    pull,
    reopen: plan.reopen,
    ...(gitopsReads.repositoryId ? { repositoryId: gitopsReads.repositoryId } : {}),
  });
  // A record written before publishing failed still has its race settled.
  const outcome = await publishing.catch(async (error: unknown) => {
    await races.settle().catch(() => undefined);
    throw error;
  });

  if (outcome.kind === "merged") return completeRequest(run, outcome.pull);
  if (outcome.kind === "closed") return rejectRequest(run, outcome.pull);
  if (outcome.kind === "foreign-commit") {
    deps.log.warn({ sha: outcome.sha, branch }, "branch has a commit the bot did not make; not overwriting it");
    await syncRequestStatus(issueWriter, ref, comments, {
      kind: "blocked",
      reason: `the branch ${branch} has a commit (${outcome.sha.slice(0, 12)}) that onboarding-bot did not make; a maintainer must remove it or close the pull request`,
      pullRequest: outcome.pull ? { number: outcome.pull.number, url: outcome.pull.htmlUrl } : undefined,
    });
    if (outcome.pull) {
      await reconcilePull(run, outcome.pull.number, { requestValid: false, problems: [], foreignCommit: outcome.sha, headSha: outcome.sha }, observedReads(run, outcome.pull.number));
    }
    return "foreign-commit";
  }

  deps.metrics.pullRequests.inc({ action: outcome.kind });
  if (outcome.kind === "opened" || outcome.kind === "updated" || outcome.kind === "reopened") {
    deps.metrics.issueToPrSeconds.observe((Date.now() - trigger.receivedAt) / 1000);
    deps.log.info({ pull: outcome.pull.number, action: outcome.kind }, "onboarding pull request published");
  }
  const pullNumber = outcome.pull.number;
  const opened = outcome.kind === "opened";
  // Nothing of these reads what another writes, so they go out at once: the issue's status and labels, and the pull
  // request's own reconcile (labels, status comment) with its reviewers when it was just opened. Only a new branch's
  // comments settle their races later (a pull request just opened has no comments to answer, so the only comment its
  // reconcile creates is its status); every other run settles each race right after its create, as always.
  const writes = await Promise.allSettled([
    syncRequestStatus(deferred ? announce.issueWriter : issueWriter, ref, comments, { ...validStatus, pullRequest: { number: pullNumber, url: outcome.pull.htmlUrl, state: "open" } }),
    syncLabels(issueWriter, ref, issue.labels, requestLabelsFor(config, "validated"), managedRequestLabels(config)),
    reconcilePull(opened && deferred ? announce : run, pullNumber, {
      justOpened: opened,
      requestValid: true,
      problems: [],
      headSha: outcome.headSha,
      ...("change" in prepared ? { change: prepared.change, beneficiaries: prepared.beneficiaries } : { request: prepared.request }),
      summary: prepared.summary,
    }, opened ? openedReads(outcome.pull) : discussionOf(observedReads(run, pullNumber))),
    opened ? gitopsWriter.requestReviewers(gitops, pullNumber, plan.reviewers, plan.teamReviewers) : Promise.resolve(),
  ]);
  // Settled even when one of the writes failed: a comment created beside another replica's must not stay twice.
  const settled = adoptSettled(comments, await races.settle());
  // The ledger entry is read back (and written again if lost) whatever else failed: the commit is on the branch.
  if (deferred) {
    const status = findMarkedComment(comments, STATUS_MARKER);
    await recordCommit(deps.github, issueWriter, ref, comments, deferred, validStatus, { body: status ? settled.get(status.id) : undefined });
  }
  const failed = writes.find((w) => w.status === "rejected");
  if (failed) throw failed.reason;
  const pullOutcome = (writes[2] as PromiseFulfilledResult<PullOutcome>).value;
  return pullOutcome === "merged" ? "completed" : outcome.kind;
}

/**
 * Puts what a race settlement decided into the run's view of the issue's comments (a comment that lost its race is
 * now the survivor); answers each survivor's body as listed, by its id.
 */
function adoptSettled(comments: CommentInfo[], settled: ReadonlyMap<number, SettledComment>): Map<number, string | undefined> {
  for (const comment of comments) {
    const survivor = settled.get(comment.id);
    if (survivor) Object.assign(comment, { id: survivor.id, body: survivor.body ?? comment.body });
  }
  return new Map([...settled.values()].map((s) => [s.id, s.body]));
}

/**
 * What this run's observation read of pull request `number` (the pull request, its comments and reviews when complete),
 * for its reconcile: only while nothing was written to it since (see {@link discussionOf} for after a publish).
 */
function observedReads(run: RequestRun, number: number): PullReads {
  const observed = run.observedPull;
  return observed?.pull?.number === number ? observed : {};
}

/** A pull request this run's mutation just opened, as the mutation answered it (when it answered it whole). */
function openedReads(pull: PullInfo | { number: number; htmlUrl: string }): PullReads {
  return "headSha" in pull ? { pull } : {};
}

/** The comments and reviews of observed reads, without the pull request itself (publishing may have changed it). */
function discussionOf(reads: PullReads): PullReads {
  return { ...(reads.comments ? { comments: reads.comments } : {}), ...(reads.reviews ? { reviews: reads.reviews } : {}) };
}

/** What a `/retry` reply says about the run it caused. */
const OUTCOME_TEXT: Record<RequestOutcome, string> = {
  ignored: "nothing to do.",
  "config-error": "the configuration is broken; see the status comment.",
  invalid: "checked again; the request still has problems, listed in the status comment.",
  "dry-run": "checked again; the request is valid (dry-run: nothing was written).",
  opened: "checked again and opened the pull request.",
  updated: "checked again and updated the pull request.",
  unchanged: "checked again; the pull request is already up to date.",
  reopened: "checked again and reopened the pull request.",
  "foreign-commit": "the pull request's branch has a commit onboarding-bot did not make; a maintainer must resolve it.",
  blocked: "the request is held; see the status comment.",
  completed: "the request is complete.",
  rejected: "the pull request was closed without merge; edit the request and comment `/retry` after that to submit it again.",
  withdrawn: "the request was closed.",
};

async function reportInvalid(run: RequestRun, problems: PreparedProblems, notices: PreparedNotices, pull: PullInfo | undefined): Promise<RequestOutcome> {
  const { deps, ref, config, issue, issueWriter, comments } = run;
  deps.metrics.requestsValidated.inc({ outcome: "invalid" });
  for (const p of problems) deps.metrics.requestsRejected.inc({ field: p.field });
  deps.log.info({ problems: problems.length }, "request is invalid");
  await Promise.all([
    syncRequestStatus(issueWriter, ref, comments, {
      kind: "invalid",
      problems,
      notices,
      pullRequest: pull ? { number: pull.number, url: pull.htmlUrl, state: "held" } : undefined,
    }),
    syncLabels(issueWriter, ref, issue.labels, requestLabelsFor(config, "needs-changes"), managedRequestLabels(config)),
  ]);
  if (pull) await reconcilePull(run, pull.number, { requestValid: false, problems, headSha: pull.headSha }, observedReads(run, pull.number));
  return "invalid";
}

/** What the status comment says of a prepared request: the onboarding request, or the change. */
function validStatusOf(prepared: Extract<PreparedRequest, { ok: true }>) {
  const what = "change" in prepared ? { change: prepared.change } : { request: prepared.request };
  return { kind: "valid" as const, ...what, notices: prepared.notices, summary: prepared.summary };
}

type PreparedProblems = Extract<PreparedRequest, { ok: false }>["problems"];
type PreparedNotices = PreparedRequest["notices"];

/** The requester closed the request: withdraw its open pull request and branch. */
async function withdraw(run: RequestRun, pull: PullInfo): Promise<RequestOutcome> {
  const { gitops, gitopsWriter, branch, deps } = run;
  // Marked, so two replicas withdrawing at once leave one comment (the writer settles marked races).
  await gitopsWriter.createComment(
    { ...gitops, number: pull.number },
    `${WITHDRAWN_MARKER}\nThe request ${run.ref.owner}/${run.ref.repo}#${run.ref.number} was closed, so onboarding-bot closed this pull request and deleted its branch.`,
  );
  await gitopsWriter.updatePull(gitops, pull.number, { state: "closed" });
  await gitopsWriter.deleteBranch(gitops, branch);
  deps.metrics.pullRequests.inc({ action: "closed" });
  deps.log.info({ pull: pull.number }, "request closed; pull request withdrawn");
  return "withdrawn";
}

/** Whether a command comment on the pull request woke this run. */
function pullCommentTrigger(trigger: Trigger): boolean {
  return trigger.comments?.some((c) => c.on === "pull") === true;
}

/**
 * The people the request names, canonical login by lower-cased login: the observation's, and the ones it did not look
 * up (a change kind's own form names them in fields the observation's reading did not know) with one look-up each.
 */
async function usersOf(run: RequestRun, intake: ReadableRequest, observed: ReadonlyMap<string, string | null>): Promise<Map<string, string | null>> {
  const users = new Map(observed);
  const missing = intake.logins
    .filter((l) => GITHUB_LOGIN.test(l))
    .slice(0, run.config.limits.maxMembers + 1)
    .filter((l) => !users.has(l.toLowerCase()));
  if (missing.length > 0) for (const [login, user] of await run.deps.github.lookupUsers(missing)) users.set(login.toLowerCase(), user);
  return users;
}
