import type { Config } from "../../config/schema.js";
import type { LedgerEntry } from "../../publishing/ledger.js";
import type { StatusSummary } from "../../status/render-request-status.js";
import type { OnboardingRequest, Problem } from "../../types.js";

/**
 * The plain data the pull-request planner decides from: what GitHub said (as the reader or one GraphQL observation
 * read it), the request's ledger, the configuration and what the request side hands over. No Octokit, no writer, no
 * logger: the reader's own types (`PullInfo`, `CommentInfo`, `ReviewInfo`, `CommentRevision`) fit these shapes.
 */

/** Who wrote something, as GitHub reports it. */
export interface PlanActor {
  login: string;
  type: "User" | "Bot";
}

/** The onboarding pull request as read. */
export interface PlanPull {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  /** GitHub's `mergeable`: null while GitHub is still computing it. */
  mergeable: boolean | null;
  headSha: string;
  labels: readonly string[];
  user: PlanActor;
  title: string;
}

/** A comment on the pull request, as it is now (`updatedAt` differs from `createdAt` once it was edited). */
export interface PlanComment {
  id: number;
  /** Whether the app itself wrote it (only its own comments carry trusted markers). */
  mine?: boolean;
  body: string;
  user: PlanActor;
  createdAt: string;
  updatedAt: string;
  /** GitHub's GraphQL node id: the key of its edit history in {@link PullPlanInput.revisions}. */
  nodeId?: string;
}

/** A submitted review. */
export interface PlanReview {
  id: number;
  user: PlanActor;
  state: "approved" | "changes_requested" | "commented" | "dismissed";
  submittedAt: string;
  /** The head commit the review was given on, as GitHub recorded it. */
  commitId: string | null;
}

/** One earlier version of an edited comment, from GitHub's edit history. */
export interface PlanRevision {
  body: string;
  /** When this version was written. */
  at: string;
  /** Who wrote this version, when GitHub says. */
  editor?: string;
}

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
  /**
   * Set when this run opened the pull request: it has no comments, reviews or later commits yet, so they are not
   * read (three calls saved on every onboarding); nothing can approve it before GitHub delivers a comment.
   */
  justOpened?: boolean;
}

/** Everything {@link planPull} decides from. */
export interface PullPlanInput {
  pull: PlanPull;
  /** Every comment on the pull request, oldest first (the bot's own included: they carry its reply markers). */
  comments: readonly PlanComment[];
  reviews: readonly PlanReview[];
  /** The earlier versions of each edited comment, by node id (see `editedNodeIds`). */
  revisions: ReadonlyMap<string, readonly PlanRevision[]>;
  /** The OWNERS file on the base branch: its text, or undefined when none is configured or it does not exist. */
  ownersText?: string;
  /** Members of the configured approver teams (any case). */
  teamMembers: readonly string[];
  /** The request's ledger of the bot's commits. */
  ledger: readonly LedgerEntry[];
  /** The ledger entry that vouches for the pull request's head (the bot made it), or undefined (foreign or merged). */
  vouched: LedgerEntry | undefined;
  /** Who opened the request issue. */
  requester: string;
  /** The request issue's URL, linked from the status comment. */
  requestUrl: string;
  /** Ids of the pull request comments that woke this run, each acknowledged with a reaction. */
  triggerCommentIds: readonly number[];
  config: Pick<Config, "approvers" | "merge" | "labels" | "limits">;
  facts: PullFacts;
  dryRun: boolean;
  /** Set once the shell waited for GitHub's mergeability and re-read it: the plan then never asks again. */
  mergeabilityRechecked?: boolean;
}
