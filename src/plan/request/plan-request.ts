import type { ConfigProblem, ParseConfigResult } from "../../config/parse-config.js";
import type { Config } from "../../config/schema.js";
import { renderCommitMessage } from "../../publishing/commit-message.js";
import { requestFingerprint } from "../../publishing/ledger.js";
import { renderPullBody, renderPullTitle } from "../../publishing/pr-body.js";
import { markerNamesRequest, requestOfPull } from "../../publishing/request-marker.js";
import { tenantDigest } from "../../publishing/tenant-digest.js";
import type { Publication } from "../../publishing/publication.js";
import type { RenderSummary } from "../../rendering/render-types.js";
import type { FileChange, Notice, OnboardingRequest, Problem } from "../../types.js";
import { digestFiles } from "../../util/digest.js";
import { requestKindOf } from "../../requests/request-kinds.js";
import type { StatusChange, StatusSummary } from "../../status/render-request-status.js";

/**
 * Step 2 of a request's run, plan: pure decisions from what was observed, no I/O. `planRequest` decides what to do
 * before the request is validated and rendered (ignore, configuration error, withdraw, complete, reject, hold, or go
 * on and prepare it); `planPublication` decides what to do with the prepared request (report it invalid, show the
 * dry-run, hold it for the open-request limit, or publish these files with this title, body and commit message).
 * The shell (`src/controller/reconcile-request.ts`) carries the decisions out.
 */

/** A repository (the GitHub reader's `RepoRef` fits). */
export interface PlanRepo {
  owner: string;
  repo: string;
}

/** The request: a support repository and an issue number (the reader's `IssueRef` fits). */
export interface PlanRequestRef extends PlanRepo {
  number: number;
}

/** The request issue as observed (the reader's `IssueInfo` fits). */
export interface PlanIssue {
  isPull: boolean;
  state: "open" | "closed";
  labels: readonly string[];
  user: { login: string };
  htmlUrl: string;
}

/** A pull request of the request's branch as observed (the reader's `PullInfo` fits). */
export interface PlanRequestPull {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  /** The body the bot wrote, with the request marker that says whose pull request it is. */
  body: string;
}

/** The label the issue form sets by default: used to recognise a request when its configuration is broken. */
export const DEFAULT_REQUEST_LABEL = "onboarding";

/** What the first decision needs. */
export interface RequestFacts<P extends PlanRequestPull = PlanRequestPull> {
  ref: PlanRequestRef;
  /** The app's own login; empty when unknown, and then no marker can be trusted, so nothing is done. */
  botLogin: string;
  issue: PlanIssue;
  loaded: ParseConfigResult;
  /** The GitOps repository and the request's branch (when the configuration loaded). */
  gitops?: PlanRepo;
  branch?: string;
  /** The pull request found for the branch, and the branch head (undefined: none). */
  pull?: P;
  branchSha?: string;
  /** `dryRun` of the configuration or the app. */
  dryRun: boolean;
  /** An authorised, unanswered `/retry` on the issue. */
  retry: boolean;
  /** A command comment on the pull request woke this run (it is acknowledged through the pull request's reconcile). */
  pullCommentTrigger: boolean;
  /** Problems of the cloud's issue form (`intake.form`), when it was loaded and does not fit. */
  formProblems?: ConfigProblem[];
}

/** The first decision on a request. */
export type RequestDecision<P extends PlanRequestPull = PlanRequestPull> =
  | { kind: "ignored"; reason: "own-login-unknown" | "not-an-issue" | "not-a-request" | "closed" | "foreign-pull" | "dry-run" }
  | { kind: "config-error"; problems: ConfigProblem[] }
  /** The request was closed: close its own open pull request and delete the branch. */
  | { kind: "withdraw"; pull: P }
  /** Its pull request merged: complete the request (through the pull request's reconcile when a comment there woke the run). */
  | { kind: "complete"; pull: P; viaPull: boolean }
  /** Its pull request was closed without merge and nobody asked to retry. */
  | { kind: "reject"; pull: P }
  /** Held, with the reason for the status comment; nothing is written to the GitOps repository. */
  | { kind: "blocked"; reason: string; pull?: P }
  /** Validate and render the request, then {@link planPublication}. */
  | { kind: "prepare"; pull: P | undefined };

/** Decides what a run does with a request before validating it. */
export function planRequest<P extends PlanRequestPull>(f: RequestFacts<P>): RequestDecision<P> {
  if (f.botLogin === "") return { kind: "ignored", reason: "own-login-unknown" };
  if (f.issue.isPull) return { kind: "ignored", reason: "not-an-issue" };
  if (!f.loaded.ok) {
    // Only an issue that looks like a request (the form's default label) and is open hears about a broken configuration.
    if (!f.issue.labels.includes(DEFAULT_REQUEST_LABEL) || f.issue.state === "closed") return { kind: "ignored", reason: "not-a-request" };
    return { kind: "config-error", problems: f.loaded.problems };
  }
  // Onboarding, or a change kind of src/requests/ (each by its own label).
  if (requestKindOf(f.loaded.config, f.issue.labels) === undefined) return { kind: "ignored", reason: "not-a-request" };
  const pull = f.pull;

  if (f.issue.state === "closed") {
    // Only the pull request whose marker names this request is ever withdrawn (a foreign one is never touched).
    if (pull && !markerNamesRequest(pull.body, f.ref)) return { kind: "ignored", reason: "foreign-pull" };
    if (pull?.merged) return { kind: "complete", pull, viaPull: f.pullCommentTrigger };
    if (!pull || pull.state === "closed") return { kind: "ignored", reason: "closed" };
    if (f.dryRun) return { kind: "ignored", reason: "dry-run" };
    return { kind: "withdraw", pull };
  }

  if (f.formProblems) return { kind: "config-error", problems: f.formProblems };
  const screened = screenPull(pull, f.ref, f.branchSha);
  if (screened.kind === "foreign") return { kind: "blocked", reason: foreignReason(f, screened.pull) };
  const own = screened.kind === "own" ? screened.pull : undefined;
  if (own?.merged) return { kind: "complete", pull: own, viaPull: f.pullCommentTrigger };
  if (own && own.state === "closed" && !f.retry) return { kind: "reject", pull: own };
  return { kind: "prepare", pull: own };
}

/**
 * The pull request found by a request's branch, screened: `own` when its marker (in the body the bot wrote) names
 * this very request, `foreign` when it names another request or none, `none` when there is no pull request or only
 * a closed foreign one whose branch is gone (nothing of it can be touched any more, so the branch is free again).
 * Branch templates without the request repository's identity can give two requests one branch; a request's run must
 * then never update, close, merge or delete the branch of the other's pull request.
 */
export type ScreenedPull<P extends PlanRequestPull = PlanRequestPull> = { kind: "own"; pull: P } | { kind: "foreign"; pull: P } | { kind: "none" };

/** Screens the pull request found for a request's branch (see {@link ScreenedPull}). */
export function screenPull<P extends PlanRequestPull>(pull: P | undefined, ref: PlanRequestRef, branchSha: string | undefined): ScreenedPull<P> {
  if (!pull) return { kind: "none" };
  if (markerNamesRequest(pull.body, ref)) return { kind: "own", pull };
  if (pull.state === "closed" && branchSha === undefined) return { kind: "none" };
  return { kind: "foreign", pull };
}

function foreignReason(f: RequestFacts<PlanRequestPull>, pull: PlanRequestPull): string {
  const named = requestOfPull(pull.body);
  const owner = named ? `belongs to the request ${named.owner}/${named.repo}#${named.number}` : "carries no onboarding-bot request marker";
  const gitops = f.gitops ? `${f.gitops.owner}/${f.gitops.repo}` : "the GitOps repository";
  return (
    `the branch ${f.branch ?? ""} of this request already has the pull request #${pull.number} in ${gitops}, which ${owner}; ` +
    "onboarding-bot leaves it alone and publishes nothing for this request. A maintainer must give requests distinct branches " +
    "(gitops.branchTemplate with {owner}, {repo} and {number}) or close that pull request and delete its branch"
  );
}

/**
 * A request after "parse → validate → render" (one call, see `prepare-request.ts`): its problems, or the request with
 * the files that carry it out. Other kinds of requests plug in at that one call.
 */
export type PreparedRequest =
  | { ok: false; problems: Problem[]; notices: Notice[] }
  | {
      ok: true;
      request: OnboardingRequest;
      notices: Notice[];
      files: FileChange[];
      summary: RenderSummary;
      /** The current contents of the files the rendering edits (for the dry-run diff and the tenant digest). */
      originals: ReadonlyMap<string, string>;
    }
  | PreparedChangeRequest;

/**
 * A change request (src/requests/) ready to publish: its kind's preparation already rendered what the pull request,
 * commit and ledger say, and which files it deletes.
 */
export interface PreparedChangeRequest extends Pick<PublicationPlan, "files" | "deletions" | "digest" | "fields" | "commitMessage" | "title" | "body"> {
  ok: true;
  change: StatusChange;
  notices: Notice[];
  summary: StatusSummary;
  /** The current contents of the files the change edits (for the dry-run diff and the tenant digest). */
  originals: ReadonlyMap<string, string>;
  /** Who gains through the change: they may not approve it. */
  beneficiaries: string[];
}

/** What the second decision needs. */
export interface PublicationFacts<P extends PlanRequestPull = PlanRequestPull> {
  ref: PlanRequestRef;
  config: Config;
  issue: PlanIssue;
  prepared: PreparedRequest;
  pull: P | undefined;
  branchSha: string | undefined;
  dryRun: boolean;
  retry: boolean;
  /** The GitOps base commit the request was rendered on. */
  baseCommit: string;
  /** The requester's open requests (numbers), when counted; undefined when not. */
  openRequests: number[] | undefined;
}

/** What publishing writes, decided here (the fields of `publishRequest`'s input it takes); the shell adds the branch state and the ledger. */
export interface PublicationPlan extends Publication {
  files: FileChange[];
  /** Paths the change deletes (none for onboarding). */
  deletions: string[];
  /** Who is asked to review a newly opened pull request. */
  reviewers: string[];
  teamReviewers: string[];
}

/** The second decision on a request. */
export type PublicationDecision<P extends PlanRequestPull = PlanRequestPull> =
  /** The request has problems: say so, and hold its open pull request. */
  | { kind: "invalid"; problems: Problem[]; notices: Notice[]; holdPull: P | undefined }
  /** Dry-run: show the diff in the status comment; nothing is written to the GitOps repository. */
  | { kind: "dry-run" }
  /** The first branch would be created, and the requester's open requests were not counted yet: count, then plan again. */
  | { kind: "count-open-requests" }
  | { kind: "blocked"; reason: string }
  | { kind: "publish"; plan: PublicationPlan };

/** Decides what to do with a prepared request. */
export function planPublication<P extends PlanRequestPull>(f: PublicationFacts<P>): PublicationDecision<P> {
  const { prepared, config, issue, ref } = f;
  if (!prepared.ok) return { kind: "invalid", problems: prepared.problems, notices: prepared.notices, holdPull: f.pull?.state === "open" ? f.pull : undefined };
  if (f.dryRun) return { kind: "dry-run" };
  // Before the first branch of a request: one requester may hold at most limits.maxOpenRequests open requests.
  if (!f.pull && f.branchSha === undefined) {
    if (f.openRequests === undefined) return { kind: "count-open-requests" };
    const max = config.limits.maxOpenRequests;
    const older = f.openRequests.filter((n) => n < ref.number).length;
    if (older >= max) {
      return {
        kind: "blocked",
        reason:
          `${issue.user.login} already has ${older > max ? `more than ${max}` : max} other open ${"change" in prepared ? `${prepared.change.name.toLowerCase()} change` : "onboarding"} requests in this repository, ` +
          `and one person may have at most ${max} open at once (limits.maxOpenRequests). Nothing was written: this request ` +
          "is published once one of the others is completed or closed (comment /retry then, or wait for the next check)",
      };
    }
  }
  const common = { reopen: f.retry, reviewers: reviewersFor(config, issue.user.login), teamReviewers: teamReviewersFor(config) };
  if ("change" in prepared) {
    const { files, deletions, digest, fields, commitMessage, title, body } = prepared;
    return { kind: "publish", plan: { files, deletions, digest, tenantDigest: tenantDigest(files, prepared.originals), fields, commitMessage, title, body, ...common } };
  }
  const { request, files, summary } = prepared;
  const digest = digestFiles(files);
  return {
    kind: "publish",
    plan: {
      files,
      deletions: [],
      digest,
      tenantDigest: tenantDigest(files, prepared.originals),
      fields: requestFingerprint(request),
      commitMessage: renderCommitMessage(request, ref, digest, f.baseCommit),
      title: renderPullTitle(request),
      body: renderPullBody({
        request,
        ref,
        requestUrl: issue.htmlUrl,
        files,
        createdPaths: summary.createdPaths,
        editedPaths: summary.editedPaths,
        teamReused: summary.teamReused,
        digest,
        closingKeyword: config.gitops.closingKeyword,
      }),
      ...common,
    },
  };
}

/** The configured approvers, less the requester (GitHub refuses a review request to the author anyway), at most 15. */
function reviewersFor(config: Config, requester: string): string[] {
  const lower = requester.toLowerCase();
  return config.approvers.users.filter((u) => u.toLowerCase() !== lower).slice(0, 15);
}

/** The approver teams of the GitOps repository's organisation (GitHub can only ask those), at most 15. */
function teamReviewersFor(config: Config): string[] {
  const gitopsOwner = config.gitops.repository.split("/")[0]?.toLowerCase();
  return config.approvers.teams
    .filter((t) => t.split("/")[0]?.toLowerCase() === gitopsOwner)
    .map((t) => t.split("/")[1] ?? "")
    .filter((s) => s !== "")
    .slice(0, 15);
}
