import type { Logger } from "probot";
import type { Roles } from "../commands/roles.js";
import type { RefusalReply } from "../plan/refusal-replies.js";
import type { GitHubPort } from "../github/port.js";
import type { IssueRef, RepoRef } from "../github/repo-ref.js";
import type { ConfigCache, IssueHint } from "./observe-request.js";
import type { TrustRoots } from "../config/load-config.js";
import type { Metrics } from "../observability/metrics.js";

/** Settings of the running app (environment), as opposed to the per-repository configuration file. */
export interface AppSettings {
  /** Forces dry-run for every repository, whatever their configuration says (`DRY_RUN=true`). */
  dryRun: boolean;
  /** Pauses before each re-read of a pull request whose mergeability is not computed yet (default `MERGEABILITY_WAITS_MS`). */
  mergeabilityWaitsMs?: readonly number[];
}

/** A command comment that woke a run, as its webhook described it. */
export interface TriggerComment {
  id: number;
  /** Where it was posted: the request issue or the onboarding pull request. */
  on: "issue" | "pull";
  /** The issue or pull request it was posted on. */
  where: IssueRef;
  /** Its author, as the payload says. */
  author: { login: string; type: "User" | "Bot" };
  /** Its body as created. */
  body: string;
}

/** Why the controller runs: the event that woke it, or the sweep. */
export interface Trigger {
  /** `issues.edited`, `issue_comment.created`, `sweep`, ... */
  event: string;
  /**
   * The command comments that woke this run, each acknowledged with a reaction: one, or several when a burst of
   * deliveries for the request was coalesced into this one run.
   */
  comments?: readonly TriggerComment[];
  /** When the webhook arrived (ms since epoch), for the issue-to-PR latency histogram. */
  receivedAt: number;
  /**
   * What the webhook payload said about the issue (body, author, labels), when it was about the issue: lets the run
   * plan its one observation before reading anything. Never trusted as state: the observation is.
   */
  issue?: IssueHint;
}

/** What the controller needs from the outside world; webhook handlers and the sweep both build one. */
export interface ControllerDeps {
  /** GitHub as the installation of the request's repository sees it: every read and write of the request path. */
  github: GitHubPort;
  /** GitHub for another trusted repository (the GitOps repository): the same installation, or the one installed there. */
  githubFor(repo: RepoRef): Promise<GitHubPort>;
  /** Parsed configurations by blob id, kept by the app (absent: parsed on every run). */
  configCache?: ConfigCache;
  log: Logger;
  metrics: Metrics;
  settings: AppSettings;
  /**
   * Set by the controller once it knows the issue is an onboarding request (configuration loaded, label present),
   * so that an error after that point still leaves a verdict on the request, even on its very first run.
   */
  progress?: { isRequest: boolean };
  /** The app's own login (`<slug>[bot]`): only its comments carry trusted markers. A run never starts without it. */
  botLogin: string;
  /** The trust roots the operator pinned: support repositories and the one GitOps repository. */
  trust: TrustRoots;
  /** Where a run leaves what it learned about roles, so an outsider's command can be refused without a run. */
  roleCache?: RoleRecorder;
  /** How the controller pauses (default: a real timer); tests inject one that records the pauses instead of taking them. */
  sleep?: (ms: number) => Promise<void>;
}

/** What a run tells the role cache (see app/role-cache.ts): only ever used to refuse, never to allow. */
export interface RoleRecorder {
  /** The roles on the onboarding pull request `number` of `request`, its holders and its refusal replies. */
  recordPull(request: IssueRef, facts: { number: number; roles: Roles; holders: ReadonlySet<string>; replies: ReadonlyMap<string, RefusalReply>; maxLines: number }): void;
  /** The roles on the request issue and its refusal replies. */
  recordIssue(request: IssueRef, facts: { roles: Roles; replies: ReadonlyMap<string, RefusalReply>; maxLines: number }): void;
}
