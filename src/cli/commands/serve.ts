import type { Logger } from "probot";
import type { ShutdownReport } from "../../index.js";
import { createLogger, logFormat } from "../../server/logger.js";
import { startSetupServer } from "../../server/setup-page.js";
import { SHUTDOWN_GRACE_MS, startServer, type RunningServer } from "../../server/start-server.js";
import { loadDotEnv, readAppCredentials } from "../app-credentials.js";
import { parseCommandArgs, usageError } from "../parse-command-args.js";
import { EXIT_OK, EXIT_USAGE, type CliCommand } from "../io.js";

const USAGE =
  "Usage: onboarding-bot serve\n" +
  "Runs the GitHub App: webhooks on /api/github/webhooks, /healthz, /readyz, /metrics on HOST:PORT (localhost:3000).\n" +
  "Reads .env from the working directory. Without APP_ID and PRIVATE_KEY it serves the set-up page that registers\n" +
  "the app (not with NODE_ENV=production). SIGTERM or SIGINT stops it cleanly (SHUTDOWN_GRACE_SECONDS, default 20).\n";

/** The signals that stop the server; SIGTERM is what Kubernetes and `docker stop` send. */
export const STOP_SIGNALS = ["SIGTERM", "SIGINT"] as const;

/** The slice of `process` {@link untilSignalled} uses. */
export interface SignalSource {
  once(signal: (typeof STOP_SIGNALS)[number], listener: () => void): unknown;
}

/**
 * Waits for SIGTERM or SIGINT, then shuts the server down (see {@link RunningServer.shutdown}) and resolves with
 * exit code 0, also when runs had to be abandoned: their state is in GitHub and the sweep repairs them.
 */
export function untilSignalled(server: Pick<RunningServer, "shutdown">, log: Logger, signals: SignalSource = process): Promise<{ code: number; report: ShutdownReport }> {
  return new Promise((resolve) => {
    let received = false;
    for (const signal of STOP_SIGNALS) {
      signals.once(signal, () => {
        if (received) return;
        received = true;
        log.info({ signal }, "stop signal received");
        server.shutdown().then(
          (report) => resolve({ code: EXIT_OK, report }),
          (error: unknown) => {
            log.error({ err: error }, "shutdown failed");
            resolve({ code: EXIT_OK, report: { abandoned: -1 } });
          },
        );
      });
    }
  });
}

/** `SHUTDOWN_GRACE_SECONDS` in milliseconds; a clear error for anything but 0–600 whole seconds. */
export function shutdownGraceMs(env: NodeJS.ProcessEnv): number {
  const raw = env.SHUTDOWN_GRACE_SECONDS;
  if (raw === undefined || raw === "") return SHUTDOWN_GRACE_MS;
  if (!/^\d+$/.test(raw) || Number(raw) > 600) {
    throw new Error("SHUTDOWN_GRACE_SECONDS must be a whole number of seconds from 0 to 600 (keep it below the pod's terminationGracePeriodSeconds)");
  }
  return Number(raw) * 1000;
}

/**
 * `serve`: the long-running app, as the container runs it. With credentials it runs {@link startServer} until
 * SIGTERM/SIGINT; without, Probot's set-up page (registration) until stopped.
 */
export const run: CliCommand = async (argv, io) => {
  const args = parseCommandArgs("serve", argv, io, {}, USAGE);
  if (typeof args === "number") return args;
  if (args.positionals.length > 0) return usageError("serve", io, "takes no arguments", USAGE);
  loadDotEnv(io.cwd);
  const env = process.env;
  let graceMs: number;
  try {
    graceMs = shutdownGraceMs(env);
  } catch (error) {
    return usageError("serve", io, (error as Error).message, USAGE);
  }
  const log = await createLogger({ level: env.LOG_LEVEL || "info", ...logFormat(env) });
  const port = env.PORT ? Number(env.PORT) : 3000;
  const host = env.HOST || "localhost";
  const credentials = readAppCredentials(env, io.cwd);
  if (!credentials.ok) {
    if (env.NODE_ENV === "production") {
      io.stderr.write(`onboarding-bot serve: ${credentials.problem} (NODE_ENV=production never serves the set-up page)\n`);
      return EXIT_USAGE;
    }
    const setup = await startSetupServer({ log, host, port, cwd: io.cwd, env });
    await untilSignalled({ shutdown: async () => (await setup.stop(), { abandoned: 0 }) }, log);
    return EXIT_OK;
  }
  let server: RunningServer;
  try {
    server = await startServer({
      appId: credentials.appId,
      privateKey: credentials.privateKey,
      webhookSecret: env.WEBHOOK_SECRET ?? "",
      log,
      host,
      port,
      shutdownGraceMs: graceMs,
      ...(env.GHE_HOST ? { baseUrl: `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3` } : {}),
    });
  } catch (error) {
    io.stderr.write(`onboarding-bot serve: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (env.WEBHOOK_PROXY_URL) {
    log.info(
      { proxy: env.WEBHOOK_PROXY_URL },
      `webhooks go to WEBHOOK_PROXY_URL: forward them with npx smee-client --url <WEBHOOK_PROXY_URL> --target http://localhost:${port}/api/github/webhooks`,
    );
  }
  const { code } = await untilSignalled(server, log);
  return code;
};
