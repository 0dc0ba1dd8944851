import type { Logger, Probot } from "probot";
import type { Runtime } from "../app/runtime.js";
import { describeError } from "../app/runtime.js";
import { loadConfig } from "../config/load-config.js";
import type { RequestOutcome } from "../controller/reconcile-request.js";
import type { Octokit } from "../github/octokit.js";
import { issueKey, parseFullName, type IssueRef } from "../github/repo-ref.js";
import type { Metrics } from "../observability/metrics.js";
import { requestOfPull } from "../publishing/request-marker.js";
import { mapLimit } from "../util/map-limit.js";

export interface SweepOptions {
  /** Requests reconciled at once. */
  concurrency: number;
  /** Writes (non-GET calls) after which the sweep starts no new request. */
  maxWrites: number;
  /** Once aborted (the process is shutting down), the sweep starts no new request; the next sweep repairs the rest. */
  signal?: AbortSignal;
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
}

/** How many passes one sweep makes at most over an installation's requests (see {@link sweep}). */
export const MAX_SWEEP_PASSES = 2;
/** How many skipped requests a report names. */
export const MAX_LISTED_SKIPS = 100;

/** Outcomes after which the request still has an open pull request that a moved base branch may have blocked. */
const OPEN_PULL_OUTCOMES = new Set<RequestOutcome>(["opened", "updated", "unchanged", "reopened"]);

/**
 * The reconciliation sweep: level-triggered repair for lost webhooks. For every installation it lists the open
 * onboarding requests (issues with the request label, in every repository with a valid configuration) and the
 * open onboarding pull requests in each GitOps repository, and runs each request through the same controller the
 * webhooks use (and the same per-request queue, so it never interleaves with a webhook for that request).
 * Fan-out is bounded (`concurrency`) and a run stops starting new requests after `maxWrites` writes; whatever is
 * left converges on the next run.
 *
 * Requests reconciled side by side can block each other: when one merges, the base branch moves and another
 * approved pull request that was brought up to date a moment earlier now conflicts. So when a pass completed a
 * request, the requests that ended with an open pull request get a second pass, one request at a time (each is
 * brought up to date with the base the previous one left and merged if approved), within the same write cap.
 */
export async function sweep(app: Probot, runtime: Runtime, metrics: Metrics, log: Logger, options: SweepOptions): Promise<SweepReport> {
  const report: SweepReport = { installations: 0, requests: 0, reconciled: 0, failed: 0, skippedForWriteCap: 0, skipped: [], writes: 0, passes: 0 };
  const appOctokit = (await app.auth()) as Octokit;
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  for (const installation of installations) {
    report.installations++;
    const octokit = (await app.auth(installation.id)) as Octokit;
    countWrites(octokit, report);
    const installationLog = log.child({ installation: installation.id });
    const refs = await listRequests(octokit, installationLog);
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
          const outcome = await runtime.runRequest(ref, { event: "sweep", receivedAt: Date.now() }, octokit, installationLog);
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
  metrics.reconcileRuns.inc({ outcome: report.failed > 0 ? "partial" : "ok" });
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

/** Open onboarding requests of one installation, from its issues and from its GitOps repositories' open PRs. */
async function listRequests(octokit: Octokit, log: Logger): Promise<IssueRef[]> {
  const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
  const found = new Map<string, IssueRef>();
  const gitopsRepos = new Map<string, string>();
  await mapLimit(repos, 4, async (repository) => {
    const repo = { owner: repository.owner.login, repo: repository.name };
    const loaded = await loadConfig(octokit, repo);
    if (!loaded.ok) return;
    gitopsRepos.set(loaded.config.gitops.repository.toLowerCase(), loaded.config.labels.pullRequest);
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: "open",
      labels: loaded.config.labels.request,
      per_page: 100,
    });
    for (const issue of issues) {
      if (issue.pull_request) continue;
      const ref = { ...repo, number: issue.number };
      found.set(issueKey(ref).toLowerCase(), ref);
    }
  });
  await mapLimit([...gitopsRepos], 4, async ([fullName, label]) => {
    const gitops = parseFullName(fullName);
    try {
      const pulls = await octokit.paginate(octokit.rest.issues.listForRepo, { ...gitops, state: "open", labels: label, per_page: 100 });
      for (const pull of pulls) {
        const ref = pull.pull_request ? requestOfPull(pull.body) : undefined;
        if (ref) found.set(issueKey(ref).toLowerCase(), ref);
      }
    } catch (error) {
      log.warn({ gitops: fullName, err: describeError(error) }, "sweep could not list onboarding pull requests");
    }
  });
  return [...found.values()];
}
