import type { ApplicationFunction, Probot } from "probot";
import { createRuntime, describeError, type Runtime } from "./app/runtime.js";
import { HANDLED_EVENTS, routeEvent } from "./app/route-event.js";
import { issueKey } from "./github/repo-ref.js";
import { assertTrustRoots, settingsFromEnv, type Settings } from "./app/settings.js";
import type { Octokit } from "./github/octokit.js";
import { createHttpHandler } from "./observability/http-routes.js";
import { createMetrics, instrumentOctokit, type Metrics } from "./observability/metrics.js";
import { createReadiness, type Readiness } from "./observability/readiness.js";
import { assertSecureWebhookSecret } from "./server/webhook-secret.js";
import { sweep, type SweepReport } from "./reconcile/sweep.js";
import type { RunDeadline } from "./reliability/run-deadline.js";

export type { Settings } from "./app/settings.js";
export type { Metrics } from "./observability/metrics.js";

/** Options of {@link createApp}; everything defaults to what the environment says. */
export interface CreateAppOptions {
  settings?: Partial<Settings>;
  metrics?: Metrics;
  /**
   * Whether this process receives webhooks (default `true`). Only then is a weak `WEBHOOK_SECRET` refused: the
   * one-off `onboarding-bot reconcile` run serves no HTTP and never verifies a signature.
   */
  receivesWebhooks?: boolean;
  /** The deadline of one webhook-triggered run (default: 8 s without an answer from GitHub); tests inject a clock here. */
  webhookDeadline?: () => RunDeadline;
  /** How the controller pauses, e.g. while GitHub computes mergeability (default: a real timer); tests inject one. */
  sleep?: (ms: number) => Promise<void>;
  /** Receives the app's handles once Probot loaded it (tests and benchmarks drive the sweep through it). */
  onReady?: (handles: AppHandles) => void;
}

/** What {@link AppHandles.shutdown} did. */
export interface ShutdownReport {
  /** Runs that had not finished when the grace period ended; their state is in GitHub and the sweep repairs them. */
  abandoned: number;
}

/** What a loaded app exposes to its host. */
export interface AppHandles {
  runtime: Runtime;
  metrics: Metrics;
  readiness: Readiness;
  /** Runs one reconciliation sweep now; `"busy"` when a sweep of this process is still running. */
  sweep: () => Promise<SweepReport | "busy">;
  /**
   * Stops the app: `/readyz` answers 503, the periodic sweep stops and a running sweep starts no new request, then
   * waits up to `graceMs` for the runs in flight. Never rejects.
   */
  shutdown: (graceMs: number) => Promise<ShutdownReport>;
}

/**
 * Builds the onboarding-bot Probot app: subscribes to the request and pull request events, serves `/healthz`,
 * `/readyz`, `/metrics` and (with `RECONCILE_SECRET`) `POST /reconcile`, and runs the reconciliation sweep on
 * `SWEEP_INTERVAL_SECONDS` when set. Outside tests (`NODE_ENV=test`) loading it fails when `WEBHOOK_SECRET` is
 * unset, empty or Probot's public default `development`.
 */
export function createApp(options: CreateAppOptions = {}): ApplicationFunction {
  return async (app: Probot, { addHandler }) => {
    if (options.receivesWebhooks !== false) await assertSecureWebhookSecret(app.webhooks, process.env);
    const settings: Settings = { ...settingsFromEnv(process.env), ...options.settings };
    assertTrustRoots(settings, process.env);
    const metrics = options.metrics ?? createMetrics();
    const runtime = createRuntime(app, settings, metrics, {
      ...(options.webhookDeadline ? { webhookDeadline: options.webhookDeadline } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    const readiness = createReadiness({
      contact: metrics.githubContact,
      checkGitHub: async () => {
        const appOctokit = (await app.auth()) as Octokit;
        instrumentOctokit(appOctokit, metrics);
        await appOctokit.rest.apps.getAuthenticated();
      },
    });
    const stopping = new AbortController();
    let sweeping: Promise<SweepReport> | undefined;
    const runSweep = async (): Promise<SweepReport | "busy"> => {
      if (sweeping) return "busy";
      sweeping = sweep(app, runtime, metrics, app.log.child({ component: "sweep" }), {
        concurrency: settings.sweepConcurrency,
        maxWrites: settings.sweepMaxWrites,
        trust: { supportRepositories: settings.supportRepositories, gitopsRepository: settings.gitopsRepository },
        signal: stopping.signal,
        dryRun: settings.dryRun,
      });
      try {
        return await sweeping;
      } finally {
        sweeping = undefined;
      }
    };

    app.on([...HANDLED_EVENTS], async (context) => {
      try {
        const outcome = await runtime.handleEvent({
          id: context.id,
          name: `${context.name}.${(context.payload as { action?: string }).action ?? ""}`,
          payload: context.payload,
          octokit: context.octokit as unknown as Octokit,
          log: context.log,
        });
        metrics.webhookRuns.inc({ outcome: "ok" });
        const ref = routeEvent(`${context.name}.${(context.payload as { action?: string }).action ?? ""}`, context.payload);
        if (outcome !== "skipped" && outcome !== "answered" && ref.kind !== "skip") metrics.requestStates.record(issueKey(ref.ref).toLowerCase(), outcome);
      } catch (error) {
        metrics.webhookRuns.inc({ outcome: "failed" });
        throw error;
      }
    });

    addHandler?.(
      createHttpHandler({
        metrics,
        isReady: () => readiness.check(),
        ...(settings.reconcileSecret ? { reconcile: { secret: settings.reconcileSecret, run: runSweep } } : {}),
        log: app.log,
      }),
    );

    let timer: NodeJS.Timeout | undefined;
    if (settings.sweepIntervalSeconds > 0) {
      timer = setInterval(() => {
        runSweep().catch((error: unknown) => app.log.error({ err: describeError(error) }, "scheduled sweep failed"));
      }, settings.sweepIntervalSeconds * 1000);
      timer.unref();
    }

    const shutdown = async (graceMs: number): Promise<ShutdownReport> => {
      readiness.stop();
      if (timer) clearInterval(timer);
      stopping.abort();
      let graceTimer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<"timeout">((resolve) => {
        graceTimer = setTimeout(() => resolve("timeout"), graceMs);
      });
      const settled = await Promise.race([Promise.allSettled([runtime.drain(), sweeping]).then(() => "drained" as const), graceOver]);
      clearTimeout(graceTimer);
      return { abandoned: settled === "drained" ? 0 : runtime.runsInFlight() };
    };
    options.onReady?.({ runtime, metrics, readiness, sweep: runSweep, shutdown });
  };
}

/** The app as `probot run` loads it. */
export default createApp();
