import { loadConfig } from "../config/load-config.js";
import type { Config } from "../config/schema.js";
import {
  findPullForBranch,
  getBranchSha,
  getIssue,
  listComments,
  lookupUsers,
  openIssuesBy,
  type PullInfo,
} from "../github/reader.js";
import { readBaseSnapshot, type BaseSnapshot } from "../github/base-snapshot.js";
import { readTreePaths } from "../github/reader.js";
import { parseFullName, type IssueRef } from "../github/repo-ref.js";
import { createWriter } from "../github/writer.js";
import { loadIssueForm } from "../intake/load-issue-form.js";
import { relabel } from "../intake/intake-form.js";
import type { ParsedIssueBody } from "../intake/parse-issue-body.js";
import { branchFor } from "../publishing/branch-name.js";
import { renderCommitMessage } from "../publishing/commit-message.js";
import { renderPullBody, renderPullTitle } from "../publishing/pr-body.js";
import { requestFingerprint } from "../publishing/ledger.js";
import { publishRequest } from "../publishing/publish-request.js";
import { tenantDigest } from "../publishing/tenant-digest.js";
import { repositoryProblem } from "../rendering/render-problem.js";
import { renderWithReader } from "../rendering/render-with-reader.js";
import { GITHUB_LOGIN } from "../commands/github-login.js";
import { prepare } from "../requests/prepare.js";
import { formPathOf, observedShape, readRequest, type ReadRequest } from "../requests/read-request.js";
import { CHANGE_KIND_INFO, requestKindOf, requestLabel, type RequestKind } from "../requests/request-kinds.js";
import type { StatusChange, StatusSummary } from "../status/render-request-status.js";
import { validateParsedRequest } from "../validation/validate-request.js";
import type { FileChange, GitopsSnapshot, Notice, OnboardingRequest, Problem, Provenance } from "../types.js";
import { digestFiles } from "../util/digest.js";
import type { ControllerDeps, Trigger } from "./deps.js";
import { diffFiles } from "./diff-files.js";
import { holdForForeignPull, leaveForeignPull, pullNamesRequest, screenPull } from "./foreign-pull.js";
import { answerIssueCommands, planIssueCommands, type IssueCommandPlan } from "./issue-commands.js";
import { completeRequest, managedRequestLabels, rejectRequest } from "./finish-request.js";
import { reconcilePull } from "./reconcile-pull.js";
import type { RequestRun } from "./run.js";
import { recordCommit, requestLabelsFor, requestLedger, syncRequestStatus } from "./request-status.js";
import { syncLabels } from "./sync-labels.js";

/** Marker of the comment that says why the bot closed a pull request whose request was closed. */
const WITHDRAWN_MARKER = "<!-- onboarding-bot:withdrawn -->";

/** The label the issue form sets by default: used to recognise a request when its configuration is broken. */
const DEFAULT_REQUEST_LABEL = "onboarding";

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
 * Drives one onboarding request to the state it should be in, reading everything it needs from GitHub first
 * (level-triggered, like a Kubernetes controller): webhooks, redeliveries, `/retry` and the reconciliation sweep
 * all call this one function, and running it twice in a row changes nothing the second time.
 *
 * The status comment always ends with a verdict: when something throws, the caller (`handle-event`) writes the
 * internal-error verdict and rethrows so the delivery shows as failed and is retried.
 */
export async function reconcileRequest(deps: ControllerDeps, ref: IssueRef, trigger: Trigger): Promise<RequestOutcome> {
  const { octokit, log } = deps;
  const [issue, loaded] = await Promise.all([getIssue(octokit, ref), loadConfig(octokit, ref, deps.trust)]);
  if (issue.isPull) return "ignored";

  if (!loaded.ok) {
    if (!issue.labels.includes(DEFAULT_REQUEST_LABEL) || issue.state === "closed") return "ignored";
    deps.metrics.requestsValidated.inc({ outcome: "config-error" });
    log.warn({ problems: loaded.problems.length }, "configuration is invalid");
    const comments = await listComments(octokit, ref, deps.botLogin);
    // No GitOps repository is known, so there is nothing for dry-run to protect; only the issue is written.
    const writer = createWriter(octokit, { dryRun: false });
    await syncRequestStatus(writer, ref, comments, { kind: "config-error", problems: loaded.problems });
    return "config-error";
  }

  const config = loaded.config;
  // Which kind of request (onboarding, or a change kind of src/requests/) the issue's label says it is.
  const kind = requestKindOf(config, issue.labels);
  if (kind === undefined) return "ignored";
  if (deps.progress) deps.progress.isRequest = true;
  const gitops = parseFullName(config.gitops.repository);
  const dryRun = config.dryRun || deps.settings.dryRun;
  const gitopsOctokit = await deps.octokitFor(gitops);
  const writerOptions = { gitopsRepo: gitops, dryRun, allowIssue: ref };
  const issueWriter = createWriter(octokit, writerOptions);
  const gitopsWriter = createWriter(gitopsOctokit, writerOptions);
  const branch = branchFor(config, ref);

  if (issue.state === "closed") {
    const [comments, found] = await Promise.all([listComments(octokit, ref, deps.botLogin), findPullForBranch(gitopsOctokit, gitops, branch)]);
    const run: RequestRun = { deps, ref, trigger, issue, config, gitops, gitopsOctokit, branch, dryRun, issueWriter, gitopsWriter, comments, kind };
    // Only the pull request whose marker names this request is ever withdrawn (see foreign-pull.ts).
    if (found && !pullNamesRequest(found, ref)) return leaveForeignPull(run, found);
    return reconcileClosedIssue(run, found);
  }

  // A cloud's own issue form (intake.form, requests.<kind>.form) is read from the support repository, so its labels never drift.
  const formPath = formPathOf(config, kind);
  const form = formPath === undefined ? undefined : await loadIssueForm(octokit, ref, formPath, kind === "onboarding" ? config : undefined);
  if (form?.ok === false) {
    deps.metrics.requestsValidated.inc({ outcome: "config-error" });
    await syncRequestStatus(issueWriter, ref, await listComments(octokit, ref, deps.botLogin), { kind: "config-error", problems: form.problems });
    return "config-error";
  }
  const intake = readRequest(config, kind, issue.body, form?.text);
  if ("configProblems" in intake) {
    deps.metrics.requestsValidated.inc({ outcome: "config-error" });
    await syncRequestStatus(issueWriter, ref, await listComments(octokit, ref, deps.botLogin), { kind: "config-error", problems: intake.configProblems });
    return "config-error";
  }
  // Only well-formed logins, and no more than the limit allows (+1 so "too many" is still detected): one issue
  // must not spend the installation's rate limit on thousands of look-ups that end in a refusal anyway.
  const logins = intake.logins
    .filter((l) => GITHUB_LOGIN.test(l))
    .slice(0, config.limits.maxMembers + 1);
  // A request the bot never labelled is about to get its first branch: count its requester's open requests in this
  // same round trip (limits.maxOpenRequests). Later runs count only when they would create the first branch.
  const fresh = !managedRequestLabels(config).some((l) => issue.labels.includes(l));
  const [comments, base, branchSha, found, users, openRequests] = await Promise.all([
    listComments(octokit, ref, deps.botLogin),
    // The base commit and exactly the paths this request needs (no whole-tree read: see github/base-snapshot.ts).
    readBaseSnapshot(gitopsOctokit, gitops, config.gitops.baseBranch, config, observedShape(intake)).catch(
      (error: unknown): BaseSnapshot | Error => (error instanceof Error ? error : new Error(String(error))),
    ),
    getBranchSha(gitopsOctokit, gitops, branch),
    findPullForBranch(gitopsOctokit, gitops, branch),
    lookupUsers(octokit, logins),
    fresh ? openRequestsOf(octokit, ref, issue.user.login, config, kind) : undefined,
  ]);
  const run: RequestRun = { deps, ref, trigger, issue, config, gitops, gitopsOctokit, branch, dryRun, issueWriter, gitopsWriter, comments, kind };
  // A pull request on this branch whose marker names another request is never updated, closed or merged here.
  const screened = screenPull(found, ref, branchSha);
  if (screened.kind === "foreign") return holdForForeignPull(run, screened.pull);
  const pull = screened.kind === "own" ? screened.pull : undefined;
  if (base instanceof Error) throw base;
  const plan = planIssueCommands(comments, issue, config, pull);
  const outcome = await reconcileOpenRequest(run, plan, { intake, base, branchSha, pull, users, openRequests });
  const answered = await answerIssueCommands(issueWriter, ref, plan, OUTCOME_TEXT[outcome]);
  // What this run knows about roles on the issue, for deciding an outsider's next command without a run.
  deps.roleCache?.recordIssue(ref, { roles: plan.roles, replies: answered, maxLines: config.limits.maxCommentLines });
  return outcome;
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

interface OpenRequestReads {
  intake: Exclude<ReadRequest, { configProblems: unknown }>;
  base: BaseSnapshot;
  branchSha: string | undefined;
  pull: PullInfo | undefined;
  users: Map<string, string | null>;
  /** The requester's open requests, when read in the first round trip (see {@link openRequestsOf}). */
  openRequests: number[] | undefined;
}

async function reconcileOpenRequest(run: RequestRun, plan: IssueCommandPlan, reads: OpenRequestReads): Promise<RequestOutcome> {
  const { deps, ref, trigger, issue, config, gitops, gitopsOctokit, branch, dryRun, issueWriter, gitopsWriter, comments } = run;
  const { intake, branchSha, pull, users, openRequests } = reads;
  const { base } = reads.base;
  const log = deps.log;
  const retry = plan.retry;
  if (pull?.merged) return finishMerged(run, pull);
  if (pull && pull.state === "closed" && !retry) return rejectRequest(run, pull);

  const provenance: Provenance = {
    requestRepo: `${ref.owner}/${ref.repo}`,
    issueNumber: ref.number,
    issueUrl: issue.htmlUrl,
    requester: issue.user.login,
  };
  const read = readerFor(reads.base);
  // The parse → validate → render seam: onboarding's, or a change kind's prepare (src/requests/prepare.ts).
  const context: PrepareContext = { base: reads.base, users, provenance, read };
  const prepared = intake.kind === "onboarding" ? await prepareOnboarding(run, intake.parsed, context) : await prepareChangeRequest(run, intake.read, context);
  if ("problems" in prepared) return reportInvalid(run, prepared.problems, prepared.notices, pull);

  const { files, deletions, digest } = prepared;
  deps.metrics.requestsValidated.inc({ outcome: "valid" });
  const status = { kind: "valid" as const, ...prepared.status, notices: prepared.notices, summary: prepared.summary };

  if (dryRun) {
    const diff = diffFiles(read.originals, files) + deletions.map((p) => `--- a/${p}\n+++ /dev/null\n`).join("");
    await syncRequestStatus(issueWriter, ref, comments, { ...status, dryRunDiff: diff });
    await syncLabels(issueWriter, ref, issue.labels, requestLabelsFor(config, "validated"), managedRequestLabels(config));
    return "dry-run";
  }

  // Before the first branch of a request: one requester may hold at most limits.maxOpenRequests open requests.
  if (!pull && branchSha === undefined) {
    const waiting = await overOpenRequestLimit(run, openRequests);
    if (waiting) return waiting;
  }

  const outcome = await publishRequest(gitopsOctokit, gitopsWriter, {
    gitops,
    baseBranch: config.gitops.baseBranch,
    branch,
    request: ref,
    base,
    files,
    deletions,
    digest,
    tenantDigest: tenantDigest(files, read.originals),
    fields: prepared.fields,
    ledger: requestLedger(comments),
    record: (entry) => recordCommit(deps.octokit, issueWriter, ref, comments, entry, status),
    commitMessage: prepared.commitMessage,
    title: prepared.title,
    body: prepared.body,
    branchSha,
    pull,
    reopen: retry !== undefined,
  });

  if (outcome.kind === "merged") return completeRequest(run, outcome.pull);
  if (outcome.kind === "closed") return rejectRequest(run, outcome.pull);
  if (outcome.kind === "foreign-commit") {
    log.warn({ sha: outcome.sha, branch }, "branch has a commit the bot did not make; not overwriting it");
    await syncRequestStatus(issueWriter, ref, comments, {
      kind: "blocked",
      reason: `the branch ${branch} has a commit (${outcome.sha.slice(0, 12)}) that onboarding-bot did not make; a maintainer must remove it or close the pull request`,
      pullRequest: outcome.pull ? { number: outcome.pull.number, url: outcome.pull.htmlUrl } : undefined,
    });
    if (outcome.pull) {
      await reconcilePull(run, outcome.pull.number, { requestValid: false, problems: [], foreignCommit: outcome.sha, headSha: outcome.sha });
    }
    return "foreign-commit";
  }

  deps.metrics.pullRequests.inc({ action: outcome.kind });
  if (outcome.kind === "opened" || outcome.kind === "updated" || outcome.kind === "reopened") {
    deps.metrics.issueToPrSeconds.observe((Date.now() - trigger.receivedAt) / 1000);
    log.info({ pull: outcome.pull.number, action: outcome.kind }, "onboarding pull request published");
  }
  const pullNumber = outcome.pull.number;
  const pullUrl = outcome.pull.htmlUrl;
  await Promise.all([
    syncRequestStatus(issueWriter, ref, comments, { ...status, pullRequest: { number: pullNumber, url: pullUrl, state: "open" } }),
    syncLabels(issueWriter, ref, issue.labels, requestLabelsFor(config, "validated"), managedRequestLabels(config)),
  ]);

  const opened = outcome.kind === "opened";
  const [pullOutcome] = await Promise.all([
    reconcilePull(run, pullNumber, {
      justOpened: opened,
      requestValid: true,
      problems: [],
      headSha: outcome.headSha,
      ...prepared.status,
      summary: prepared.summary,
      beneficiaries: prepared.beneficiaries,
    }),
    opened
      ? gitopsWriter.requestReviewers(gitops, pullNumber, reviewersFor(config, issue.user.login), teamReviewersFor(config))
      : Promise.resolve(),
  ]);
  return pullOutcome === "merged" ? "completed" : outcome.kind;
}

/**
 * Holds a request whose requester already has `limits.maxOpenRequests` older open requests in this support
 * repository: a status comment says why, and nothing is written to the GitOps repository (no branch, pull request or
 * review request). Counted with one call (the open issues of this requester carrying the request label, oldest
 * first, one page of at most `maxOpenRequests + 1`, so a requester with thousands of open issues costs the same):
 * in the first round trip of a request the bot never labelled, else only when a run is about to create the first
 * branch. Older requests count, newer ones do not, so the first
 * `maxOpenRequests` go through and the next ones wait until one of them is completed or closed; the next event,
 * `/retry` or the sweep then publishes them.
 */
async function overOpenRequestLimit(run: RequestRun, known: number[] | undefined): Promise<RequestOutcome | undefined> {
  const { deps, ref, issue, config, issueWriter, comments } = run;
  const max = config.limits.maxOpenRequests;
  const open = known ?? (await openRequestsOf(deps.octokit, ref, issue.user.login, config));
  const older = open.filter((n) => n < ref.number).length;
  if (older < max) return undefined;
  deps.log.info({ requester: issue.user.login, older, max }, "requester has too many open requests; request held");
  await syncRequestStatus(issueWriter, ref, comments, {
    kind: "blocked",
    reason:
      `${issue.user.login} already has ${older > max ? `more than ${max}` : max} other open onboarding requests in this repository, ` +
      `and one person may have at most ${max} open at once (limits.maxOpenRequests). Nothing was written: this request ` +
      "is published once one of the others is completed or closed (comment /retry then, or wait for the next check)",
  });
  return "blocked";
}

/** The numbers of `requester`'s open requests of this kind in this support repository, oldest first, one page (one call). */
function openRequestsOf(octokit: ControllerDeps["octokit"], ref: IssueRef, requester: string, config: Config, kind: RequestKind = "onboarding"): Promise<number[]> {
  return openIssuesBy(octokit, ref, requester, requestLabel(config, kind), config.limits.maxOpenRequests + 1);
}

/** A request ready to publish, whatever its kind: what to write and delete, and what the PR, ledger and status say. */
interface Prepared {
  files: FileChange[];
  deletions: string[];
  digest: string;
  notices: Notice[];
  summary: StatusSummary;
  /** What the status comment and the completion show: the onboarding request, or a change. */
  status: { request: OnboardingRequest } | { change: StatusChange };
  title: string;
  body: string;
  commitMessage: string;
  fields: Record<string, string>;
  /** Who gains through a change and may not approve it (onboarding's come from its request). */
  beneficiaries: string[];
}

interface PrepareContext {
  base: BaseSnapshot;
  users: Map<string, string | null>;
  provenance: Provenance;
  read: ReturnType<typeof readerFor>;
}

/** Onboarding's parse → validate → render: the request validated against the base branch, then rendered. */
async function prepareOnboarding(run: RequestRun, parsed: ParsedIssueBody, { base, users, provenance, read }: PrepareContext): Promise<Prepared | { problems: Problem[]; notices: Notice[] }> {
  const { ref, config, issue } = run;
  const { snapshot } = base;
  const validation = await base.settle(() => validateParsedRequest(parsed, config, { snapshot, users }));
  if (!validation.ok) return { problems: validation.problems, notices: validation.notices };
  const rendered = await base.settle(() => renderWithReader({ request: validation.request, config, snapshot, provenance }, (paths) => read.read(paths)));
  if (rendered.kind !== "rendered") {
    const renderProblems =
      rendered.kind === "problems"
        ? rendered.problems
        : [repositoryProblem("body", "the GitOps repository could not be read completely", "overlays nested no deeper than the renderer follows")];
    // Problems name the fields by the labels of the form the request was filed with (a cloud's own form included).
    return { problems: relabel(renderProblems, parsed.form), notices: validation.notices };
  }
  const request = validation.request;
  const files = rendered.files;
  const digest = digestFiles(files);
  return {
    files,
    deletions: [],
    digest,
    notices: validation.notices,
    summary: rendered.summary,
    status: { request },
    title: renderPullTitle(request),
    body: renderPullBody({
      request,
      ref,
      requestUrl: issue.htmlUrl,
      files,
      createdPaths: rendered.summary.createdPaths,
      editedPaths: rendered.summary.editedPaths,
      teamReused: rendered.summary.teamReused,
      digest,
      closingKeyword: config.gitops.closingKeyword,
    }),
    commitMessage: renderCommitMessage(request, ref, digest, base.base.commitSha),
    fields: requestFingerprint(request),
    beneficiaries: [],
  };
}

/**
 * A change request's parse → validate → render: {@link prepare} of src/requests/, on the base branch's partial view
 * (paths it asks about are looked up). Offboarding and cluster changes walk every cluster's overlay closure (and
 * offboarding every kustomization of the repository, to leave no dangling reference), deeper than a few look-up rounds
 * reach, so they get the whole tree's paths (one recursive read, refused when GitHub truncates it).
 */
async function prepareChangeRequest(run: RequestRun, intake: Extract<ReadRequest, { read: unknown }>["read"], { base, users, provenance, read }: PrepareContext): Promise<Prepared | { problems: Problem[]; notices: Notice[] }> {
  let snapshot: GitopsSnapshot = base.snapshot;
  if (intake.kind === "offboard" || intake.kind === "cluster") {
    const paths = await readTreePaths(run.gitopsOctokit, run.gitops, base.base.treeSha);
    if (paths === undefined) {
      return { problems: [repositoryProblem("body", "the GitOps repository is too large for GitHub to list in one call, so this change cannot check what still refers to the namespace", "maintainers make this change by hand")], notices: [] };
    }
    snapshot = { ...base.snapshot, paths };
  }
  const prepared = await base.settle(() =>
    prepare(intake.kind, {
      read: intake,
      config: run.config,
      snapshot,
      reader: (paths) => read.read(paths),
      users,
      requester: run.issue.user.login,
      provenance,
      ref: run.ref,
      requestUrl: run.issue.htmlUrl,
      baseSha: base.base.commitSha,
    }),
  );
  if ("problems" in prepared) return prepared;
  const change = { name: CHANGE_KIND_INFO[prepared.change.kind].name, rows: prepared.rows, lines: prepared.summary.lines };
  return { ...prepared, status: { change } };
}

function reviewersFor(config: Config, requester: string): string[] {
  const lower = requester.toLowerCase();
  return config.approvers.users.filter((u) => u.toLowerCase() !== lower).slice(0, 15);
}

function teamReviewersFor(config: Config): string[] {
  const gitopsOwner = config.gitops.repository.split("/")[0]?.toLowerCase();
  return config.approvers.teams
    .filter((t) => t.split("/")[0]?.toLowerCase() === gitopsOwner)
    .map((t) => t.split("/")[1] ?? "")
    .filter((s) => s !== "")
    .slice(0, 15);
}

/** Reads GitOps files for the renderer from the base commit, remembering what it read (for the dry-run diff). */
function readerFor(base: BaseSnapshot) {
  const originals = new Map<string, string>(base.snapshot.files);
  return {
    originals,
    async read(paths: string[]): Promise<Map<string, string | undefined>> {
      const read = await base.readFiles(paths);
      for (const [path, content] of read) if (content !== undefined) originals.set(path, content);
      return read;
    },
  };
}

async function reportInvalid(run: RequestRun, problems: Problem[], notices: Notice[], pull: PullInfo | undefined): Promise<RequestOutcome> {
  const { deps, ref, config, issue, issueWriter, comments } = run;
  deps.metrics.requestsValidated.inc({ outcome: "invalid" });
  for (const p of problems) deps.metrics.requestsRejected.inc({ field: p.field });
  deps.log.info({ problems: problems.length }, "request is invalid");
  await Promise.all([
    syncRequestStatus(issueWriter, ref, comments, {
      kind: "invalid",
      problems,
      notices,
      pullRequest: pull && pull.state === "open" ? { number: pull.number, url: pull.htmlUrl, state: "held" } : undefined,
    }),
    syncLabels(issueWriter, ref, issue.labels, requestLabelsFor(config, "needs-changes"), managedRequestLabels(config)),
  ]);
  if (pull && pull.state === "open") {
    await reconcilePull(run, pull.number, { requestValid: false, problems, headSha: pull.headSha });
  }
  return "invalid";
}

/** The requester closed the request: withdraw its open pull request and branch. */
async function reconcileClosedIssue(run: RequestRun, pull: PullInfo | undefined): Promise<RequestOutcome> {
  if (pull?.merged) return finishMerged(run, pull);
  if (!pull || pull.state === "closed") return "ignored";
  if (run.dryRun) return "ignored";
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

/**
 * The pull request is merged: complete the request. A command comment on the pull request that woke this run (a
 * second `/approve` delivered while another run merged) is still acknowledged, through the pull request's own
 * reconcile, which reacts before it completes.
 */
async function finishMerged(run: RequestRun, pull: PullInfo): Promise<RequestOutcome> {
  if (!run.trigger.comments?.some((c) => c.on === "pull")) return completeRequest(run, pull);
  await reconcilePull(run, pull.number, { requestValid: false, problems: [], headSha: pull.headSha });
  return "completed";
}
