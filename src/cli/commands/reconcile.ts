import { assertTrustRoots, settingsFromEnv } from "../../app/settings.js";
import { Probot, type Logger, type ProbotOctokit } from "probot";
import { createApp, type AppHandles } from "../../index.js";
import type { SweepReport } from "../../reconcile/sweep.js";
import { createLogger, logFormat } from "../../server/logger.js";
import { loadDotEnv, readAppCredentials } from "../app-credentials.js";
import { parseCommandArgs, usageError } from "../parse-command-args.js";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from "../io.js";

const USAGE = "Usage: onboarding-bot reconcile [--base-url URL] [--dry-run]\n" +
  "Runs one reconciliation sweep over the open requests of SUPPORT_REPOSITORIES and the onboarding pull requests of GITOPS_REPOSITORY, then exits.\n" +
  "Credentials come from the environment (or .env in the working directory): APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH).\n" +
  "Exit codes: 0 swept, 1 some request could not be reconciled, 2 usage error, 3 the sweep could not run (GitHub unreachable).\n";

/**
 * `reconcile`: one sweep by hand, for when webhooks were lost (the app was down, GitHub gave up). Uses the same
 * controller and the same rules as the running app; safe to run while the app runs (every step is idempotent).
 * Prints the sweep's report as JSON; exits 1 when some request could not be reconciled, 2 on usage errors, 3 with
 * one line on stderr when the sweep could not run (GitHub unreachable or refusing the credentials).
 */
export const run: CliCommand = (argv, io) => reconcileCommand()(argv, io);

/**
 * The `reconcile` command with a given Octokit class (default Probot's, which retries and throttles); tests pass one
 * without retries so that an unreachable GitHub fails at once instead of after the retry back-off.
 */
export function reconcileCommand(options: Pick<ReconcileOnceOptions, "Octokit"> = {}): CliCommand {
  return (argv, io) => runReconcile(argv, io, options);
}

async function runReconcile(argv: string[], io: CliIO, options: Pick<ReconcileOnceOptions, "Octokit">): Promise<number> {
  const args = parseCommandArgs("reconcile", argv, io, { "base-url": { type: "string" }, "dry-run": { type: "boolean" } }, USAGE);
  if (typeof args === "number") return args;
  const values = args.values as { "base-url"?: string; "dry-run"?: boolean };
  if (args.positionals.length > 0) return usageError("reconcile", io, "takes no file arguments", USAGE);
  loadDotEnv(io.cwd);
  const env = process.env;
  const credentials = readAppCredentials(env, io.cwd);
  if (!credentials.ok) {
    io.stderr.write(`onboarding-bot reconcile: ${credentials.problem}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { appId, privateKey } = credentials;
  // The trust roots are checked before anything reaches GitHub: a missing one is a usage error, not an outage.
  try {
    assertTrustRoots(settingsFromEnv(env), { ...env, NODE_ENV: "production" });
  } catch (error) {
    io.stderr.write(`onboarding-bot reconcile: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const baseUrl = values["base-url"] ?? (env.GHE_HOST ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3` : undefined);
  let report: SweepReport | "busy";
  try {
    report = await reconcileOnce({
      appId,
      privateKey,
      ...(baseUrl ? { baseUrl } : {}),
      dryRun: values["dry-run"] === true,
      cwd: io.cwd,
      ...(options.Octokit ? { Octokit: options.Octokit } : {}),
    });
  } catch (error) {
    io.stderr.write(`onboarding-bot reconcile: ${describeSweepFailure(error, baseUrl ?? "https://api.github.com")}\n`);
    return EXIT_FAILED;
  }
  io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report !== "busy" && report.failed > 0 ? EXIT_INVALID : EXIT_OK;
}

/** Exit code when the sweep could not run at all (GitHub unreachable, credentials refused). */
export const EXIT_FAILED = 3;

/**
 * One line for a sweep that could not run: GitHub unreachable (DNS, TLS, refused or reset connection) or an HTTP
 * error from GitHub, with what to check. Never a stack trace, never a request or its headers.
 */
export function describeSweepFailure(error: unknown, apiUrl: string): string {
  const status = (error as { status?: unknown }).status;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const message = error instanceof Error ? error.message.split("\n")[0]?.slice(0, 200) : String(error).slice(0, 200);
  if (status === 401) return `GitHub refused the app's credentials (401): check APP_ID and PRIVATE_KEY`;
  if (typeof status === "number" && status > 0 && status !== 500) return `GitHub answered ${status} (${message}); the sweep did not run`;
  const reason = code ?? message ?? "no answer";
  return `GitHub is unreachable at ${apiUrl} (${reason}); the sweep did not run. Check the network and GHE_HOST, then run it again`;
}

/** Options of {@link reconcileOnce}. */
export interface ReconcileOnceOptions {
  appId: string;
  privateKey: string;
  baseUrl?: string;
  dryRun: boolean;
  cwd: string;
  /** Octokit class (tests pass one without retry and throttling). */
  Octokit?: typeof ProbotOctokit;
  log?: Logger;
}

/** Loads the app without an HTTP server and runs one sweep with it. */
export async function reconcileOnce(options: ReconcileOnceOptions): Promise<SweepReport | "busy"> {
  const probot = new Probot({
    appId: options.appId,
    privateKey: options.privateKey,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.Octokit ? { Octokit: options.Octokit } : {}),
    // Logs go to stderr: stdout carries the report.
    log: options.log ?? (await createLogger({ level: process.env.LOG_LEVEL || "info", destination: process.stderr, ...logFormat(process.env) })),
  });
  let handles: AppHandles | undefined;
  await probot.load(
    createApp({
      settings: { sweepIntervalSeconds: 0, ...(options.dryRun ? { dryRun: true } : {}) },
      // A one-off sweep serves no HTTP: it never verifies a webhook signature, so it needs no WEBHOOK_SECRET.
      receivesWebhooks: false,
      onReady: (h) => (handles = h),
    }),
    // No HTTP server in a one-off run: the app's routes are not registered.
    { cwd: options.cwd, addHandler: () => undefined },
  );
  if (!handles) throw new Error("reconcile: the app did not start");
  return handles.sweep();
}
