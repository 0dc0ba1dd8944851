import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prefix of the app's own metrics. Node's default process metrics keep their standard names
 * (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`, ...) so stock dashboards and alerts match them.
 */
export const METRIC_PREFIX = "onboarding_";

/**
 * Buckets of `onboarding_issue_to_pr_seconds`: from 50 ms (a cached config and a small GitOps tree) to a minute
 * (GitHub slow or rate limiting).
 */
export const ISSUE_TO_PR_BUCKETS: readonly number[] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

/**
 * Every metric of one app instance, registered in its own {@link Registry} so that several apps (tests, or two apps in
 * one process) never share or collide on counters.
 */
export interface Metrics {
  registry: Registry;
  /** `onboarding_webhooks_received_total{event="issues.opened"}`: every webhook delivery the app saw. */
  webhooksReceived: Counter<"event">;
  /** `onboarding_webhooks_skipped_total{reason}`: `duplicate-delivery` | `not-onboarding` | `own-event` | `bot`. */
  webhooksSkipped: Counter<"reason">;
  /** `onboarding_requests_validated_total{outcome}`: `valid` | `invalid` | `config-error`. */
  requestsValidated: Counter<"outcome">;
  /** `onboarding_requests_rejected_total{field}`: one per problem, by form field id. */
  requestsRejected: Counter<"field">;
  /** `onboarding_pull_requests_total{action}`: `opened` | `updated` | `unchanged` | `merged` | `closed` | `held`. */
  pullRequests: Counter<"action">;
  /** `onboarding_commands_total{verb,outcome}`: outcome `accepted` | `refused` | `unknown`. */
  commands: Counter<"verb" | "outcome">;
  /** `onboarding_github_requests_total{endpoint,status}`: endpoint is the route template, e.g. `GET /repos/{owner}/{repo}/pulls`. */
  githubCalls: Counter<"endpoint" | "status">;
  /** `onboarding_github_errors_total{endpoint,status}`: the calls that failed (status 0 when no response came back). */
  githubErrors: Counter<"endpoint" | "status">;
  /** `onboarding_issue_to_pr_seconds`: from receiving a valid request to its pull request being opened or updated. */
  issueToPrSeconds: Histogram;
  /** `onboarding_reconcile_runs_total{outcome}`: reconciliation sweeps, by how they ended. */
  reconcileRuns: Counter<"outcome">;
  /** `onboarding_reconcile_items_total{kind,outcome}`: issues and pull requests a sweep looked at. */
  reconcileItems: Counter<"kind" | "outcome">;
  /** `onboarding_handlers_in_flight`: webhook handlers running now. */
  inFlight: Gauge;
  /** `onboarding_request_state_age_seconds{state}`: computed from {@link Metrics.requestStates} when scraped. */
  requestStateAge: Gauge<"state">;
  /** `onboarding_webhook_runs_total{outcome}`: webhook deliveries handled, `ok` or `failed` (the handler threw). */
  webhookRuns: Counter<"outcome">;
  /** `onboarding_github_rate_limit_remaining_ratio{resource}`: remaining / limit in GitHub's last rate-limit headers. */
  rateLimitRemaining: Gauge<"resource">;
  /** `onboarding_request_state_age_seconds{state}`: see {@link RequestStates}. */
  requestStates: RequestStates;
  /** When GitHub last answered (any HTTP status) and when a request last got no answer at all; drives `/readyz`. */
  githubContact: GitHubContact;
}

/** Outcomes after which a request needs nothing more from anyone: it leaves {@link RequestStates}. */
const FINAL_STATES = new Set(["completed", "rejected", "ignored"]);
/** How many requests {@link RequestStates} remembers; the oldest entry is dropped beyond it. */
export const MAX_TRACKED_REQUESTS = 10_000;

/**
 * The state each open request reached in its last run in this process (`opened`, `invalid`, `config-error`,
 * `blocked`, ...) and since when it has been in it. Exported as `onboarding_request_state_age_seconds{state}`: the
 * age of the oldest request in each state, which the `OnboardingRequestStuck` alert watches.
 */
export class RequestStates {
  readonly #states = new Map<string, { state: string; since: number }>();

  /** Records the outcome of a run for request `key` at `now` (ms). */
  record(key: string, state: string, now = Date.now()): void {
    const previous = this.#states.get(key);
    if (FINAL_STATES.has(state)) {
      this.#states.delete(key);
      return;
    }
    if (previous?.state === state) return;
    this.#states.delete(key);
    this.#states.set(key, { state, since: now });
    if (this.#states.size > MAX_TRACKED_REQUESTS) this.#states.delete(this.#states.keys().next().value as string);
  }

  /** The age in seconds of the oldest request in each state. */
  oldest(now = Date.now()): Map<string, number> {
    const out = new Map<string, number>();
    for (const { state, since } of this.#states.values()) out.set(state, Math.max(out.get(state) ?? 0, (now - since) / 1000));
    return out;
  }
}

/** Times (ms since the epoch) of the last answer from GitHub and of the last request that got none. */
export interface GitHubContact {
  lastAnswerAt?: number;
  lastNoAnswerAt?: number;
}

/** Options of {@link createMetrics}. */
export interface CreateMetricsOptions {
  /**
   * Also register Node's process metrics (CPU, memory, event loop lag, GC) under their standard names.
   * Default `true`; tests that build many apps may turn it off.
   */
  defaultMetrics?: boolean;
}

/** Creates a fresh registry with every app metric (and, by default, Node's process metrics) registered in it. */
export function createMetrics(options: CreateMetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics !== false) {
    collectDefaultMetrics({ register: registry });
  }
  const p = METRIC_PREFIX;
  const requestStates = new RequestStates();
  return {
    registry,
    webhooksReceived: new Counter({
      name: `${p}webhooks_received_total`,
      help: "Webhook deliveries received, by event and action.",
      labelNames: ["event"] as const,
      registers,
    }),
    webhooksSkipped: new Counter({
      name: `${p}webhooks_skipped_total`,
      help: "Webhook deliveries ignored, by reason (duplicate-delivery, not-onboarding, own-event, bot).",
      labelNames: ["reason"] as const,
      registers,
    }),
    requestsValidated: new Counter({
      name: `${p}requests_validated_total`,
      help: "Onboarding requests validated, by outcome (valid, invalid, config-error).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    requestsRejected: new Counter({
      name: `${p}requests_rejected_total`,
      help: "Problems found in onboarding requests, one per problem, by form field id.",
      labelNames: ["field"] as const,
      registers,
    }),
    pullRequests: new Counter({
      name: `${p}pull_requests_total`,
      help: "Pull request actions (opened, updated, unchanged, merged, closed, held).",
      labelNames: ["action"] as const,
      registers,
    }),
    commands: new Counter({
      name: `${p}commands_total`,
      help: "Slash commands seen, by verb and outcome (accepted, refused, unknown).",
      labelNames: ["verb", "outcome"] as const,
      registers,
    }),
    githubCalls: new Counter({
      name: `${p}github_requests_total`,
      help: "GitHub API requests, by route template and HTTP status.",
      labelNames: ["endpoint", "status"] as const,
      registers,
    }),
    githubErrors: new Counter({
      name: `${p}github_errors_total`,
      help: "Failed GitHub API requests, by route template and HTTP status (0: no response).",
      labelNames: ["endpoint", "status"] as const,
      registers,
    }),
    issueToPrSeconds: new Histogram({
      name: `${p}issue_to_pr_seconds`,
      help: "Seconds from receiving a valid onboarding request to its pull request being opened or updated.",
      buckets: [...ISSUE_TO_PR_BUCKETS],
      registers,
    }),
    reconcileRuns: new Counter({
      name: `${p}reconcile_runs_total`,
      help: "Reconciliation sweeps, by outcome.",
      labelNames: ["outcome"] as const,
      registers,
    }),
    reconcileItems: new Counter({
      name: `${p}reconcile_items_total`,
      help: "Items a reconciliation sweep looked at, by kind and outcome.",
      labelNames: ["kind", "outcome"] as const,
      registers,
    }),
    inFlight: new Gauge({
      name: `${p}handlers_in_flight`,
      help: "Webhook handlers running now.",
      registers,
    }),
    requestStateAge: new Gauge({
      name: `${p}request_state_age_seconds`,
      help: "Age of the oldest open request in each state (the outcome of its last run in this process).",
      labelNames: ["state"] as const,
      registers,
      collect() {
        this.reset();
        for (const [state, age] of requestStates.oldest()) this.set({ state }, age);
      },
    }),
    webhookRuns: new Counter({
      name: `${p}webhook_runs_total`,
      help: "Webhook deliveries handled, by outcome (ok, failed: the handler threw and the delivery was answered 500).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: `${p}github_rate_limit_remaining_ratio`,
      help: "Remaining share of the GitHub rate limit in the last response's headers, by resource (core, graphql, ...).",
      labelNames: ["resource"] as const,
      registers,
    }),
    requestStates,
    githubContact: {},
  };
}

export { endpointLabel, instrumentOctokit, octokitMetricsPlugin, type HookableOctokit } from "./instrument-octokit.js";
