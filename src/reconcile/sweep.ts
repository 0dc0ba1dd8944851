import type { Logger, Probot } from "probot";
import type { Runtime } from "../app/runtime.js";
import { describeError } from "../app/runtime.js";
import { loadConfig } from "../config/load-config.js";
import type { Octokit } from "../github/octokit.js";
import { issueKey, parseFullName, type IssueRef } from "../github/repo-ref.js";
import type { Metrics } from "../observability/metrics.js";
import { requestOfPull } from "../publishing/request-marker.js";
import { mapLimit } from "../util/map-limit.js";
import type { SweepLock } from "./lease-lock.js";

export interface SweepOptions {
  /** Requests reconciled at once. */
  concurrency: number;
  /** Writes (non-GET calls) after which the sweep starts no new request. */
  maxWrites: number;
}

export interface SweepReport {
  installations: number;
  requests: number;
  reconciled: number;
  failed: number;
  skippedForWriteCap: number;
  writes: number;
}

/**
 * The reconciliation sweep: level-triggered repair for lost webhooks. For every installation it lists the open
 * onboarding requests (issues with the request label, in every repository with a valid configuration) and the
 * open onboarding pull requests in each GitOps repository, and runs each request through the same controller the
 * webhooks use (and the same per-request queue, so it never interleaves with a webhook for that request).
 * Fan-out is bounded (`concurrency`) and a run stops starting new requests after `maxWrites` writes; whatever is
 * left converges on the next run.
 */
export async function sweep(app: Probot, runtime: Runtime, metrics: Metrics, log: Logger, options: SweepOptions): Promise<SweepReport> {
  const report: SweepReport = { installations: 0, requests: 0, reconciled: 0, failed: 0, skippedForWriteCap: 0, writes: 0 };
  const appOctokit = (await app.auth()) as Octokit;
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  for (const installation of installations) {
    report.installations++;
    const octokit = (await app.auth(installation.id)) as Octokit;
    countWrites(octokit, report);
    const refs = await listRequests(octokit, log);
    report.requests += refs.length;
    await mapLimit(refs, options.concurrency, async (ref) => {
      if (report.writes >= options.maxWrites) {
        report.skippedForWriteCap++;
        metrics.reconcileItems.inc({ kind: "request", outcome: "skipped" });
        return;
      }
      try {
        await runtime.runRequest(ref, { event: "sweep", receivedAt: Date.now() }, octokit, log.child({ installation: installation.id }));
        report.reconciled++;
        metrics.reconcileItems.inc({ kind: "request", outcome: "reconciled" });
      } catch (error) {
        report.failed++;
        metrics.reconcileItems.inc({ kind: "request", outcome: "failed" });
        log.warn({ request: issueKey(ref), err: describeError(error) }, "sweep could not reconcile a request");
      }
    });
  }
  metrics.reconcileRuns.inc({ outcome: report.failed > 0 ? "partial" : "ok" });
  log.info({ ...report }, "reconciliation sweep finished");
  return report;
}

/** Runs {@link sweep} only when `lock` can be taken, so one replica sweeps at a time. */
export async function sweepWithLock(lock: SweepLock, run: () => Promise<SweepReport>): Promise<SweepReport | "locked"> {
  if (!(await lock.tryAcquire())) return "locked";
  try {
    return await run();
  } finally {
    await lock.release();
  }
}

function countWrites(octokit: Octokit, report: SweepReport): void {
  octokit.hook.before("request", (options) => {
    if (options.method !== "GET") report.writes++;
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
