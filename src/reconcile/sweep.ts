import type { Logger, Probot } from "probot";
import type { Runtime } from "../app/runtime.js";
import { describeError } from "../app/runtime.js";
import type { TrustRoots } from "../config/load-config.js";
import type { RequestOutcome } from "../controller/reconcile-request.js";
import type { Octokit } from "../github/octokit.js";
import { createGitHubPort, type GitHubPort } from "../github/port.js";
import { issueKey, sameRepo, type IssueRef, type RepoRef } from "../github/repo-ref.js";
import type { Metrics } from "../observability/metrics.js";
import { requestOfPull } from "../publishing/request-marker.js";
import { mapLimit } from "../util/map-limit.js";
import { removeLeftoverScratchBranches } from "./scratch-branches.js";

export interface SweepOptions {
  /** Requests reconciled at once. */
  concurrency: number;
  /** Writes (non-GET calls) after which the sweep starts no new request. */
  maxWrites: number;
  /** Where requests may be: the operator's trust roots. */
  trust: TrustRoots;
  /** Once aborted (the process is shutting down), the sweep starts no new request; the next sweep repairs the rest. */
  signal?: AbortSignal;
  /** Dry run: nothing is written to the GitOps repository (leftover scratch branches are only logged). */
  dryRun: boolean;
}

export interface SweepReport {
  installations: number;
  requests: number;
  reconciled: number;
  failed: number;
  skippedForWriteCap: number;
  /** The requests the write cap left for the next run (`owner/repo#n`, at most {@link MAX_LISTED_SKIPS}). */
  skipped: string[];
  writes: number;
  /** Passes over the requests (more than one when a merge moved the base branch under other ready requests). */
  passes: number;
  /** Leftover scratch branches deleted from the GitOps repository (see `scratch-branches.ts`). */
  scratchBranchesDeleted: number;
  /** Leftover scratch branches found and not deleted (dry run, write cap, shutdown): the next sweep deletes them. */
  scratchBranchesLeft: number;
}

/** How many passes one sweep makes at most over an installation's requests (see {@link sweep}). */
export const MAX_SWEEP_PASSES = 2;
/** How many skipped requests a report names. */
export const MAX_LISTED_SKIPS = 100;

/** Outcomes after which the request still has an open pull request that a moved base branch may have blocked. */
const OPEN_PULL_OUTCOMES = new Set<RequestOutcome>(["opened", "updated", "unchanged", "reopened"]);

/**
 * The reconciliation sweep: level-triggered repair for lost webhooks. Within the operator's trust roots only, it
 * lists the open onboarding requests (issues with the request label in each support repository with a valid
 * configuration) and the open onboarding pull requests of the GitOps repository that name a request of a support
 * repository, grouped by installation, and runs each request through the same controller the
 * webhooks use (and the same per-request queue, so it never interleaves with a webhook for that request).
 * Fan-out is bounded (`concurrency`) and a run stops starting new requests after `maxWrites` writes; whatever is
 * left converges on the next run.
 *
 * Requests reconciled side by side can block each other: when one merges, the base branch moves and another
 * approved pull request that was brought up to date a moment earlier now conflicts. So when a pass completed a
 * request, the requests that ended with an open pull request get a second pass, one request at a time (each is
 * brought up to date with the base the previous one left and merged if approved), within the same write cap.
 *
 * Last, within what is left of the cap, it deletes the scratch branches that updates interrupted between their two
 * documents left in the GitOps repository once their request branch is gone (one read when there are none: see
 * `scratch-branches.ts`).
 */
export async function sweep(app: Probot, runtime: Runtime, metrics: Metrics, log: Logger, options: SweepOptions): Promise<SweepReport> {
  const report: SweepReport = {
    installations: 0,
    requests: 0,
    reconciled: 0,
    failed: 0,
    skippedForWriteCap: 0,
    skipped: [],
    writes: 0,
    passes: 0,
    scratchBranchesDeleted: 0,
    scratchBranchesLeft: 0,
  };
  const { groups, gitops } = await listRequests(app, options.trust, log);
  for (const group of groups) countWrites(group.octokit, report);
  let cleanupFailed = false;
  for (const { installation, octokit, refs } of groups) {
    if (refs.length === 0) continue;
    report.installations++;
    const installationLog = log.child({ installation });
    report.requests += refs.length;
    let pending = refs;
    for (let pass = 1; pass <= MAX_SWEEP_PASSES && pending.length > 0; pass++) {
      report.passes = Math.max(report.passes, pass);
      // Later passes run one request at a time: each is brought up to date with the base the previous one merged.
      const outcomes = await mapLimit(pending, pass === 1 ? options.concurrency : 1, async (ref): Promise<RequestOutcome | "skipped" | "failed"> => {
        if (options.signal?.aborted) {
          metrics.reconcileItems.inc({ kind: "request", outcome: "skipped" });
          return "skipped";
        }
        if (report.writes >= options.maxWrites) {
          report.skippedForWriteCap++;
          if (report.skipped.length < MAX_LISTED_SKIPS) report.skipped.push(issueKey(ref));
          metrics.reconcileItems.inc({ kind: "request", outcome: "skipped" });
          return "skipped";
        }
        try {
          const result = await runtime.runRequest(ref, { event: "sweep", receivedAt: Date.now() }, octokit, installationLog);
          // A sweep's run always runs the controller ("answered" is for command comments alone): see runtime.ts.
          const outcome: RequestOutcome = result === "answered" ? "unchanged" : result;
          if (pass === 1) report.reconciled++;
          metrics.requestStates.record(issueKey(ref).toLowerCase(), outcome);
          metrics.reconcileItems.inc({ kind: "request", outcome: "reconciled" });
          return outcome;
        } catch (error) {
          report.failed++;
          metrics.reconcileItems.inc({ kind: "request", outcome: "failed" });
          installationLog.warn({ request: issueKey(ref), err: describeError(error) }, "sweep could not reconcile a request");
          return "failed";
        }
      });
      if (!outcomes.includes("completed")) break;
      pending = pending.filter((_, i) => OPEN_PULL_OUTCOMES.has(outcomes[i] as RequestOutcome));
    }
  }
  if (gitops && options.trust.gitopsRepository) {
    const repo = options.trust.gitopsRepository;
    try {
      const writer = gitops.github.writer({ dryRun: options.dryRun, gitopsRepo: repo });
      const cleanup = await removeLeftoverScratchBranches(gitops.github, writer, repo, metrics, log, {
        dryRun: options.dryRun,
        mayWrite: () => report.writes < options.maxWrites,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      report.scratchBranchesDeleted = cleanup.deleted;
      report.scratchBranchesLeft = cleanup.left;
    } catch (error) {
      cleanupFailed = true;
      metrics.reconcileItems.inc({ kind: "scratch-branch", outcome: "failed" });
      log.warn({ gitops: `${repo.owner}/${repo.repo}`, err: describeError(error) }, "sweep could not delete leftover scratch branches");
    }
  }
  metrics.reconcileRuns.inc({ outcome: report.failed > 0 || cleanupFailed ? "partial" : "ok" });
  log.info({ ...report }, "reconciliation sweep finished");
  return report;
}

/**
 * Counts the sweep's writes to repositories. Only non-GET calls under `/repos/` count: creating the installation
 * token (`POST /app/installations/{id}/access_tokens`) changes nothing on GitHub and must not eat into the cap.
 */
function countWrites(octokit: Octokit, report: SweepReport): void {
  octokit.hook.before("request", (options) => {
    if (options.method !== "GET" && String(options.url).startsWith("/repos/")) report.writes++;
  });
}

/** The open requests of each support repository's installation, with that installation's Octokit and port. */
interface InstallationRequests {
  installation: number;
  octokit: Octokit;
  github: GitHubPort;
  refs: IssueRef[];
}

/**
 * The open onboarding requests, found only where the operator's trust roots say: the open issues with the request
 * label in each support repository (with a valid configuration), and the requests named by the open onboarding pull
 * requests of the pinned GitOps repository when they name a support repository. Every other repository the app may
 * be installed on is never read. Every installation read is returned (some with no request), and the GitOps
 * repository's apart when it could be reached.
 */
async function listRequests(app: Probot, trust: TrustRoots, log: Logger): Promise<{ groups: InstallationRequests[]; gitops?: InstallationRequests }> {
  const appOctokit = (await app.auth()) as Octokit;
  const groups = new Map<number, InstallationRequests>();
  const seen = new Set<string>();
  const octokitOf = async (repo: RepoRef): Promise<InstallationRequests> => {
    const { data } = await appOctokit.rest.apps.getRepoInstallation({ owner: repo.owner, repo: repo.repo });
    let group = groups.get(data.id);
    if (!group) {
      const octokit = (await app.auth(data.id)) as Octokit;
      group = { installation: data.id, octokit, github: createGitHubPort(octokit), refs: [] };
      groups.set(data.id, group);
    }
    return group;
  };
  const add = (group: InstallationRequests, ref: IssueRef): void => {
    const key = issueKey(ref).toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    group.refs.push(ref);
  };
  const pullLabels = new Set<string>();
  for (const repo of trust.supportRepositories) {
    try {
      const group = await octokitOf(repo);
      const loaded = await group.github.loadConfig(repo, trust);
      if (!loaded.ok) continue;
      pullLabels.add(loaded.config.labels.pullRequest);
      // Onboarding requests and every change kind's (src/requests/), each found by its own label.
      for (const label of [loaded.config.labels.request, ...Object.values(loaded.config.requests).map((r) => r.label)]) {
        const issues = await group.github.listOpenLabelled(repo, label);
        for (const issue of issues) if (!issue.isPull) add(group, { ...repo, number: issue.number });
      }
    } catch (error) {
      // GitHub unreachable (no answer at all) ends the sweep; a repository GitHub refuses is skipped and logged.
      if (unanswered(error)) throw error;
      log.warn({ repository: `${repo.owner}/${repo.repo}`, err: describeError(error) }, "sweep could not list the requests of a support repository");
    }
  }
  const gitops = trust.gitopsRepository;
  let gitopsGroup: InstallationRequests | undefined;
  if (gitops !== undefined) {
    try {
      gitopsGroup = await octokitOf(gitops);
      for (const label of pullLabels) {
        const pulls = await gitopsGroup.github.listOpenLabelled(gitops, label);
        for (const pull of pulls) {
          const ref = pull.isPull ? requestOfPull(pull.body) : undefined;
          if (!ref || !trust.supportRepositories.some((r) => sameRepo(r, ref))) continue;
          const group = await octokitOf(ref);
          add(group, ref);
        }
      }
    } catch (error) {
      if (unanswered(error)) throw error;
      log.warn({ gitops: `${gitops.owner}/${gitops.repo}`, err: describeError(error) }, "sweep could not list onboarding pull requests");
    }
  }
  return { groups: [...groups.values()], ...(gitopsGroup ? { gitops: gitopsGroup } : {}) };
}

/** Whether a call failed without any answer from GitHub (DNS, refused or reset connection): Octokit has no response. */
function unanswered(error: unknown): boolean {
  return typeof error !== "object" || error === null || (error as { response?: unknown }).response === undefined;
}
