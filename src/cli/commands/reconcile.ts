import { readFile } from "node:fs/promises";
import { Probot, type Logger, type ProbotOctokit } from "probot";
import { createApp, type AppHandles } from "../../index.js";
import { createInProcessLock } from "../../reconcile/lease-lock.js";
import type { SweepReport } from "../../reconcile/sweep.js";
import { parseCommandArgs, usageError } from "../parse-command-args.js";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CliCommand } from "../io.js";

const USAGE = "Usage: onboarding-bot reconcile [--base-url URL] [--dry-run]\n" +
  "Runs one reconciliation sweep over every installation of the GitHub App, then exits.\n" +
  "Credentials come from the environment: APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH).\n";

/**
 * `reconcile`: one sweep by hand, for when webhooks were lost (the app was down, GitHub gave up). Uses the same
 * controller and the same rules as the running app; safe to run while the app runs (every step is idempotent).
 * Prints the sweep's report as JSON; exits 1 when some request could not be reconciled, 2 on usage errors.
 */
export const run: CliCommand = async (argv, io) => {
  const args = parseCommandArgs("reconcile", argv, io, { "base-url": { type: "string" }, "dry-run": { type: "boolean" } }, USAGE);
  if (typeof args === "number") return args;
  const values = args.values as { "base-url"?: string; "dry-run"?: boolean };
  if (args.positionals.length > 0) return usageError("reconcile", io, "takes no file arguments", USAGE);
  const env = process.env;
  const appId = env.APP_ID;
  let privateKey = env.PRIVATE_KEY;
  if (!privateKey && env.PRIVATE_KEY_PATH) {
    try {
      privateKey = await readFile(env.PRIVATE_KEY_PATH, "utf8");
    } catch {
      io.stderr.write("onboarding-bot reconcile: PRIVATE_KEY_PATH cannot be read\n");
      return EXIT_USAGE;
    }
  }
  if (!appId || !privateKey) {
    io.stderr.write(`onboarding-bot reconcile: APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) must be set\n${USAGE}`);
    return EXIT_USAGE;
  }
  const baseUrl = values["base-url"] ?? (env.GHE_HOST ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3` : undefined);
  const report = await reconcileOnce({
    appId,
    privateKey,
    ...(baseUrl ? { baseUrl } : {}),
    dryRun: values["dry-run"] === true,
    cwd: io.cwd,
  });
  io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report !== "locked" && report.failed > 0 ? EXIT_INVALID : EXIT_OK;
};

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
export async function reconcileOnce(options: ReconcileOnceOptions): Promise<SweepReport | "locked"> {
  const probot = new Probot({
    appId: options.appId,
    privateKey: options.privateKey,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.Octokit ? { Octokit: options.Octokit } : {}),
    ...(options.log ? { log: options.log } : { logLevel: (process.env.LOG_LEVEL as "info" | undefined) ?? "info" }),
  });
  let handles: AppHandles | undefined;
  await probot.load(
    createApp({
      settings: { sweepIntervalSeconds: 0, ...(options.dryRun ? { dryRun: true } : {}) },
      lock: createInProcessLock(),
      onReady: (h) => (handles = h),
    }),
    // No HTTP server in a one-off run: the app's routes are not registered.
    { cwd: options.cwd, addHandler: () => undefined },
  );
  if (!handles) throw new Error("reconcile: the app did not start");
  return handles.sweep();
}
