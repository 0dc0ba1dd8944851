import { TRUST_SETTINGS } from "../test/helpers/world.js";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Probot, ProbotOctokit, createNodeMiddleware } from "probot";
import { createApp, type AppHandles } from "../src/index.js";
import type { Octokit } from "../src/github/octokit.js";
import { createMetrics } from "../src/observability/metrics.js";
// Each from its own module, not the harness index: that one loads nock (which intercepts every fetch once
// imported) and vitest, neither of which a deployed app has in its process.
import { createCaptureLogger, type LogRecord } from "../test/harness/capture-logger.js";
import { TestOctokit } from "../test/harness/create-test-probot.js";
import { testPrivateKey } from "../test/harness/test-key.js";

const WEBHOOK_SECRET = "bench-webhook-secret";
const WEBHOOK_PATH = "/api/github/webhooks";

/**
 * How the app's Octokit is set up: `test` has Probot's retries and throttling off (as the test suite runs it);
 * `deployed` is Probot's default `ProbotOctokit`, which `probot run` uses in production: throttling on (writes per
 * installation at most one per second, notification-triggering writes one per three seconds), retries on.
 */
export type OctokitMode = "test" | "deployed";

/** The app running behind Probot's real webhook middleware on a loopback port. */
export interface BenchApp {
  handles: AppHandles;
  /** Error-level (and worse) log lines of the app. */
  errors: LogRecord[];
  /** An Octokit authenticated as the app's installation `id` (same setup as the app's own). */
  octokit(id: number): Promise<Octokit>;
  /** Where GitHub (the simulator process) POSTs webhooks, and the secret it signs them with. */
  webhook: { url: string; secret: string };
  close(): Promise<void>;
}

/** Starts the onboarding-bot app against the simulator at `githubUrl`, serving webhooks over HTTP. */
export async function startBenchApp(githubUrl: string, mode: OctokitMode = "test"): Promise<BenchApp> {
  const errors: LogRecord[] = [];
  const { logger } = createCaptureLogger({ level: "error", records: errors });
  const probot = new Probot({
    appId: 1,
    privateKey: testPrivateKey(),
    baseUrl: githubUrl,
    secret: WEBHOOK_SECRET,
    Octokit: mode === "test" ? TestOctokit : ProbotOctokit,
    log: logger,
  });
  let handles: AppHandles | undefined;
  const appFn = createApp({
    metrics: createMetrics({ defaultMetrics: false }),
    settings: { dryRun: false, sweepIntervalSeconds: 0, ...TRUST_SETTINGS },
    onReady: (h) => {
      handles = h;
    },
  });
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: WEBHOOK_PATH });
  if (!handles) throw new Error("bench-app: the app did not start");
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  server.keepAliveTimeout = 60_000;
  // A backlog above Node's 511: the burst figure opens 1,000 webhook connections at once, and SYNs beyond the
  // backlog are dropped and retried by the kernel 1 s, 3 s, … later, which would measure TCP, not the app.
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", 4096, resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;

  return {
    handles,
    errors,
    webhook: { url, secret: WEBHOOK_SECRET },
    octokit: async (id) => (await probot.auth(id)) as unknown as Octokit,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
