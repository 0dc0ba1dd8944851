import { Probot, ProbotOctokit, type ApplicationFunction, type Logger } from "probot";
import type { GitHubSimulator } from "../simulator/index.js";
import { createCaptureLogger, type LogLevelName, type LogRecord } from "./capture-logger.js";
import { testPrivateKey } from "./test-key.js";

/**
 * ProbotOctokit with retries and throttling off. The function form of `defaults` is required: Probot passes its
 * own `throttle` instance option, which would replace an object-form default (see stack-notes).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Octokit's instance options are loosely typed
export const TestOctokit = ProbotOctokit.defaults((instanceOptions: any) => ({
  ...instanceOptions,
  retry: { ...instanceOptions.retry, enabled: false },
  throttle: { ...instanceOptions.throttle, enabled: false },
}));

/** Options of {@link createTestProbot}. */
export interface TestProbotOptions {
  /** The app id (default 1). */
  appId?: number;
  /** A pino-compatible logger to use instead of the silent default. */
  log?: Logger;
  /** Capture log lines into this array (ignored when `log` is given). */
  logRecords?: LogRecord[];
  /** Level for captured logs (default `info` when `logRecords` is given, else `silent`). */
  logLevel?: LogLevelName;
}

const loading = new WeakMap<Probot, Promise<void>>();

/**
 * A Probot 14 instance wired to the simulator: generated private key, `baseUrl: sim.url`, no retries or
 * throttling, silent logs unless asked. `appFn` is loaded right away; {@link probotReady} (and `deliver`) wait for it.
 */
export function createTestProbot(sim: GitHubSimulator, appFn: ApplicationFunction, opts: TestProbotOptions = {}): Probot {
  const log =
    opts.log ??
    createCaptureLogger({
      level: opts.logLevel ?? (opts.logRecords ? "info" : "silent"),
      ...(opts.logRecords ? { records: opts.logRecords } : {}),
    }).logger;
  const probot = new Probot({
    appId: opts.appId ?? 1,
    privateKey: testPrivateKey(),
    baseUrl: sim.url,
    Octokit: TestOctokit,
    log,
  });
  const loaded = probot.load(appFn, { cwd: process.cwd(), addHandler: () => undefined });
  loaded.catch(() => undefined);
  loading.set(probot, loaded);
  return probot;
}

/** Resolves once the app function given to {@link createTestProbot} has been loaded (rejects if it threw). */
export async function probotReady(probot: Probot): Promise<void> {
  await (loading.get(probot) ?? probot.ready());
}
