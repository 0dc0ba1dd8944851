import type { ApplicationFunction, Probot } from "probot";
import { createRuntime, describeError, type Runtime } from "./app/runtime.js";
import { HANDLED_EVENTS } from "./app/route-event.js";
import { assertTrustRoots, settingsFromEnv, type Settings } from "./app/settings.js";
import type { Octokit } from "./github/octokit.js";
import { createHttpHandler } from "./observability/http-routes.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import { leaseLockFromEnv, type SweepLock } from "./reconcile/lease-lock.js";
import { sweep, sweepWithLock, type SweepReport } from "./reconcile/sweep.js";

export type { Settings } from "./app/settings.js";
export type { Metrics } from "./observability/metrics.js";

/** Options of {@link createApp}; everything defaults to what the environment says. */
export interface CreateAppOptions {
  settings?: Partial<Settings>;
  metrics?: Metrics;
  lock?: SweepLock;
  /** Receives the app's handles once Probot loaded it (tests and benchmarks drive the sweep through it). */
  onReady?: (handles: AppHandles) => void;
}

/** What a loaded app exposes to its host. */
export interface AppHandles {
  runtime: Runtime;
  metrics: Metrics;
  /** Runs one reconciliation sweep now (when this replica holds the sweep lock). */
  sweep: () => Promise<SweepReport | "locked">;
}

/**
 * Builds the onboarding-bot Probot app: subscribes to the request and pull request events, serves `/healthz`,
 * `/readyz`, `/metrics` and (with `RECONCILE_SECRET`) `POST /reconcile`, and runs the reconciliation sweep on
 * `SWEEP_INTERVAL_SECONDS` when set.
 */
export function createApp(options: CreateAppOptions = {}): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    const settings: Settings = { ...settingsFromEnv(process.env), ...options.settings };
    assertTrustRoots(settings, process.env);
    const metrics = options.metrics ?? createMetrics();
    const runtime = createRuntime(app, settings, metrics);
    const lock = options.lock ?? leaseLockFromEnv(process.env);
    const runSweep = () =>
      sweepWithLock(lock, () =>
        sweep(app, runtime, metrics, app.log.child({ component: "sweep" }), {
          concurrency: settings.sweepConcurrency,
          maxWrites: settings.sweepMaxWrites,
          trust: { supportRepositories: settings.supportRepositories, gitopsRepository: settings.gitopsRepository },
        }),
      );

    app.on([...HANDLED_EVENTS], async (context) => {
      await runtime.handleEvent({
        id: context.id,
        name: `${context.name}.${(context.payload as { action?: string }).action ?? ""}`,
        payload: context.payload,
        octokit: context.octokit as unknown as Octokit,
        log: context.log,
      });
    });

    addHandler?.(
      createHttpHandler({
        metrics,
        isReady: () => true,
        ...(settings.reconcileSecret ? { reconcile: { secret: settings.reconcileSecret, run: runSweep } } : {}),
        log: app.log,
      }),
    );

    if (settings.sweepIntervalSeconds > 0) {
      const timer = setInterval(() => {
        runSweep().catch((error: unknown) => app.log.error({ err: describeError(error) }, "scheduled sweep failed"));
      }, settings.sweepIntervalSeconds * 1000);
      timer.unref();
    }
    options.onReady?.({ runtime, metrics, sweep: runSweep });
  };
}

/** The app as `probot run` loads it. */
export default createApp();
