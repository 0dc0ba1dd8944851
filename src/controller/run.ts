import type { Config } from "../config/schema.js";
import type { CommentInfo, IssueInfo, PullInfo, ReviewInfo } from "../github/reader.js";
import type { GitHubPort } from "../github/port.js";
import type { IssueRef, RepoRef } from "../github/repo-ref.js";
import type { Writer } from "../github/writer.js";
import type { RequestKind } from "../requests/request-kinds.js";
import type { ControllerDeps, Trigger } from "./deps.js";
import type { ObservedApprovers } from "./observe-request.js";

/** Everything one reconcile run knows about a request, passed to the steps below. */
export interface RequestRun {
  deps: ControllerDeps;
  ref: IssueRef;
  trigger: Trigger;
  issue: IssueInfo;
  config: Config;
  gitops: RepoRef;
  /** GitHub for the GitOps repository, resolved once per run (it may be another installation's). */
  gitopsGitHub: GitHubPort;
  branch: string;
  dryRun: boolean;
  issueWriter: Writer;
  gitopsWriter: Writer;
  comments: CommentInfo[];
  /** The kind of request (absent: onboarding); a change request's completion names its kind. */
  kind?: RequestKind;
  /**
   * What the run's observation read of the request's pull request (its comments and reviews only when it read them
   * all), handed to that pull request's reconcile while nothing was written to it since.
   */
  observedPull?: { pull?: PullInfo; comments?: CommentInfo[]; reviews?: ReviewInfo[] };
  /** Who may approve, as the run's observation read it (the OWNERS file at the base commit, the approver teams). */
  observedApprovers?: ObservedApprovers;
}
